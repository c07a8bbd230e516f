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
 * every cluster's `apiserver_longrunning_requests{verb="WATCH"}` on its /metrics, sampled six
 * times a second apart (the fewest are the long-lived watches; a watch quiet for 30 s adds a 1 s
 * progress probe for a moment, counted in the most).
 * Prints both with the ratio (one server / N servers). Requires `npm run build`. Every child is
 * stopped at the end (and killed if this process exits early); only 127.0.0.1 is contacted.
 * The figures are printed for a person to judge; nothing is compared with a target.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClustersAnswer } from '../lib/api/clusters';
import { WATCHED_KINDS } from '../lib/k8s/kinds';
import { writeCombinedKubeconfig } from '../cli/demo-clusters';
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

/** Open WATCH requests the cluster counts on its /metrics (kube-apiserver's gauge), per resource. */
async function openWatches(cluster: BenchCluster): Promise<Map<string, number>> {
  const { status, text } = await clusterCall(cluster, 'GET', '/metrics');
  if (status !== 200) throw new Error(`GET /metrics: ${status}`);
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_longrunning_requests{') || !line.includes('verb="WATCH"')) {
      continue;
    }
    const resource = /resource="([^"]*)"/.exec(line)?.[1] ?? '?';
    const n = Number(line.slice(line.lastIndexOf(' ') + 1));
    counts.set(resource, (counts.get(resource) ?? 0) + n);
  }
  return counts;
}

interface WatchCount {
  /** The fewest open over the samples: the long-lived watches. */
  min: number;
  /** The most: long-lived plus the 1 s progress probes quiet watches make (lib/k8s/transport.ts). */
  max: number;
  /** Per resource at the sample with the fewest, summed over the clusters: "pods 10, …". */
  byResource: string;
}

/** Every cluster's open watches, summed, sampled six times a second apart. */
async function sampleWatches(clusters: BenchCluster[]): Promise<WatchCount> {
  let best: { total: number; sum: Map<string, number> } | undefined;
  let max = 0;
  for (let i = 0; i < 6; i++) {
    if (i > 0) await sleep(1000);
    const sum = new Map<string, number>();
    for (const counts of await Promise.all(clusters.map(openWatches))) {
      for (const [resource, n] of counts) sum.set(resource, (sum.get(resource) ?? 0) + n);
    }
    const total = [...sum.values()].reduce((a, b) => a + b, 0);
    max = Math.max(max, total);
    if (!best || total < best.total) best = { total, sum };
  }
  const byResource = [...best!.sum]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([resource, n]) => `${resource} ${n}`)
    .join(', ');
  return { min: best!.total, max, byResource };
}

const watchesText = (w: WatchCount) => (w.min === w.max ? `${w.min}` : `${w.min} (up to ${w.max})`);

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
  const kubeconfig = writeCombinedKubeconfig(
    dir,
    clusters.map((c, i) => ({ id: ids[i]!, file: join(c.dir, 'kubeconfig') })),
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
    const oneWatches = await sampleWatches(clusters);
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
    const manyWatches = await sampleWatches(clusters);
    const manyHwm = many.reduce((sum, s) => sum + procStatus(s.child.pid!).hwmKb, 0);
    await Promise.all(many.map((s) => stopChild(s.child, 5000)));

    console.log(`\n${n} clusters × ${scenario}`);
    console.log(
      `  one server:       sync ${seconds(oneMs)}, peak RSS ${mib(oneHwm)}, upstream watches ${watchesText(oneWatches)} (${n} clusters × ${WATCHED_KINDS.length} kinds = ${n * WATCHED_KINDS.length})`,
    );
    console.log(
      `  ${n} servers:      sync ${seconds(manyMs)} (last ready), peak RSS ${mib(manyHwm)} (sum), upstream watches ${watchesText(manyWatches)}`,
    );
    console.log(`  open watches by resource, one server: ${oneWatches.byResource}`);
    console.log(`  open watches by resource, ${n} servers: ${manyWatches.byResource}`);
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
