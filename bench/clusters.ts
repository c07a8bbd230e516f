/**
 * Benchmark of several clusters in one dashboard server:
 *   node --conditions=react-server --import tsx bench/clusters.ts [--clusters 10] [--scenario large:5000]
 * Starts N embedded clusters (`switchboard cluster --scenario S`, in parallel), writes one
 * kubeconfig with N contexts (cli/demo-clusters.ts), then, in the same run:
 *   - one server: the built standalone server with --all-contexts semantics
 *     (SWITCHBOARD_ALL_CONTEXTS=1), timed from spawn until `GET /api/clusters` says every cluster
 *     is `live`; its peak RSS (VmHWM);
 *   - baseline: N standalone servers, one context each (SWITCHBOARD_CONTEXT), timed from spawn
 *     until every one answers `/readyz` 200; the sum of their peak RSS.
 * In each phase, once synced, the upstream watches are counted from the clusters' side: the sum of
 * every cluster's `apiserver_longrunning_requests{verb="WATCH"}` on its /metrics.
 * Prints both with the ratio (one server / N servers). Requires `npm run build`. Every child is
 * stopped at the end (and killed if this process exits early); only 127.0.0.1 is contacted.
 * The figures are printed for a person to judge; nothing is compared with a target.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClustersAnswer } from '../lib/api/clusters';
import { WATCHED_KINDS } from '../lib/k8s/kinds';
import { combineKubeconfigs } from '../cli/demo-clusters';
import { freePort, STANDALONE_DIR } from '../e2e/harness';
import { clusterCall, startBenchCluster, type BenchCluster } from './tools/cluster';
import { procStatus, sleep, stopChild, track, withDeadline } from './tools/process';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

interface Server {
  child: ChildProcess;
  url: string;
}

async function spawnServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [join(STANDALONE_DIR, 'server.js')], {
      cwd: STANDALONE_DIR,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        SWITCHBOARD_NO_HISTORY: '1',
        NEXT_TELEMETRY_DISABLED: '1',
        PORT: String(port),
        HOSTNAME: '127.0.0.1',
        ...env,
      },
    }),
  );
  return { child, url: `http://127.0.0.1:${port}` };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not answering yet
    }
    await sleep(250);
  }
}

/** Open WATCH requests the cluster counts on its /metrics (kube-apiserver's gauge). */
async function openWatches(cluster: BenchCluster): Promise<number> {
  const { status, text } = await clusterCall(cluster, 'GET', '/metrics');
  if (status !== 200) throw new Error(`GET /metrics: ${status}`);
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('apiserver_longrunning_requests{') && line.includes('verb="WATCH"')) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}

/** Every cluster's open watches, summed, once the count has held still for 2 s. */
async function settledWatches(clusters: BenchCluster[]): Promise<number> {
  let last = -1;
  for (;;) {
    const counts = await Promise.all(clusters.map(openWatches));
    const total = counts.reduce((a, b) => a + b, 0);
    if (total === last) return total;
    last = total;
    await sleep(2000);
  }
}

const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const n = Number(arg('--clusters') ?? 10);
  const scenario = arg('--scenario') ?? 'large:5000';
  console.log(
    `clusters benchmark — ${new Date().toISOString()}, node ${process.version}, ${n} × ${scenario}`,
  );
  const t0 = performance.now();
  const started = await Promise.allSettled(
    Array.from({ length: n }, () => startBenchCluster(scenario, { timeoutMs: 30 * 60_000 })),
  );
  const clusters = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(clusters.map((c) => c.stop()));
    throw failed.reason;
  }
  console.log(`${n} embedded clusters ready in ${seconds(performance.now() - t0)}`);
  const ids = clusters.map((_, i) => `c${i + 1}`);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-clusters-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    combineKubeconfigs(clusters.map((c, i) => ({ id: ids[i]!, file: join(c.dir, 'kubeconfig') }))),
  );
  try {
    // One server for every cluster.
    const start = performance.now();
    const one = await spawnServer({
      SWITCHBOARD_KUBECONFIG: kubeconfig,
      SWITCHBOARD_ALL_CONTEXTS: '1',
    });
    await withDeadline(
      'one server: every cluster live',
      20 * 60_000,
      until(async () => {
        const response = await fetch(`${one.url}/api/clusters`);
        if (response.status !== 200) return false;
        const body = (await response.json()) as ClustersAnswer;
        return body.clusters.length === n && body.clusters.every((c) => c.state === 'live');
      }),
    );
    const oneMs = performance.now() - start;
    const oneWatches = await settledWatches(clusters);
    const oneHwm = procStatus(one.child.pid!).hwmKb;
    await stopChild(one.child, 5000);

    // Baseline: one server per cluster.
    const startMany = performance.now();
    const many = await Promise.all(
      ids.map((id) =>
        spawnServer({
          SWITCHBOARD_KUBECONFIG: kubeconfig,
          SWITCHBOARD_CONTEXT: id,
        }),
      ),
    );
    await withDeadline(
      'N servers: every one ready',
      20 * 60_000,
      Promise.all(
        many.map((s) => until(async () => (await fetch(`${s.url}/readyz`)).status === 200)),
      ),
    );
    const manyMs = performance.now() - startMany;
    const manyWatches = await settledWatches(clusters);
    const manyHwm = many.reduce((sum, s) => sum + procStatus(s.child.pid!).hwmKb, 0);
    await Promise.all(many.map((s) => stopChild(s.child, 5000)));

    console.log(`\n${n} clusters × ${scenario}`);
    console.log(
      `  one server:       sync ${seconds(oneMs)}, peak RSS ${mib(oneHwm)}, upstream watches ${oneWatches} (${n} clusters × ${WATCHED_KINDS.length} kinds = ${n * WATCHED_KINDS.length})`,
    );
    console.log(
      `  ${n} servers:      sync ${seconds(manyMs)} (last ready), peak RSS ${mib(manyHwm)} (sum), upstream watches ${manyWatches}`,
    );
    console.log(
      `  ratio one/${n}:      sync ×${(oneMs / manyMs).toFixed(2)}, peak RSS ×${(oneHwm / manyHwm).toFixed(2)}`,
    );
  } finally {
    await Promise.all(clusters.map((c) => c.stop()));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
