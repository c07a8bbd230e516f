/**
 * Benchmark of the dashboard server (server-side figures):
 *   npm run bench:server [-- --scenarios large:10000,large:150000] [--tabs 50] [--samples 200]
 *     [--no-v1] [--no-compression]
 * For each scenario the embedded cluster runs as a child (`switchboard cluster --scenario S`),
 * behind a loopback TCP proxy that counts open watch connections. The server under test runs in
 * a child process of its own (so VmHWM is its own), serving `/api/stream` over plain node:http:
 *   - switchboard: lib/k8s/hub.ts (one watch loop per kind, slim cache, SSE fan-out) with stream
 *     protocol version 2 (patches per field / per endpoint, snapshot encoded once per sequence
 *     number and shared by the tabs);
 *   - switchboard v1: the same hub sending version 1 frames (whole records), the protocol's own
 *     baseline, in the same run (`--no-v1` skips it);
 *   - baseline: what a TypeScript developer writes first — per tab, one client-node
 *     `makeInformer` per kind (unpaged list functions, full objects) forwarding every
 *     add/update/delete to that tab as an SSE frame with the object.
 * Figures, each beside the baseline from the same run, with the ratio (switchboard / baseline):
 *   initial sync time; peak RSS (VmHWM of the server child, after all phases); bytes retained
 *   per pod (heap delta with --expose-gc over a map of all pods: slim records vs client-node
 *   V1Pod objects); SSE bytes per endpoint change per client (one pod readiness flip, median), on
 *   the wire (tabs accept gzip as browsers do; `--no-compression`: they do not) and as SSE text;
 *   change → SSE event latency p50/p99 (from issuing a label PATCH to the frame carrying it
 *   arriving at a tab); upstream watches open with 1 tab and with N tabs.
 * No figure is compared with a target here: the figures are printed for a person to judge.
 * The roles, the tab, the proxy and the measuring live in bench/dashboard-server/, the shared
 * tools (cluster child, deadlines, /proc figures, statistics) in bench/tools/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterCall, startBenchCluster } from './tools/cluster';
import { sleep } from './tools/process';
import { CountingProxy } from './dashboard-server/counting-proxy';
import { measureServer, retained, type ServerFigures } from './dashboard-server/measure';
import { fmt, ratioOf } from './dashboard-server/report';
import { runBaseline, runHub, runRetained } from './dashboard-server/roles';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

function kubeconfigText(server: string, token: string, caCertificate: string): string {
  const caData = Buffer.from(caCertificate).toString('base64');
  return `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "${server}", certificate-authority-data: "${caData}" } }]
users: [{ name: u, user: { token: "${token}" } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`;
}

async function orchestrate(): Promise<void> {
  const scenarios = (arg('--scenarios') ?? 'large:10000,large:150000').split(',');
  const tabs = Number(arg('--tabs') ?? 50);
  const samples = Number(arg('--samples') ?? 200);
  const flips = Number(arg('--flips') ?? 10);
  const baselineTabsMax = Number(arg('--baseline-max-pods-for-tabs') ?? 20_000);
  console.log(
    `dashboard server benchmark — ${new Date().toISOString()}, node ${process.version}, ${tabs} tabs, ${samples} latency samples, ${flips} readiness flips`,
  );
  for (const scenario of scenarios) {
    const t0 = performance.now();
    const cluster = await startBenchCluster(scenario, {
      nodeArgs: ['--max-old-space-size=12288'],
      timeoutMs: 30 * 60_000,
    });
    console.log(
      `\n== ${scenario}: embedded cluster ready in ${((performance.now() - t0) / 1000).toFixed(1)} s at ${cluster.url}`,
    );
    const proxy = new CountingProxy(cluster.port, cluster.caCertificate);
    await proxy.start();
    const dir = cluster.dir;
    const viaProxy = join(dir, 'via-proxy.kubeconfig');
    const direct = join(dir, 'direct.kubeconfig');
    // The proxy ends TLS with its own CA (it reads request lines), so the client trusts that one.
    writeFileSync(
      viaProxy,
      kubeconfigText(`https://127.0.0.1:${proxy.port}`, cluster.token, proxy.caCertificate),
    );
    writeFileSync(direct, kubeconfigText(cluster.url, cluster.token, cluster.caCertificate));
    try {
      // Pods to change: two endpoint pods of one Service (one for readiness flips, one for labels).
      const slices = JSON.parse(
        (await clusterCall(cluster, 'GET', '/apis/discovery.k8s.io/v1/endpointslices?limit=200'))
          .text,
      ) as {
        items: {
          endpoints?: {
            conditions?: { ready?: boolean };
            targetRef?: { kind: string; namespace: string; name: string };
          }[];
        }[];
      };
      const refs = slices.items
        .flatMap((s) => s.endpoints ?? [])
        .filter((e) => e.targetRef?.kind === 'Pod' && e.conditions?.ready !== false)
        .map((e) => `${e.targetRef!.namespace}/${e.targetRef!.name}`);
      if (refs.length < 2) throw new Error('no endpoint pods found in the first slices');
      const podCount = JSON.parse(
        (await clusterCall(cluster, 'GET', '/api/v1/pods?limit=1')).text,
      ) as {
        metadata: { remainingItemCount?: number };
      };
      const pods = (podCount.metadata.remainingItemCount ?? 0) + 1;
      const phaseMs = Number(arg('--phase-minutes') ?? 20) * 60_000;
      const opts = {
        tabs,
        samples,
        flips,
        flipPod: refs[0]!,
        labelPod: refs[refs.length - 1]!,
        phaseMs,
        compressed: !argv.includes('--no-compression'),
      };

      const retainedSlim = await retained(direct, 'slim');
      const retainedFull = await retained(direct, 'full');
      const mine = await measureServer('switchboard', cluster, proxy, viaProxy, opts);
      await sleep(1000);
      const v1: ServerFigures = argv.includes('--no-v1')
        ? { notes: [] }
        : await measureServer('switchboard-v1', cluster, proxy, viaProxy, opts);
      await sleep(1000);
      const baseTabs = pods <= baselineTabsMax ? tabs : 1;
      const base = await measureServer('baseline', cluster, proxy, viaProxy, {
        ...opts,
        tabs: baseTabs,
      });
      if (baseTabs !== tabs) {
        base.notes.push(
          `baseline: ${tabs} tabs not run at ${pods} pods (each tab would hold its own full copy of the cluster); --baseline-max-pods-for-tabs raises the bound`,
        );
      }

      type Figure =
        'syncMs' | 'hwmKb' | 'flipBytes' | 'flipFrameBytes' | 'latP50' | 'latP99' | 'watches1';
      const row = (label: string, key: Figure, unit: Parameters<typeof fmt>[1]): string[] => [
        label,
        fmt(mine[key], unit),
        fmt(v1[key], unit),
        fmt(base[key], unit),
        ratioOf(mine[key], v1[key]),
        ratioOf(mine[key], base[key]),
      ];
      const retainedOf = (r: number | string) => (typeof r === 'number' ? r : undefined);
      const rows: string[][] = [
        row('initial sync time', 'syncMs', 'ms'),
        row('peak RSS of the server (VmHWM)', 'hwmKb', 'MiB'),
        [
          'bytes retained per pod',
          typeof retainedSlim === 'number' ? fmt(retainedSlim, 'B') : `error: ${retainedSlim}`,
          '(same)',
          typeof retainedFull === 'number' ? fmt(retainedFull, 'B') : `error: ${retainedFull}`,
          '',
          ratioOf(retainedOf(retainedSlim), retainedOf(retainedFull)),
        ],
        row('SSE bytes per readiness flip per tab (median)', 'flipBytes', 'B'),
        row('  the same as SSE text, before compression', 'flipFrameBytes', 'B'),
        row('change → SSE latency p50', 'latP50', 'ms'),
        row('change → SSE latency p99', 'latP99', 'ms'),
        row('upstream watches open, 1 tab', 'watches1', 'n'),
        [
          `upstream watches open, ${tabs} tabs`,
          fmt(mine.watchesN, 'n'),
          fmt(v1.watchesN, 'n'),
          baseTabs === tabs ? fmt(base.watchesN, 'n') : 'not run',
          ratioOf(mine.watchesN, v1.watchesN),
          baseTabs === tabs ? ratioOf(mine.watchesN, base.watchesN) : 'n/a',
        ],
      ];
      console.log(
        `   ${pods} pods; figure | switchboard (v2) | switchboard v1 frames | baseline (makeInformer per tab) | v2/v1 | v2/baseline`,
      );
      const w = [46, 14, 14, 14, 10, 10];
      for (const r of rows) console.log(`   ${r.map((c, i) => c.padEnd(w[i]!)).join(' ')}`);
      for (const n of [...mine.notes, ...v1.notes, ...base.notes]) console.log(`   note: ${n}`);
    } finally {
      await proxy.stop();
      await cluster.stop();
    }
  }
}

const role = arg('--role');
if (role === 'hub') await runHub(arg('--kubeconfig')!, arg('--frames') === '1' ? 1 : 2);
else if (role === 'baseline') await runBaseline(arg('--kubeconfig')!);
else if (role === 'retained') await runRetained(arg('--kubeconfig')!, arg('--impl') ?? 'slim');
else
  await orchestrate().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
