/**
 * Benchmark of the hub's maintained model (lib/k8s/hub-model.ts, lib/topology/live-model.ts)
 * against the path the routes took before it, in the same process on the same cache:
 *   node --conditions=react-server --import tsx bench/diagnosis-route.ts [--pods N] [--quick]
 *   (npm run bench:model; default N = 150000, synthetic records: lib/topology/testing/synthetic.ts)
 * Prints, wall-clock milliseconds with the load average beside them:
 *   - baseline: one Service's diagnosis as `/api/services/<ns>/<name>/diagnosis` made it before —
 *     the cache's snapshot, `visibleSnapshot(EVERYTHING, …)`, a fresh `createDiagnosisContext`
 *     (a whole SnapshotIndex), `diagnoseService` — p50/p95 over different Services;
 *   - the model: `findService` + `diagnose` of a Service whose answer is not memoised (the first
 *     question after a change touched it: its answer is recomputed) and of one that is, p50/p95,
 *     with the ratio of the p95s;
 *   - the cost of applying a one-pod change batch (a readiness flip, through the cache as a watch
 *     event delivers it) to the model, p50/p95, and how many Services it left to recompute;
 *   - the External Service form's internal-address check: the cluster requests one preview
 *     makes with a live hub (from the cache) and without (the LIST fallback), and the time of
 *     its check of 10 addresses, each preview after a pod's IP changed: the hub's address index
 *     against the facts rebuilt from every cached record and scanned per address (the hub's way
 *     before the index), p50/p95, with the ratio of the p95s and whether both named the same
 *     owners.
 * The model is built once first (what the first question after start pays), timed as well.
 */
import { loadavg } from 'node:os';
import { EVERYTHING, visibleSnapshot } from '../lib/access/scope';
import { ClusterCache } from '../lib/k8s/cache';
import { modelOf } from '../lib/k8s/hub-model';
import { createDiagnosisContext, diagnoseService } from '../lib/topology/diagnosis';
import type { PodRecord, ServiceRecord, SlimRecord } from '../lib/topology/records';
import { syntheticSnapshot } from '../lib/topology/testing/synthetic';
import type { KubeSend } from '../lib/k8s/write/client';
import { loadWriteFacts } from '../lib/k8s/write/facts';
import type { WatchLoopState } from '../lib/k8s/watch-loop';
import { factsFromHub } from '../lib/k8s/write/hub-facts';
import { internalTargetsOf } from '../lib/k8s/write/fact-sources';
import { sourcesFromCache } from '../lib/k8s/write/testing/sources-from-cache';
import {
  checkAddress,
  inCidr,
  parseIp,
  sameIp,
  type InternalAddresses,
} from '../lib/topology/validation';
import { median, percentile } from './tools/stats';

const argValue = (flag: string) => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const QUICK = process.argv.includes('--quick');
const PODS = Number(argValue('--pods') ?? 150000);
const BASELINE_SAMPLES = QUICK ? 10 : 40;
const MODEL_SAMPLES = QUICK ? 200 : 2000;
const CHANGES = QUICK ? 200 : 2000;
const PREVIEWS = QUICK ? 20 : 100;
/** Addresses in one preview: half pod IPs and ClusterIPs, half outside the cluster. */
const ADDRESSES = 10;

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(3));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function report(label: string, samples: number[]): number {
  const p95 = percentile(samples, 95);
  console.log(
    `  ${label.padEnd(58)} p50 ${fmt(median(samples)).padStart(8)} ms   p95 ${fmt(p95).padStart(8)} ms   (n=${samples.length})`,
  );
  return p95;
}

/** Deterministic picks, so two runs ask about the same Services. */
function spread<T>(items: readonly T[], n: number, offset = 0): T[] {
  const out: T[] = [];
  const stride = Math.max(1, Math.floor(items.length / n));
  for (let i = 0; i < n && i * stride < items.length; i++)
    out.push(items[(i * stride + offset) % items.length]!);
  return out;
}

async function main(): Promise<void> {
  const snapshot = syntheticSnapshot({ pods: PODS });
  const records: SlimRecord[] = Object.entries(snapshot).flatMap(([, v]) =>
    Array.isArray(v) ? (v as SlimRecord[]) : [],
  );
  console.log(
    `large:${PODS}: ${snapshot.pods.length} pods, ${snapshot.services.length} Services, ` +
      `${snapshot.endpointSlices.length} EndpointSlices, ${snapshot.namespaces.length} namespaces; load ${load()}`,
  );
  const cache = new ClusterCache();
  const byKind = new Map<SlimRecord['kind'], SlimRecord[]>();
  for (const r of records) {
    const list = byKind.get(r.kind);
    if (list) list.push(r);
    else byKind.set(r.kind, [r]);
  }
  for (const [kind, list] of byKind) cache.replace(kind, list);
  const services = cache.list('Service').filter((s) => s.type !== 'ExternalName');

  const heap0 = process.memoryUsage().heapUsed;
  const buildMs = timed(() => modelOf(cache));
  const model = modelOf(cache);
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  console.log(
    `  model made from the cache (first use)                      ${fmt(buildMs)} ms, heap +${heapMb.toFixed(0)} MiB`,
  );

  console.log(`diagnosis of one Service (load ${load()})`);
  const baseline: number[] = [];
  for (const svc of spread(services, BASELINE_SAMPLES, 7)) {
    baseline.push(
      timed(() => {
        const context = createDiagnosisContext(visibleSnapshot(EVERYTHING, cache.snapshot()));
        diagnoseService(svc, context);
      }),
    );
  }
  const baseP95 = report('baseline: fresh snapshot + index per request', baseline);
  const find = (svc: ServiceRecord) => model.service(svc.meta.namespace, svc.meta.name)!;
  const cold: number[] = [];
  const picked = spread(services, MODEL_SAMPLES, 3);
  for (const svc of picked) cold.push(timed(() => model.diagnose(find(svc))));
  const coldP95 = report('model, answer recomputed (first ask after a change)', cold);
  const warm: number[] = [];
  for (const svc of picked) warm.push(timed(() => model.diagnose(find(svc))));
  const warmP95 = report('model, answer memoised', warm);
  console.log(
    `  ratio of p95s: baseline / recomputed ${(baseP95 / coldP95).toFixed(0)}×, baseline / memoised ${(baseP95 / warmP95).toFixed(0)}×`,
  );

  console.log(`one-pod change batch applied to the model (load ${load()})`);
  const fullMs = timed(() => model.topologyWithDiagnoses());
  console.log(
    `  the whole map from the model, every answer computed         ${fmt(fullMs)} ms (once)`,
  );
  const pods = spread(cache.list('Pod'), CHANGES, 11) as PodRecord[];
  const applyMs: number[] = [];
  const pending: number[] = [];
  let rv = 1;
  for (const pod of pods) {
    const current = cache.get('Pod', pod.meta.uid) as PodRecord;
    const flipped: PodRecord = {
      ...current,
      ready: !current.ready,
      meta: { ...current.meta, resourceVersion: `bench-${rv++}` },
    };
    applyMs.push(timed(() => cache.apply('MODIFIED', flipped)));
    const left = model.pendingServices();
    pending.push(left.length);
    // Ask again, so the next change starts from a model with nothing pending.
    for (const svc of left) model.diagnose(svc);
  }
  report('readiness flip: cache event → model edited', applyMs);
  console.log(
    `  Services left to recompute per change: p50 ${median(pending)}, max ${Math.max(...pending)} (of ${services.length})`,
  );

  console.log(`External Service form preview: cluster requests (load ${load()})`);
  // The requests are counted, not served: every LIST answers one empty page.
  const paths: string[] = [];
  const send: KubeSend = async (request) => {
    paths.push(request.path.split('?')[0]!);
    return { status: 200, body: { items: [] } };
  };
  const live = new Map(
    (['Namespace', 'Service', 'Pod', 'Node', 'Endpoints'] as const).map((kind) => [
      kind,
      { phase: 'watching', synced: true, listed: 0 } as WatchLoopState,
    ]),
  );
  const liveHub = { cache, watchStates: () => live };
  const reconnecting = {
    cache,
    watchStates: () =>
      new Map([...live].map(([k, st]) => [k, { ...st, phase: 'backoff' } as WatchLoopState])),
  };
  const preview = async (hub: Parameters<typeof factsFromHub>[0]) => {
    const before = paths.length;
    const ms = performance.now();
    await loadWriteFacts({
      send,
      readOnly: false,
      cachedFacts: (facts, options) => factsFromHub(hub, facts, options),
    });
    const made = paths.slice(before);
    const lists = made.filter((p) => !p.endsWith('/endpoints/kubernetes'));
    return { lists: lists.length, requests: made.length, ms: performance.now() - ms, made };
  };
  // Collected before and after (the script runs with --expose-gc): the index's retained heap,
  // and a first preview not timed with the earlier sections' garbage.
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const first = await preview(liveHub);
  gc();
  const indexMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const second = await preview(liveHub);
  const fallback = await preview(reconnecting);
  console.log(
    `  live synced hub, first preview:  ${first.lists} LIST (${first.made.join(', ')}), facts ready in ${fmt(first.ms)} ms (the address index made on first use; retained heap +${indexMb.toFixed(0)} MiB)`,
  );
  console.log(
    `  live synced hub, next previews:  ${second.lists} LISTs, ${second.requests} requests, facts ready in ${fmt(second.ms)} ms`,
  );
  console.log(
    `  hub not live (fallback):         ${fallback.lists} LISTs, ${fallback.requests} requests (${fallback.made.join(', ')})`,
  );

  await checkAddresses(cache, liveHub, send);
}

/**
 * The form's internal-address check of a preview with ADDRESSES addresses, each preview after a
 * pod's IP changed: the facts from the hub's address index (lib/k8s/write/address-index.ts)
 * against the way the hub answered before it — the facts rebuilt from every cached record per
 * preview, then scanned target by target for each address. Both must name the same owners.
 */
async function checkAddresses(
  cache: ClusterCache,
  liveHub: Parameters<typeof factsFromHub>[0],
  send: KubeSend,
): Promise<void> {
  console.log(
    `External Service form preview: the check of ${ADDRESSES} addresses after a pod's IP changed (load ${load()})`,
  );
  const cidrs = [{ ref: 'kubernetes', cidrs: ['10.96.0.0/12'] }];
  const podsToMove = spread(cache.list('Pod'), PREVIEWS + BASELINE_SAMPLES, 5) as PodRecord[];
  const askedPods = spread(cache.list('Pod'), ADDRESSES / 2, 2) as PodRecord[];
  const addresses = [
    ...askedPods.map((p) => p.podIP!),
    ...spread(cache.list('Service'), 2, 1).map((s) => s.clusterIP!),
    ...Array.from({ length: ADDRESSES / 2 - 2 }, (_, i) => `203.0.113.${i + 1}`),
  ];
  let moved = 0;
  const moveAPod = () => {
    const pod = cache.get('Pod', podsToMove[moved++ % podsToMove.length]!.meta.uid) as PodRecord;
    const ip = `10.${200 + (moved % 50)}.${moved >> 8}.${moved & 255}`;
    cache.apply('MODIFIED', {
      ...pod,
      podIP: ip,
      podIPs: [ip],
      meta: { ...pod.meta, resourceVersion: `bench-ip-${moved}` },
    });
  };
  const messages = (internal: InternalAddresses) =>
    addresses.map((text) => checkAddress(text, internal).problems[0]?.message ?? 'none');
  const before = (): string[] => {
    const targets = internalTargetsOf(sourcesFromCache(cache, cidrs), true);
    return messages({
      find: (ip) =>
        targets.find((t) => {
          if (t.address.includes('/')) return inCidr(ip, t.address);
          const other = parseIp(t.address);
          return other !== undefined && sameIp(ip, other);
        }),
    });
  };
  const ours = async (): Promise<string[]> =>
    messages((await factsFromHub(liveHub, send, { names: true }))!.internal);
  const baseline: number[] = [];
  for (let i = 0; i < BASELINE_SAMPLES; i++) {
    moveAPod();
    baseline.push(timed(before));
  }
  const baseP95 = report('baseline: facts rebuilt and scanned per preview', baseline);
  const kept: number[] = [];
  let agreed = 0;
  for (let i = 0; i < PREVIEWS; i++) {
    moveAPod();
    const t = performance.now();
    const found = await ours();
    kept.push(performance.now() - t);
    if (JSON.stringify(found) === JSON.stringify(before())) agreed++;
  }
  const keptP95 = report('address index kept as records change', kept);
  console.log(
    `  ratio of p95s: baseline / index ${(baseP95 / keptP95).toFixed(0)}×; same owners named in ${agreed}/${PREVIEWS} previews (${addresses.length - ADDRESSES / 2 + 2} of ${addresses.length} addresses inside the cluster)`,
  );
}

void main();
