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
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type * as K8s from '@kubernetes/client-node';
import { errorMessage } from '../lib/error-message';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

// ---- small tools --------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const percentile = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

function procStatus(pid: number | 'self'): { rssKb: number; hwmKb: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

async function deadline<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>(
        (_, rej) =>
          (timer = setTimeout(
            () => rej(new Error(`${what}: no result within ${ms / 1000} s`)),
            ms,
          )),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
};

function kubeconfigText(server: string, token: string): string {
  return `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "${server}", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: "${token}" } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`;
}

// ---- role: the switchboard hub as a server --------------------------------------------------

async function runHub(kubeconfig: string): Promise<void> {
  const { Hub } = await import('../lib/k8s/hub');
  const { loadClusterConnection } = await import('../lib/k8s/connection');
  const started = performance.now();
  const hub = new Hub({
    connection: loadClusterConnection({ SWITCHBOARD_KUBECONFIG: kubeconfig }),
  });
  await hub.waitForSync(60 * 60_000);
  const syncMs = performance.now() - started;
  const afterSync = procStatus('self');
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/api/stream')) {
      const lastEventId = req.headers['last-event-id'];
      const sub = hub.subscribe({
        lastEventId: typeof lastEventId === 'string' ? lastEventId : undefined,
      });
      res.writeHead(200, SSE_HEADERS);
      const body = Readable.fromWeb(sub.stream as NodeReadableStream<Uint8Array>);
      body.pipe(res);
      res.on('close', () => {
        sub.close();
        body.destroy();
      });
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        ...procStatus('self'),
        afterSync,
        syncMs,
        heapUsed: process.memoryUsage().heapUsed,
        hub: hub.stats(),
        pods: hub.cache.size('Pod'),
      }),
    );
  });
  server.listen(0, '127.0.0.1', () => {
    console.log(
      `READY ${JSON.stringify({ port: (server.address() as net.AddressInfo).port, syncMs })}`,
    );
  });
}

// ---- role: the baseline (makeInformer per tab) ----------------------------------------------

async function runBaseline(kubeconfig: string): Promise<void> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const disc = kc.makeApiClient(k8s.DiscoveryV1Api);
  type K8sObject = K8s.KubernetesObject;
  type ListFn = () => Promise<K8s.KubernetesListObject<K8sObject>>;
  const kinds: [string, string, ListFn][] = [
    ['Namespace', '/api/v1/namespaces', () => core.listNamespace()],
    ['Node', '/api/v1/nodes', () => core.listNode()],
    ['Service', '/api/v1/services', () => core.listServiceForAllNamespaces()],
    [
      'EndpointSlice',
      '/apis/discovery.k8s.io/v1/endpointslices',
      () => disc.listEndpointSliceForAllNamespaces(),
    ],
    ['Endpoints', '/api/v1/endpoints', () => core.listEndpointsForAllNamespaces()],
    ['Pod', '/api/v1/pods', () => core.listPodForAllNamespaces()],
    ['Event', '/api/v1/events', () => core.listEventForAllNamespaces()],
  ];
  let firstSyncMs: number | undefined;
  let tabsSynced = 0;
  const errors: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/api/stream')) {
      res.writeHead(200, SSE_HEADERS);
      const started = performance.now();
      const informers = kinds.map(([kind, path, list]) => {
        const inf = k8s.makeInformer(kc, path, list);
        const send = (type: string) => (object: K8sObject) => {
          res.write(`event: ${type}\ndata: ${JSON.stringify({ kind, object })}\n\n`);
        };
        inf.on('add', send('add'));
        inf.on('update', send('update'));
        inf.on('delete', send('delete'));
        inf.on('error', (err: unknown) => errors.push(`${kind}: ${String(err)}`.slice(0, 300)));
        return inf;
      });
      Promise.all(informers.map((i) => i.start()))
        .then(() => {
          firstSyncMs ??= performance.now() - started;
          tabsSynced++;
        })
        .catch((err: unknown) => errors.push(String(err).slice(0, 300)));
      res.on('close', () => {
        for (const i of informers) void i.stop();
      });
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        ...procStatus('self'),
        firstSyncMs,
        tabsSynced,
        errors: errors.slice(0, 5),
        heapUsed: process.memoryUsage().heapUsed,
      }),
    );
  });
  server.listen(0, '127.0.0.1', () => {
    console.log(`READY ${JSON.stringify({ port: (server.address() as net.AddressInfo).port })}`);
  });
}

// ---- role: bytes retained per pod -----------------------------------------------------------

async function runRetained(kubeconfig: string, impl: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const settle = () => {
    for (let i = 0; i < 3; i++) gc();
    return process.memoryUsage().heapUsed;
  };
  const keep = new Map<string, unknown>();
  let before: number;
  if (impl === 'slim') {
    const { slimmer, InternPool } = await import('../lib/k8s/slim');
    const { createKubeTransport, readBody } = await import('../lib/k8s/transport');
    const { loadKubeConfig } = await import('../lib/k8s/kubeconfig');
    const transport = createKubeTransport(loadKubeConfig({ SWITCHBOARD_KUBECONFIG: kubeconfig }));
    const slim = slimmer('Pod', new InternPool());
    // Warm-up (lazy compilation, sockets) outside the measured window, for both sides alike.
    const warm = JSON.parse(
      await readBody(await transport.get('/api/v1/pods?limit=500', AbortSignal.timeout(120_000))),
    ) as { items: unknown[] };
    for (const item of warm.items) slimmer('Pod')(item as never);
    before = settle();
    let cont = '';
    do {
      const res = await transport.get(
        `/api/v1/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
        AbortSignal.timeout(120_000),
      );
      const page = JSON.parse(await readBody(res)) as {
        metadata: { continue?: string };
        items: { metadata: { uid: string } }[];
      };
      for (const item of page.items) keep.set(item.metadata.uid, slim(item));
      cont = page.metadata.continue ?? '';
    } while (cont);
  } else {
    const k8s = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.listPodForAllNamespaces({ limit: 500 });
    before = settle();
    let cont: string | undefined;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 500, _continue: cont });
      for (const item of page.items) keep.set(item.metadata!.uid!, item);
      cont = page.metadata?._continue || undefined;
    } while (cont);
  }
  const after = settle();
  console.log(
    `RESULT ${JSON.stringify({ pods: keep.size, bytesPerPod: (after - before) / keep.size })}`,
  );
}

// ---- orchestration ----------------------------------------------------------------------------

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

function spawnRole(role: string, extra: string[], maxOldSpace?: number): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '--conditions=react-server',
      '--expose-gc',
      ...(maxOldSpace ? [`--max-old-space-size=${maxOldSpace}`] : []),
      '--import',
      'tsx',
      join(ROOT, 'bench', 'dashboard-server.ts'),
      '--role',
      role,
      ...extra,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
  children.add(child);
  return child;
}

function waitLine<T>(child: ChildProcess, prefix: string, ms: number): Promise<T> {
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  return deadline(
    `${prefix} from child`,
    ms,
    new Promise<T>((res, rej) => {
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = new RegExp(`^${prefix} (.*)$`, 'm').exec(out);
        if (m?.[1]) res(JSON.parse(m[1]) as T);
      });
      child.once('exit', (code, signal) =>
        rej(
          new Error(
            `child exited (${code ?? signal}) before ${prefix}: ${err.trim().split('\n').slice(-3).join(' | ')}`,
          ),
        ),
      );
    }),
  );
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  children.delete(child);
}

/** A TCP proxy that reads each request line to count open watch connections. */
class CountingProxy {
  private server: net.Server | undefined;
  private readonly conns = new Set<{ watch: boolean; a: net.Socket; b: net.Socket }>();
  port = 0;
  watchRequests = 0;
  listRequests = 0;
  constructor(private readonly targetPort: number) {}
  async start(): Promise<void> {
    this.server = net.createServer((a) => {
      const b = net.connect(this.targetPort, '127.0.0.1');
      const conn = { watch: false, a, b };
      this.conns.add(conn);
      a.on('data', (chunk: Buffer) => {
        const m = /^(GET|POST|PUT|PATCH|DELETE) (\S+) HTTP/.exec(
          chunk.subarray(0, 2048).toString('latin1'),
        );
        if (m?.[1] === 'GET') {
          conn.watch = /[?&]watch=(true|1)\b/.test(m[2]!);
          if (conn.watch) this.watchRequests++;
          else this.listRequests++;
        }
        if (!b.write(chunk)) a.pause();
      });
      b.on('drain', () => a.resume());
      b.on('data', (chunk: Buffer) => {
        if (!a.write(chunk)) b.pause();
      });
      a.on('drain', () => b.resume());
      const close = () => {
        this.conns.delete(conn);
        a.destroy();
        b.destroy();
      };
      for (const s of [a, b]) {
        s.on('close', close);
        s.on('error', close);
      }
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }
  get openWatches(): number {
    return [...this.conns].filter((c) => c.watch).length;
  }
  async stop(): Promise<void> {
    for (const c of this.conns) {
      c.a.destroy();
      c.b.destroy();
    }
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

interface Cluster {
  url: string;
  port: number;
  token: string;
  child: ChildProcess;
  dir: string;
}

async function startCluster(scenario: string): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-server-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=12288',
      join(ROOT, 'bin', 'switchboard.mjs'),
      'cluster',
      '--port',
      '0',
      '--kubeconfig-out',
      kubeconfig,
      '--scenario',
      scenario,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await deadline(
    `cluster ${scenario}`,
    30 * 60_000,
    new Promise<void>((res, rej) => {
      const poll = setInterval(() => {
        if (existsSync(kubeconfig)) {
          clearInterval(poll);
          res();
        }
      }, 200);
      child.once('exit', (code) => {
        clearInterval(poll);
        rej(new Error(`cluster exited (${code}): ${log.slice(-2000)}`));
      });
    }),
  );
  const text = readFileSync(kubeconfig, 'utf8');
  const url = /server: (\S+)/.exec(text)![1]!;
  return {
    url,
    port: Number(new URL(url).port),
    token: /token: (\S+)/.exec(text)![1]!,
    child,
    dir,
  };
}

function apiCall(
  cluster: Cluster,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; text: string }> {
  return new Promise((res, rej) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      `${cluster.url}${path}`,
      {
        method,
        headers: {
          authorization: `Bearer ${cluster.token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': contentType } : {}),
        },
      },
      (r) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (d: string) => (text += d));
        r.on('end', () => res({ status: r.statusCode ?? 0, text }));
      },
    );
    req.on('error', rej);
    req.end(payload);
  });
}

/** One SSE tab: counts bytes (without heartbeats) and watches for markers. */
class Tab {
  bytes = 0;
  lastDataAt = performance.now();
  snapshotDone = false;
  private tail = '';
  private sawSnapshot = false;
  private waiters: { marker: string; resolve: (t: number) => void }[] = [];
  private req: http.ClientRequest;
  constructor(port: number) {
    this.req = http.get(`http://127.0.0.1:${port}/api/stream`, (res) => {
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        const now = performance.now();
        if (text === ': hb\n\n') return;
        this.bytes += Buffer.byteLength(text);
        this.lastDataAt = now;
        const window = this.tail + text;
        if (!this.sawSnapshot && window.includes('event: snapshot')) this.sawSnapshot = true;
        if (this.sawSnapshot && !this.snapshotDone && window.includes(']}\n\n'))
          this.snapshotDone = true;
        if (this.waiters.length) {
          this.waiters = this.waiters.filter((w) => {
            if (window.includes(w.marker)) {
              w.resolve(now);
              return false;
            }
            return true;
          });
        }
        this.tail = window.slice(-256);
      });
      res.on('error', () => undefined);
    });
    this.req.on('error', () => undefined);
  }
  waitFor(marker: string): Promise<number> {
    return new Promise((resolve) => this.waiters.push({ marker, resolve }));
  }
  async quiet(ms: number, max = 10_000): Promise<void> {
    const end = performance.now() + max;
    while (performance.now() - this.lastDataAt < ms && performance.now() < end) await sleep(50);
  }
  close(): void {
    this.req.destroy();
  }
}

interface ServerFigures {
  syncMs?: number;
  hwmKb?: number;
  flipBytes?: number;
  latP50?: number;
  latP99?: number;
  watches1?: number;
  watchesN?: number;
  notes: string[];
}

async function getJson<T>(port: number, path: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return (await res.json()) as T;
}

async function measureServer(
  kind: 'switchboard' | 'baseline',
  cluster: Cluster,
  proxy: CountingProxy,
  kubeconfig: string,
  opts: {
    tabs: number;
    samples: number;
    flips: number;
    flipPod: string;
    labelPod: string;
    phaseMs: number;
  },
): Promise<ServerFigures> {
  const fig: ServerFigures = { notes: [] };
  const child = spawnRole(kind === 'switchboard' ? 'hub' : 'baseline', [
    '--kubeconfig',
    kubeconfig,
  ]);
  const tabs: Tab[] = [];
  let crashed = '';
  child.once('exit', (code, signal) => (crashed = `server child exited (${code ?? signal})`));
  try {
    const ready = await waitLine<{ port: number; syncMs?: number }>(child, 'READY', 60 * 60_000);
    const port = ready.port;
    const tab = new Tab(port);
    tabs.push(tab);
    if (kind === 'switchboard') {
      fig.syncMs = ready.syncMs;
      await deadline(
        'snapshot',
        opts.phaseMs,
        (async () => {
          while (!tab.snapshotDone) await sleep(50);
        })(),
      );
    } else {
      await deadline(
        'baseline first tab sync',
        opts.phaseMs,
        (async () => {
          for (;;) {
            const s = await getJson<{ tabsSynced: number; firstSyncMs?: number; errors: string[] }>(
              port,
              '/stats',
            ).catch(() => undefined);
            if (!s) {
              if (crashed) throw new Error(crashed);
              await sleep(500);
              continue;
            }
            if (s.tabsSynced >= 1) {
              fig.syncMs = s.firstSyncMs;
              return;
            }
            if (s.errors.length) throw new Error(`baseline informer error: ${s.errors[0]}`);
            if (crashed) throw new Error(crashed);
            await sleep(200);
          }
        })(),
      );
    }
    await tab.quiet(1000, 120_000);
    await sleep(500);
    fig.watches1 = proxy.openWatches;

    // Bytes per endpoint change: flip one endpoint pod's readiness the way the demo does (the
    // simulated kubelet's `switchboard.dev/simulate: ready=false` annotation, then removing it)
    // and count the SSE bytes the whole change causes: the pod (annotation, then its Ready
    // condition), its EndpointSlice and Endpoints, and the kubelet's Event.
    const [ns, name] = opts.flipPod.split('/') as [string, string];
    const flipSizes: number[] = [];
    for (let i = 0; i < opts.flips; i++) {
      await tab.quiet(500);
      const before = tab.bytes;
      const value = i % 2 === 0 ? 'ready=false' : null;
      const patch = await apiCall(
        cluster,
        'PATCH',
        `/api/v1/namespaces/${ns}/pods/${name}`,
        { metadata: { annotations: { 'switchboard.dev/simulate': value } } },
        'application/merge-patch+json',
      );
      if (patch.status !== 200)
        throw new Error(`readiness flip: HTTP ${patch.status} ${patch.text.slice(0, 200)}`);
      await sleep(2500);
      await tab.quiet(500);
      flipSizes.push(tab.bytes - before);
    }
    fig.flipBytes = median(flipSizes);

    // Change → SSE latency: label patches on one pod, ~20/s.
    const [lns, lname] = opts.labelPod.split('/') as [string, string];
    const lat: number[] = [];
    const tag = Math.random().toString(36).slice(2, 8);
    for (let i = 0; i < opts.samples; i++) {
      const value = `${tag}-${i}`;
      const arrived = tab.waitFor(`"bench-seq":"${value}"`);
      const t0 = performance.now();
      const patch = await apiCall(
        cluster,
        'PATCH',
        `/api/v1/namespaces/${lns}/pods/${lname}`,
        { metadata: { labels: { 'bench-seq': value } } },
        'application/merge-patch+json',
      );
      if (patch.status !== 200)
        throw new Error(`label patch: HTTP ${patch.status} ${patch.text.slice(0, 200)}`);
      const t1 = await deadline('SSE event for a label patch', 30_000, arrived);
      lat.push(t1 - t0);
      await sleep(Math.max(0, 50 - (performance.now() - t0)));
    }
    fig.latP50 = percentile(lat, 50);
    fig.latP99 = percentile(lat, 99);

    // N tabs. The upstream watch count is the most seen while they connect and sync (a server
    // that runs out of memory on the way still shows what it had opened).
    fig.watchesN = proxy.openWatches;
    const sample = setInterval(() => {
      fig.watchesN = Math.max(fig.watchesN ?? 0, proxy.openWatches);
    }, 100);
    try {
      for (let i = 1; i < opts.tabs; i++) tabs.push(new Tab(port));
      await deadline(
        `${opts.tabs} tabs synced`,
        opts.phaseMs,
        (async () => {
          for (;;) {
            if (crashed) throw new Error(crashed);
            if (kind === 'switchboard') {
              if (tabs.every((t) => t.snapshotDone)) return;
            } else {
              const s = await getJson<{ tabsSynced: number; errors: string[] }>(
                port,
                '/stats',
              ).catch(() => undefined);
              if (s && s.tabsSynced >= opts.tabs) return;
              if (s?.errors.length) throw new Error(`baseline informer error: ${s.errors[0]}`);
            }
            await sleep(250);
          }
        })(),
      );
      await Promise.all(tabs.map((t) => t.quiet(1000, 600_000)));
      await sleep(500);
    } finally {
      clearInterval(sample);
    }
    fig.hwmKb = procStatus(child.pid!).hwmKb;
  } catch (err) {
    fig.notes.push(`${kind}: ${errorMessage(err)}${crashed ? ` (${crashed})` : ''}`);
    try {
      if (child.exitCode === null) {
        const st = procStatus(child.pid!);
        fig.hwmKb ??= st.hwmKb;
        fig.notes.push(
          `${kind}: server still up at ${(st.rssKb / 1024).toFixed(0)} MiB RSS when the phase gave up`,
        );
      } else {
        fig.notes.push(`${kind}: server process ended (${child.exitCode ?? child.signalCode})`);
      }
    } catch {
      // already gone
    }
  } finally {
    for (const t of tabs) t.close();
    await stopChild(child);
  }
  return fig;
}

async function retained(kubeconfig: string, impl: 'slim' | 'full'): Promise<number | string> {
  const child = spawnRole('retained', ['--kubeconfig', kubeconfig, '--impl', impl]);
  try {
    const r = await waitLine<{ pods: number; bytesPerPod: number }>(child, 'RESULT', 30 * 60_000);
    return r.bytesPerPod;
  } catch (err) {
    return errorMessage(err).slice(0, 160);
  } finally {
    await stopChild(child);
  }
}

function fmt(v: number | undefined, unit: 'ms' | 'B' | 'MiB' | 'n'): string {
  if (v === undefined || Number.isNaN(v)) return 'n/a';
  if (unit === 'ms') return v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`;
  if (unit === 'B') return `${v.toFixed(0)} B`;
  if (unit === 'MiB') return `${(v / 1024).toFixed(0)} MiB`;
  return String(v);
}
function ratioOf(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0)
    return 'n/a';
  return `×${(a / b).toFixed(3)}`;
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
    const cluster = await startCluster(scenario);
    console.log(
      `\n== ${scenario}: embedded cluster ready in ${((performance.now() - t0) / 1000).toFixed(1)} s at ${cluster.url}`,
    );
    const proxy = new CountingProxy(cluster.port);
    await proxy.start();
    const dir = cluster.dir;
    const viaProxy = join(dir, 'via-proxy.kubeconfig');
    const direct = join(dir, 'direct.kubeconfig');
    writeFileSync(viaProxy, kubeconfigText(`http://127.0.0.1:${proxy.port}`, cluster.token));
    writeFileSync(direct, kubeconfigText(cluster.url, cluster.token));
    try {
      // Pods to change: two endpoint pods of one Service (one for readiness flips, one for labels).
      const slices = JSON.parse(
        (await apiCall(cluster, 'GET', '/apis/discovery.k8s.io/v1/endpointslices?limit=200')).text,
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
      const podCount = JSON.parse((await apiCall(cluster, 'GET', '/api/v1/pods?limit=1')).text) as {
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
      await stopChild(cluster.child);
      rmSync(dir, { recursive: true, force: true });
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
