/**
 * Benchmark of the dashboard server (server-side figures):
 *   npm run bench:server [-- --scenarios large:10000,large:150000] [--tabs 50] [--samples 200]
 * For each scenario the embedded cluster runs as a child (`switchboard cluster --scenario S`),
 * behind a loopback TCP proxy that counts open watch connections. The server under test runs in
 * a child process of its own (so VmHWM is its own), serving `/api/stream` over plain node:http:
 *   - switchboard: lib/k8s/hub.ts (one watch loop per kind, slim cache, SSE fan-out);
 *   - baseline: what a TypeScript developer writes first — per tab, one client-node
 *     `makeInformer` per kind (unpaged list functions, full objects) forwarding every
 *     add/update/delete to that tab as an SSE frame with the object.
 * Figures, each beside the baseline from the same run, with the ratio (switchboard / baseline):
 *   initial sync time; peak RSS (VmHWM of the server child, after all phases); bytes retained
 *   per pod (heap delta with --expose-gc over a map of all pods: slim records vs client-node
 *   V1Pod objects); SSE bytes per endpoint change per client (one pod readiness flip, median);
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
import { measureServer, retained } from './dashboard-server/measure';
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
      };

      const retainedSlim = await retained(direct, 'slim');
      const retainedFull = await retained(direct, 'full');
      const mine = await measureServer('switchboard', cluster, proxy, viaProxy, opts);
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

      const rows: [string, string, string, string][] = [
        [
          'initial sync time',
          fmt(mine.syncMs, 'ms'),
          fmt(base.syncMs, 'ms'),
          ratioOf(mine.syncMs, base.syncMs),
        ],
        [
          'peak RSS of the server (VmHWM)',
          fmt(mine.hwmKb, 'MiB'),
          fmt(base.hwmKb, 'MiB'),
          ratioOf(mine.hwmKb, base.hwmKb),
        ],
        [
          'bytes retained per pod',
          typeof retainedSlim === 'number' ? fmt(retainedSlim, 'B') : `error: ${retainedSlim}`,
          typeof retainedFull === 'number' ? fmt(retainedFull, 'B') : `error: ${retainedFull}`,
          ratioOf(
            typeof retainedSlim === 'number' ? retainedSlim : undefined,
            typeof retainedFull === 'number' ? retainedFull : undefined,
          ),
        ],
        [
          'SSE bytes per readiness flip per tab (median)',
          fmt(mine.flipBytes, 'B'),
          fmt(base.flipBytes, 'B'),
          ratioOf(mine.flipBytes, base.flipBytes),
        ],
        [
          'change → SSE latency p50',
          fmt(mine.latP50, 'ms'),
          fmt(base.latP50, 'ms'),
          ratioOf(mine.latP50, base.latP50),
        ],
        [
          'change → SSE latency p99',
          fmt(mine.latP99, 'ms'),
          fmt(base.latP99, 'ms'),
          ratioOf(mine.latP99, base.latP99),
        ],
        [
          'upstream watches open, 1 tab',
          fmt(mine.watches1, 'n'),
          fmt(base.watches1, 'n'),
          ratioOf(mine.watches1, base.watches1),
        ],
        [
          `upstream watches open, ${tabs} tabs`,
          fmt(mine.watchesN, 'n'),
          baseTabs === tabs ? fmt(base.watchesN, 'n') : 'not run',
          baseTabs === tabs ? ratioOf(mine.watchesN, base.watchesN) : 'n/a',
        ],
      ];
      console.log(
        `   ${pods} pods; figure | switchboard | baseline (makeInformer per tab) | ratio`,
      );
      const w = [46, 14, 14, 10];
      for (const r of rows) console.log(`   ${r.map((c, i) => c.padEnd(w[i]!)).join(' ')}`);
      for (const n of [...mine.notes, ...base.notes]) console.log(`   note: ${n}`);
    } finally {
      await proxy.stop();
      await cluster.stop();
    }
  }
}

const role = arg('--role');
if (role === 'hub') await runHub(arg('--kubeconfig')!);
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
