/**
 * Where the dashboard server's memory goes, phase by phase (its peak RSS at 150k pods, 50 tabs):
 *   npm run bench:memory -- --kubeconfig FILE [--tabs 50] [--no-compression] [--heap-snapshot]
 *   [--page-size N] [--held-mib N] [--node-flags "V8 flags"]   # what-ifs: list page size, the shared
 *   snapshot's bound on bytes held ahead of its slowest reader, flags for the hub's process
 *   npm run bench:memory -- --scenario large:10000 [...]   # starts the embedded cluster itself
 * The hub (lib/k8s/hub.ts) runs in a child process of its own, serving `/api/stream` as
 * bench/dashboard-server.ts's hub role does (gzip per tab when the tab accepts it). The child
 * samples its own memory every 20 ms — RSS from /proc, `process.memoryUsage()` and V8's heap
 * spaces — and reports the highest of each per phase:
 *   listing (start → every kind synced), synced (2 s of rest after it), tabs (N tabs open at
 *   once until every one has its snapshot), steady (3 s after), and after a forced full GC.
 * Pointing it at a cluster that is already running (`--kubeconfig`) lets the server side be
 * measured again and again without building a 150,000-pod cluster each time. `--heap-snapshot`
 * writes a V8 heap snapshot when the RSS is at its highest while the tabs connect.
 * No figure is compared with a target here.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';
import { join } from 'node:path';
import v8 from 'node:v8';
import { SERVER_NODE_FLAGS } from '../cli/server-node-flags';
import { startBenchCluster, ROOT, type BenchCluster } from './tools/cluster';
import { procStatus, sleep, stopChild, track, withDeadline } from './tools/process';
import { Tab } from './dashboard-server/tab';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const MiB = 1024 * 1024;

interface Sample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  oldSpace: number;
  newSpace: number;
  largeObjects: number;
}

function sampleNow(): Sample {
  const m = process.memoryUsage();
  const spaces = new Map(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s]));
  const used = (name: string) => spaces.get(name)?.space_used_size ?? 0;
  return {
    rss: procStatus('self').rssKb * 1024,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    oldSpace: used('old_space'),
    newSpace: used('new_space'),
    largeObjects: used('large_object_space'),
  };
}

/** The hub in this process, its memory sampled per phase (the child side). */
async function runHubMemory(
  kubeconfig: string,
  heapSnapshot: boolean,
  pageSize: number | undefined,
  heldMiB: number | undefined,
): Promise<void> {
  const { Hub } = await import('../lib/k8s/hub');
  const { acceptsGzip, compressStream } = await import('../lib/http/stream-compression');
  const { pipeToNodeResponse } = await import('next/dist/server/pipe-readable');
  const { loadClusterConnection } = await import('../lib/k8s/connection');
  let phase = 'listing';
  const peaks = new Map<string, Sample & { at: number }>();
  const started = performance.now();
  let snapshotWritten = '';
  let highestTabsRss = 0;
  const sampler = setInterval(() => {
    const s = sampleNow();
    const peak = peaks.get(phase);
    if (!peak) peaks.set(phase, { ...s, at: performance.now() - started });
    else {
      for (const k of Object.keys(s) as (keyof Sample)[]) peak[k] = Math.max(peak[k], s[k]);
    }
    if (heapSnapshot && phase === 'tabs' && s.rss > highestTabsRss + 32 * MiB) {
      highestTabsRss = s.rss;
      snapshotWritten = v8.writeHeapSnapshot(join(ROOT, '.bench-tabs-peak.heapsnapshot'));
    }
  }, 20);
  const hub = new Hub({
    connection: loadClusterConnection({ SWITCHBOARD_KUBECONFIG: kubeconfig }),
    ...(pageSize ? { loop: { pageSize } } : {}),
    ...(heldMiB ? { snapshotHeldBytes: heldMiB * MiB } : {}),
  });
  await hub.waitForSync(60 * 60_000);
  const syncMs = performance.now() - started;
  phase = 'synced';
  await sleep(2000);
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/api/stream')) {
      const sub = hub.subscribe({});
      const accept = req.headers['accept-encoding'];
      const gzip = acceptsGzip(typeof accept === 'string' ? accept : null);
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
      });
      res.on('close', () => sub.close());
      pipeToNodeResponse(gzip ? compressStream(sub.stream) : sub.stream, res).catch(() =>
        sub.close(),
      );
      return;
    }
    if (req.url?.startsWith('/phase/')) phase = req.url.slice('/phase/'.length);
    if (req.url === '/phase/gc') {
      const gc = (globalThis as { gc?: () => void }).gc;
      for (let i = 0; i < 3; i++) gc?.();
      peaks.set('after full GC', { ...sampleNow(), at: performance.now() - started });
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        syncMs,
        hwm: procStatus('self').hwmKb * 1024,
        pods: hub.cache.size('Pod'),
        records: hub.cache.records().length,
        peaks: Object.fromEntries(peaks),
        heapLimit: v8.getHeapStatistics().heap_size_limit,
        snapshotWritten,
        resets: hub.stats().resets,
      }),
    );
  });
  server.listen(0, '127.0.0.1', () => {
    console.log(`READY ${JSON.stringify({ port: (server.address() as net.AddressInfo).port })}`);
  });
  process.on('SIGTERM', () => {
    clearInterval(sampler);
    process.exit(0);
  });
}

async function get<T>(port: number, path: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return (await res.json()) as T;
}

async function orchestrate(): Promise<void> {
  const tabs = Number(arg('--tabs') ?? 50);
  const compressed = !argv.includes('--no-compression');
  let cluster: BenchCluster | undefined;
  let kubeconfig = arg('--kubeconfig');
  if (!kubeconfig) {
    const scenario = arg('--scenario') ?? 'large:10000';
    cluster = await startBenchCluster(scenario, {
      nodeArgs: ['--max-old-space-size=12288'],
      timeoutMs: 30 * 60_000,
    });
    kubeconfig = join(cluster.dir, 'kubeconfig');
    console.log(`embedded cluster ${scenario} ready in ${(cluster.startMs / 1000).toFixed(1)} s`);
  }
  const extraNode = (arg('--node-flags') ?? '').split(' ').filter(Boolean);
  const child = track(
    spawn(
      process.execPath,
      [
        '--conditions=react-server',
        '--expose-gc',
        // As the server ships (cli/server-node-flags.ts); `--node-flags` comes after and wins
        // (`--heap-growing-percent=0` is V8's own default).
        ...SERVER_NODE_FLAGS,
        ...extraNode,
        '--import',
        'tsx',
        join(ROOT, 'bench', 'server-memory.ts'),
        '--role',
        'hub',
        '--kubeconfig',
        kubeconfig,
        ...(argv.includes('--heap-snapshot') ? ['--heap-snapshot'] : []),
        ...(arg('--page-size') ? ['--page-size', arg('--page-size')!] : []),
        ...(arg('--held-mib') ? ['--held-mib', arg('--held-mib')!] : []),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  );
  const open: Tab[] = [];
  try {
    const port = await withDeadline(
      'hub synced',
      60 * 60_000,
      new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (d: Buffer) => {
          // Anything else the child prints (e.g. `--node-flags --trace-gc`) is passed on.
          if (!out.includes('READY')) process.stderr.write(d);
          out += d.toString();
          const m = /^READY (.*)$/m.exec(out);
          if (m?.[1]) resolve((JSON.parse(m[1]) as { port: number }).port);
        });
        child.once('exit', (code) => reject(new Error(`hub exited (${code})`)));
      }),
    );
    await get(port, '/phase/tabs');
    for (let i = 0; i < tabs; i++) open.push(new Tab(port, compressed));
    await withDeadline(
      `${tabs} tabs with their snapshot`,
      30 * 60_000,
      (async () => {
        while (!open.every((t) => t.snapshotDone)) await sleep(100);
      })(),
    );
    await Promise.all(open.map((t) => t.quiet(1000, 120_000)));
    await get(port, '/phase/steady');
    await sleep(3000);
    await get(port, '/phase/gc');
    const r = await get<{
      syncMs: number;
      hwm: number;
      pods: number;
      records: number;
      heapLimit: number;
      snapshotWritten: string;
      resets: number;
      peaks: Record<string, Sample & { at: number }>;
    }>(port, '/report');
    const snapshotBytes = open[0]?.frameBytes ?? 0;
    const wire = open[0]?.bytes ?? 0;
    console.log(
      `${r.pods} pods, ${r.records} records; synced in ${(r.syncMs / 1000).toFixed(1)} s; ${tabs} tabs (${compressed ? 'gzip' : 'plain'}), first tab ${(snapshotBytes / MiB).toFixed(1)} MiB of SSE text, ${(wire / MiB).toFixed(1)} MiB on the wire; heap limit ${(r.heapLimit / MiB).toFixed(0)} MiB`,
    );
    console.log(
      `peak RSS (VmHWM) ${(r.hwm / MiB).toFixed(0)} MiB; streams reset to a fresh snapshot: ${r.resets}`,
    );
    const cols: (keyof Sample)[] = [
      'rss',
      'heapTotal',
      'heapUsed',
      'oldSpace',
      'newSpace',
      'largeObjects',
      'external',
      'arrayBuffers',
    ];
    console.log(`phase (highest, MiB)   ${cols.map((c) => c.padStart(12)).join('')}`);
    for (const [name, s] of Object.entries(r.peaks)) {
      console.log(
        `${name.padEnd(22)} ${cols.map((c) => (s[c] / MiB).toFixed(0).padStart(12)).join('')}`,
      );
    }
    if (r.snapshotWritten) console.log(`heap snapshot: ${r.snapshotWritten}`);
  } finally {
    for (const t of open) t.close();
    await stopChild(child, 5000);
    await cluster?.stop();
  }
}

if (arg('--role') === 'hub') {
  const pageSize = arg('--page-size');
  await runHubMemory(
    arg('--kubeconfig')!,
    argv.includes('--heap-snapshot'),
    pageSize ? Number(pageSize) : undefined,
    arg('--held-mib') ? Number(arg('--held-mib')) : undefined,
  );
} else
  await orchestrate().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
