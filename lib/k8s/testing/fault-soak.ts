/**
 * The fault soak: the real hub (every watched kind) reaches an embedded cluster through a fault
 * proxy; random schedules (lib/k8s/testing/fault-schedule.ts) drop, expire (410), hang, slow,
 * stop and replace it while objects change, and after each schedule the hub must say live and
 * its cache must equal a fresh LIST of every kind, with no spurious update.
 *
 * Contract: a spurious update is an upsert or delete the cache emitted for an object whose
 * content did not change over the schedule (same uid and resourceVersion before and after), or
 * an upsert repeating the resourceVersion it last emitted for that uid. Convergence time runs
 * from the moment the last fault is lifted (proxy forwarding again, the new cluster listening)
 * to the first check that passes. Timers are the watch loop's own options, shortened; shipped
 * code has no hook for this. Test support only (the soak test and `bench/fault-soak.ts`).
 */
// eslint-disable-next-line no-restricted-imports -- the soak starts the cluster; the hub reaches it over HTTP only
import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import { errorMessage } from '../../error-message';
import { opsMetrics } from '../../ops/metrics';
import { Hub } from '../hub';
import { WATCHED_KINDS } from '../kinds';
import { createKubeTransport, readBody, type KubeTransport } from '../transport';
import type { WatchLoopOptions } from '../watch-loop';
import type { SlimRecord } from '../../topology/records';
import {
  describeSchedule,
  scheduleRandom,
  type FaultKind,
  type FaultSchedule,
  type FaultStep,
} from './fault-schedule';
import { kubeConfigFor, sameVersions, sleep, versions, waitFor } from './helpers';
import { TcpProxy } from './tcp-proxy';

const TOKEN = 'fault-soak-token';
const NS = 'soak';

type KubeObject = Parameters<RunningEmulator['store']['create']>[1];
type Store = RunningEmulator['store'];

/** The soak's clock: short enough for ~50 schedules a minute, in the loop's ordinary options. */
export const SOAK_TIMING = {
  /** The watch ends every second and resumes from its resourceVersion (where 410s come from). */
  loop: {
    backoff: { initialMs: 20, maxMs: 300 },
    minWatchMs: 0,
    watchTimeoutSeconds: [1, 2],
    quietProbeMs: 1_500,
    hangTimeoutMs: 6_000,
  } satisfies Partial<WatchLoopOptions<SlimRecord>>,
  /**
   * The liveness check's and identity check's timeout (production waits 10 s): long enough for
   * a machine under heavy load to answer, short enough to keep the hang cases a few seconds long.
   */
  pingTimeoutMs: 2_000,
  /** Within the ping timeout (the identity check held meanwhile must not fail). */
  holdMs: 300,
  bookmarkIntervalMs: 300,
  convergeTimeoutMs: 30_000,
};

export interface ScheduleResult {
  schedule: FaultSchedule;
  converged: boolean;
  /** Last fault lifted → cache equals a fresh LIST (and the hub says live). */
  convergeMs: number;
  spurious: number;
  /** Upserts and deletes the cache emitted during the schedule. */
  emitted: number;
  /** 410s the watch loops met (a resourceVersion compacted away). */
  gone: number;
  /** The kind and count of what did not match, when it did not converge. */
  mismatch?: string;
}

interface Soak {
  port: number;
  generation: number;
  emulator: RunningEmulator;
  proxy: TcpProxy;
  hub: Hub;
  direct: KubeTransport;
  /** The hub's own transport (through the proxy), for the report of a failed schedule. */
  viaProxy: KubeTransport;
  names: number;
  emitted: { uid: string; rv?: string }[];
}

export interface RunningSoak {
  run(schedule: FaultSchedule): Promise<ScheduleResult>;
  stop(): Promise<void>;
}

function service(name: string, generation: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS, labels: { app: name, generation: String(generation) } },
    spec: { selector: { app: name }, ports: [{ port: 80, protocol: 'TCP' }] },
  } as KubeObject;
}

function startCluster(port: number, generation: number): Promise<RunningEmulator> {
  return startEmulator({
    port,
    insecureHttp: true,
    adminToken: TOKEN,
    controllers: () => [],
    bookmarkIntervalMs: SOAK_TIMING.bookmarkIntervalMs,
    seed: (store) => {
      store.create('namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: NS, labels: { generation: String(generation) } },
      } as KubeObject);
      for (let i = 0; i < 8 + (generation % 7); i++)
        store.create('services', service(`g${generation}-${i}`, generation));
    },
  });
}

/** One write through the store, as the API would make it: update, create or delete a Service. */
function write(s: Soak, random: () => number): void {
  const store: Store = s.emulator.store;
  const existing = store.list('services', NS);
  const r = random();
  const pick = existing[Math.floor(random() * existing.length)];
  if (pick && r < 0.5) {
    const next = structuredClone(pick);
    next.metadata.labels = { ...next.metadata.labels, touched: String(s.names++) };
    store.update('services', next);
  } else if (pick && r < 0.7 && existing.length > 4) {
    store.delete('services', NS, pick.metadata.name!);
  } else if (r < 0.8) {
    const ns = structuredClone(store.get('namespaces', '', NS)!);
    ns.metadata.labels = { ...ns.metadata.labels, touched: String(s.names++) };
    store.update('namespaces', ns);
  } else {
    store.create('services', service(`w${s.names++}`, s.generation));
  }
}

function writes(s: Soak, n: number, random: () => number): void {
  for (let i = 0; i < n; i++) write(s, random);
}

/** Applies one fault and lifts it; resolves at the moment it is lifted. */
async function applyFault(s: Soak, step: FaultStep, random: () => number): Promise<void> {
  writes(s, step.writesBefore, random);
  switch (step.kind) {
    case 'drop':
      if (step.reset) s.proxy.resetAll();
      else s.proxy.dropAll();
      writes(s, step.writesDuring, random);
      return;
    case 'gone':
      // Watches reaching their timeout while the path holds their end (and the identity check
      // that follows it) resume after the cluster moved on and compacted: 410 for each.
      s.proxy.hold();
      await sleep(SOAK_TIMING.holdMs);
      writes(s, Math.max(1, step.writesDuring), random);
      s.emulator.store.compact();
      s.proxy.release();
      return;
    case 'hang': {
      const before = s.hub.stats().hangs;
      s.proxy.blackhole();
      writes(s, step.writesDuring, random);
      const { quietProbeMs } = SOAK_TIMING.loop;
      // Lifted once the loops noticed; a request the black hole swallowed meanwhile is noticed
      // by its own quiet probe later, which is part of the convergence time.
      await waitFor(
        'a hang noticed',
        () => s.hub.stats().hangs > before,
        2 * (quietProbeMs + SOAK_TIMING.pingTimeoutMs),
        10,
      ).catch(() => undefined);
      s.proxy.forward();
      return;
    }
    case 'slow':
      s.proxy.slow(step.bytesPerSecond);
      writes(s, step.writesDuring, random);
      await sleep(step.durationMs);
      s.proxy.forward();
      return;
    case 'down':
      await s.proxy.refuse();
      writes(s, step.writesDuring, random);
      await sleep(step.durationMs);
      await s.proxy.restore();
      return;
    case 'replaced':
      if (step.reset) s.proxy.resetAll();
      await s.emulator.stop();
      s.generation++;
      s.emulator = await startCluster(s.port, s.generation);
      writes(s, step.writesDuring, random);
  }
}

/** uid → resourceVersion of every watched kind, straight from the cluster. */
async function freshVersions(s: Soak): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const spec of WATCHED_KINDS) {
    const res = await s.direct.get(spec.listPath, AbortSignal.timeout(10_000));
    const body = JSON.parse(await readBody(res)) as { items: never[] };
    for (const [k, v] of versions(body.items)) out.set(k, v);
  }
  return out;
}

function describeMismatch(s: Soak, mine: Map<string, string>, fresh: Map<string, string>): string {
  const differing = [...new Set([...mine.keys(), ...fresh.keys()])].filter(
    (uid) => mine.get(uid) !== fresh.get(uid),
  );
  const shown = differing.slice(0, 3).map((uid) => {
    const r = s.hub.cache.records().find((x) => x.meta.uid === uid);
    const what = r ? `${r.kind} ${r.meta.namespace ?? ''}/${r.meta.name}` : uid;
    return `${what} cache ${mine.get(uid) ?? '-'} cluster ${fresh.get(uid) ?? '-'}`;
  });
  const loops = loopStates(s);
  return `cache holds ${mine.size} objects, the cluster ${fresh.size}; ${differing.length} differ: ${shown.join('; ')}${loops ? `; loops: ${loops}` : ''}`;
}

/** The watch loops not plainly watching: kind, phase and last error. */
function loopStates(s: Soak): string {
  return [...s.hub.watchStates()]
    .filter(([, st]) => st.phase !== 'watching' || st.error)
    .map(([k, st]) => `${k} ${st.phase}${st.error ? ` (${st.error})` : ''}`)
    .join(', ');
}

/** 410s counted by the hub's watch loops so far (the process's metrics). */
async function goneCount(): Promise<number> {
  const { values } = await opsMetrics().watchGone.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}

function cacheVersions(s: Soak): Map<string, string> {
  return versions(s.hub.cache.records());
}

function countSpurious(
  before: Map<string, string>,
  after: Map<string, string>,
  emitted: { uid: string; rv?: string }[],
): number {
  const last = new Map(before);
  let spurious = 0;
  for (const { uid, rv } of emitted) {
    const unchanged = before.has(uid) && before.get(uid) === after.get(uid);
    const repeated = rv !== undefined && last.get(uid) === rv;
    if (unchanged || repeated) spurious++;
    if (rv === undefined) last.delete(uid);
    else last.set(uid, rv);
  }
  return spurious;
}

/** `what` took how long, or how it failed; never waits more than 4 s. */
async function timed(
  what: string,
  ask: (signal: AbortSignal) => Promise<unknown>,
): Promise<string> {
  const started = performance.now();
  const took = () => `${Math.round(performance.now() - started)} ms`;
  let bound: NodeJS.Timeout | undefined;
  const answer = ask(AbortSignal.timeout(3_000)).then(
    () => `${what} answered in ${took()}`,
    (error: unknown) => `${what} failed after ${took()} (${errorMessage(error)})`,
  );
  const late = new Promise<string>((resolve) => {
    bound = setTimeout(() => resolve(`${what}: nothing in 4 s`), 4_000);
  });
  const result = await Promise.race([answer, late]);
  clearTimeout(bound);
  return result;
}

/** Where requests stop: the cluster asked straight and through the proxy, and what moved. */
async function diagnose(s: Soak): Promise<string> {
  const path = '/api/v1/namespaces?fieldSelector=metadata.name%3Dkube-system';
  const before = { ...s.proxy.bytes, accepted: s.proxy.connections };
  const checks = await Promise.all([
    timed('straight', (signal) => s.direct.get(path, signal).then(readBody)),
    timed('through the proxy', (signal) => s.viaProxy.get(path, signal).then(readBody)),
    timed('ping through the proxy', () => s.viaProxy.ping?.() ?? Promise.resolve()),
  ]);
  const moved = `+${s.proxy.bytes.up - before.up} B up, +${s.proxy.bytes.down - before.down} B down, +${s.proxy.bytes.swallowed - before.swallowed} B swallowed, +${s.proxy.connections - before.accepted} accepted`;
  return `${checks.join('; ')}; during the checks ${moved}; proxy: ${s.proxy.describe()}`;
}

async function runSchedule(s: Soak, schedule: FaultSchedule): Promise<ScheduleResult> {
  // The writes draw from their own stream, so they never shift the schedule's choices.
  const random = scheduleRandom(schedule.seed, ~schedule.index);
  const before = cacheVersions(s);
  const goneBefore = await goneCount();
  s.emitted.length = 0;
  for (const step of schedule.steps) await applyFault(s, step, random);
  const liftedAt = performance.now();
  let mismatch = '';
  let after = new Map<string, string>();
  const converged = await waitFor(
    'converged',
    async () => {
      if (s.hub.getSyncState().connection !== 'live') {
        mismatch = `hub ${s.hub.getSyncState().connection}; ${s.proxy.openConnections} connections open through the proxy, ${s.emulator.router.activeWatchCount()} watches open at the cluster; loops: ${loopStates(s)}`;
        return false;
      }
      after = await freshVersions(s);
      const mine = cacheVersions(s);
      if (sameVersions(mine, after)) return true;
      mismatch = describeMismatch(s, mine, after);
      return false;
    },
    SOAK_TIMING.convergeTimeoutMs,
    25,
  ).then(
    () => true,
    () => false,
  );
  const convergeMs = performance.now() - liftedAt;
  if (!converged) mismatch += `; ${await diagnose(s)}`;
  return {
    schedule,
    converged,
    convergeMs,
    spurious: countSpurious(before, after, s.emitted),
    emitted: s.emitted.length,
    gone: (await goneCount()) - goneBefore,
    ...(converged ? {} : { mismatch: `${describeSchedule(schedule)}: ${mismatch}` }),
  };
}

export async function startSoak(): Promise<RunningSoak> {
  const probe = await startCluster(0, 0);
  const port = probe.port;
  const proxy = new TcpProxy('127.0.0.1', port);
  await proxy.start();
  const kubeConfig = kubeConfigFor(proxy.url, TOKEN);
  const viaProxy = createKubeTransport(kubeConfig, { pingTimeoutMs: SOAK_TIMING.pingTimeoutMs });
  const hub = new Hub({
    connection: { kubeConfig, info: { name: 'soak', simulated: true, readOnly: true } },
    transport: viaProxy,
    loop: SOAK_TIMING.loop,
  });
  const s: Soak = {
    port,
    generation: 0,
    emulator: probe,
    proxy,
    hub,
    direct: createKubeTransport(kubeConfigFor(`http://127.0.0.1:${port}`, TOKEN)),
    viaProxy,
    names: 0,
    emitted: [],
  };
  hub.cache.subscribe((batch) => {
    for (const u of batch.upserts) s.emitted.push({ uid: u.meta.uid, rv: u.meta.resourceVersion });
    for (const d of batch.deletes) s.emitted.push({ uid: d.uid });
  });
  const stop = async () => {
    await hub.stop();
    await proxy.stop();
    await s.emulator.stop();
  };
  try {
    if (!(await hub.waitForSync(20_000))) throw new Error('the hub never synced');
    await waitFor(
      'first sync converged',
      async () => sameVersions(cacheVersions(s), await freshVersions(s)),
      20_000,
      25,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { run: (schedule) => runSchedule(s, schedule), stop };
}

export interface KindFigures {
  kind: FaultKind | 'all';
  schedules: number;
  converged: number;
  p50Ms: number;
  p99Ms: number;
}

/** Nearest-rank percentile of `values` (0 when empty). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

/** Convergence per fault kind (a schedule counts for the kind of its last step), then overall. */
export function figuresByKind(results: ScheduleResult[]): KindFigures[] {
  const groups = new Map<FaultKind | 'all', ScheduleResult[]>();
  for (const r of results) {
    const kind = r.schedule.steps[r.schedule.steps.length - 1]!.kind;
    groups.set(kind, [...(groups.get(kind) ?? []), r]);
  }
  groups.set('all', results);
  return [...groups].map(([kind, rs]) => {
    const times = rs.filter((r) => r.converged).map((r) => r.convergeMs);
    return {
      kind,
      schedules: rs.length,
      converged: times.length,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
    };
  });
}
