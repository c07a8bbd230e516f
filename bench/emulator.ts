/**
 * Benchmark of the embedded cluster: run it with
 *   node --conditions=react-server --import tsx bench/emulator.ts [--pods N] [--quick]
 * (npm run bench:emulator). The emulator runs as a child process through the real CLI
 * (`switchboard cluster`), so its memory is measured apart from the client's (/proc/<pid>/status;
 * the peak is reset before each phase through /proc/<pid>/clear_refs). Everything talks to
 * 127.0.0.1 only and every phase has a deadline. Each figure is printed beside a baseline run
 * in the same process run, with the ratio:
 *   (a) listing N (default 150,000) pods in pages of 500 — baseline: one unpaged list of the same
 *       pods, and JSON.stringify of the same items in this process (the serialisation floor);
 *   (b) 100 concurrent watchers, latency from issuing a write to each watcher receiving its
 *       event (p50/p99) — baseline: 1 watcher;
 *   (c) time for Endpoints and EndpointSlices to converge after scaling a Deployment 0→1000 and
 *       1000→500 — baseline: the same for 100 pods (0→100, 100→50).
 * Medians of several repetitions where cheap.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const POD_COUNT = Number(argv[argv.indexOf('--pods') + 1] ?? 0) || (QUICK ? 20_000 : 150_000);
const REPS = QUICK ? 2 : 3;

// ---------------------------------------------------------------------------------------------
// Small tools

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    NaN
  );
};
const ms = (v: number) => (v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ms`);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
const ratio = (value: number, baseline: number) => `×${(value / baseline).toFixed(2)}`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

async function withDeadline<T>(what: string, timeoutMs: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no result within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function procStatus(pid: number): { rssKb: number; hwmKb: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

/** Resets the kernel's peak-RSS counter so VmHWM covers only what follows. */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

interface Cluster {
  url: string;
  pid: number;
  token: string;
  startMs: number;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

async function startCluster(
  scenario: string,
  extra: string[],
  timeoutMs: number,
): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/switchboard.mjs'),
      'cluster',
      '--port',
      '0',
      '--kubeconfig-out',
      kubeconfig,
      '--scenario',
      scenario,
      ...extra,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  let output = '';
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
    // The CLI's progress lines (scenario loaded in …, controllers settled in …).
    for (const line of d.toString().split('\n')) {
      if (line.startsWith('switchboard cluster:')) console.log(`  [${scenario}] ${line.slice(21)}`);
    }
  });
  const url = await withDeadline(
    `starting ${scenario}`,
    timeoutMs,
    new Promise<string>((resolveUrl, reject) => {
      child.stdout?.on('data', (d: Buffer) => {
        output += d.toString();
        const match = /switchboard cluster: serving (\S+) \(scenario /.exec(output);
        if (match?.[1]) resolveUrl(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`cluster exited (${code}):\n${output}`)));
    }),
  );
  const token = /token: (\S+)/.exec(readFileSync(kubeconfig, 'utf8'))?.[1] ?? '';
  return {
    url,
    pid: child.pid ?? 0,
    token,
    startMs: performance.now() - started,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(10_000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      children.delete(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One HTTP request over a fresh loopback connection; resolves with status and body text. */
function call(
  cluster: Cluster,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; text: string }> {
  return new Promise((resolveCall, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      `${cluster.url}${path}`,
      {
        method,
        // A fresh connection per request: a pooled keep-alive socket can be closed by the
        // server's keep-alive timeout just as it is reused (ECONNRESET after long phases).
        agent: false,
        headers: {
          authorization: `Bearer ${cluster.token}`,
          accept: 'application/json',
          ...(payload
            ? { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolveCall({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function callJson<T>(
  cluster: Cluster,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
): Promise<T> {
  const { status, text } = await call(cluster, method, path, body, contentType);
  if (status >= 300) throw new Error(`${method} ${path}: ${status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

interface Watcher {
  close(): void;
  ready: Promise<void>;
}

/** A raw NDJSON watch; `onEvent` gets every parsed event with its arrival time. */
function watch(
  cluster: Cluster,
  path: string,
  onEvent: (event: { type: string; object: Record<string, unknown> }, at: number) => void,
): Watcher {
  let response: IncomingMessage | undefined;
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const req = httpRequest(
    `${cluster.url}${path}`,
    { agent: false, headers: { authorization: `Bearer ${cluster.token}` } },
    (res) => {
      response = res;
      resolveReady();
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffered += chunk;
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          if (line)
            onEvent(JSON.parse(line) as { type: string; object: Record<string, unknown> }, at);
        }
      });
      res.on('error', () => undefined);
    },
  );
  req.on('error', () => undefined);
  req.end();
  return {
    ready,
    close() {
      response?.destroy();
      req.destroy();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// (a) listing

interface ListResult {
  ms: number;
  peakKb: number;
  items: unknown[];
  bytes: number;
}

async function listPods(cluster: Cluster, pageSize: number | undefined): Promise<ListResult> {
  resetPeak(cluster.pid);
  let peakKb = procStatus(cluster.pid).rssKb;
  const sampler = setInterval(() => {
    peakKb = Math.max(peakKb, procStatus(cluster.pid).hwmKb);
  }, 20);
  const items: unknown[] = [];
  let bytes = 0;
  const started = performance.now();
  try {
    let token: string | undefined;
    do {
      const query = pageSize
        ? `?limit=${pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`
        : '';
      const { status, text } = await call(cluster, 'GET', `/api/v1/pods${query}`);
      if (status !== 200) throw new Error(`list: ${status} ${text.slice(0, 200)}`);
      bytes += text.length;
      const page = JSON.parse(text) as { items: unknown[]; metadata: { continue?: string } };
      for (const item of page.items) items.push(item);
      token = page.metadata.continue || undefined;
    } while (token);
  } finally {
    clearInterval(sampler);
  }
  const elapsed = performance.now() - started;
  peakKb = Math.max(peakKb, procStatus(cluster.pid).hwmKb);
  return { ms: elapsed, peakKb, items, bytes };
}

async function benchListing(cluster: Cluster): Promise<void> {
  console.log(
    `\n(a) listing ${POD_COUNT.toLocaleString('en')} pods (emulator RSS before: ${mb(procStatus(cluster.pid).rssKb)})`,
  );
  const paged: ListResult[] = [];
  for (let i = 0; i < REPS; i++) {
    paged.push(await withDeadline('paged list', 300_000, listPods(cluster, 500)));
  }
  const first = paged[0];
  if (!first || first.items.length !== POD_COUNT) {
    throw new Error(`paged list returned ${first?.items.length} pods, expected ${POD_COUNT}`);
  }
  const unpaged = await withDeadline('unpaged list', 300_000, listPods(cluster, undefined));
  if (unpaged.items.length !== POD_COUNT)
    throw new Error(`unpaged list returned ${unpaged.items.length}`);

  const floor: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const started = performance.now();
    JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: first.items });
    floor.push(performance.now() - started);
  }
  const pagedMs = median(paged.map((r) => r.ms));
  const pagedPeak = Math.max(...paged.map((r) => r.peakKb));
  console.log(
    `  pages of 500 (${Math.ceil(POD_COUNT / 500)} requests), median of ${REPS}: ${ms(pagedMs)}, emulator peak RSS ${mb(pagedPeak)}, ${(first.bytes / 1e6).toFixed(0)} MB of JSON`,
  );
  console.log(
    `  baseline: one unpaged list:             ${ms(unpaged.ms)} (${ratio(pagedMs, unpaged.ms)}), emulator peak RSS ${mb(unpaged.peakKb)} (paged/unpaged ${ratio(pagedPeak, unpaged.peakKb)})`,
  );
  console.log(
    `  floor: JSON.stringify of the same items in-process, median of ${REPS}: ${ms(median(floor))} (paged ${ratio(pagedMs, median(floor))})`,
  );
}

// ---------------------------------------------------------------------------------------------
// (b) watch latency

async function watchLatency(cluster: Cluster, watchers: number, writes: number): Promise<number[]> {
  const namespace = 'bench-watch';
  const name = `probe-${watchers}`;
  await callJson(cluster, 'POST', `/api/v1/namespaces/${namespace}/services`, {
    metadata: { name, labels: { seq: '0' } },
    spec: { selector: { app: name }, ports: [{ port: 80 }] },
  });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let received = 0;
  const open: Watcher[] = [];
  for (let i = 0; i < watchers; i++) {
    open.push(
      watch(
        cluster,
        `/api/v1/namespaces/${namespace}/services?watch=true&fieldSelector=metadata.name%3D${name}&resourceVersion=0`,
        (event, at) => {
          if (event.type !== 'MODIFIED') return;
          const seq =
            (event.object.metadata as { labels?: Record<string, string> }).labels?.seq ?? '';
          const sent = sentAt.get(seq);
          if (sent !== undefined) {
            latencies.push(at - sent);
            received++;
          }
        },
      ),
    );
  }
  try {
    await Promise.all(open.map((w) => w.ready));
    await sleep(200);
    for (let seq = 1; seq <= writes; seq++) {
      sentAt.set(String(seq), performance.now());
      await callJson(
        cluster,
        'PATCH',
        `/api/v1/namespaces/${namespace}/services/${name}`,
        { metadata: { labels: { seq: String(seq) } } },
        'application/merge-patch+json',
      );
      await sleep(10);
    }
    const deadline = Date.now() + 30_000;
    while (received < watchers * writes && Date.now() < deadline) await sleep(20);
    if (received < watchers * writes) {
      throw new Error(`watchers received ${received} of ${watchers * writes} events`);
    }
  } finally {
    for (const w of open) w.close();
    await call(cluster, 'DELETE', `/api/v1/namespaces/${namespace}/services/${name}`);
  }
  return latencies;
}

async function benchWatchers(cluster: Cluster): Promise<void> {
  await callJson(cluster, 'POST', '/api/v1/namespaces', { metadata: { name: 'bench-watch' } });
  const writes = QUICK ? 50 : 200;
  console.log(
    `\n(b) watch latency, write issued → event received, ${writes} writes (a Service label patch)`,
  );
  const one = await withDeadline('1 watcher', 120_000, watchLatency(cluster, 1, writes));
  const hundred = await withDeadline('100 watchers', 180_000, watchLatency(cluster, 100, writes));
  const [p50, p99, b50, b99] = [
    percentile(hundred, 50),
    percentile(hundred, 99),
    percentile(one, 50),
    percentile(one, 99),
  ];
  console.log(`  100 watchers (${hundred.length} deliveries): p50 ${ms(p50)}, p99 ${ms(p99)}`);
  console.log(
    `  baseline, 1 watcher (${one.length} deliveries): p50 ${ms(b50)}, p99 ${ms(b99)}   ratios p50 ${ratio(p50, b50)}, p99 ${ratio(p99, b99)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// (c) convergence after scaling

interface SliceState {
  endpoints?: { conditions?: { ready?: boolean } }[];
}

/**
 * Scales the Deployment and measures, from the scale request, when the Service's Endpoints
 * (ready addresses, no not-ready ones) and its EndpointSlices (ready endpoints, nothing else)
 * both list exactly `replicas` pods, as seen through watches.
 */
async function scaleAndConverge(
  cluster: Cluster,
  namespace: string,
  name: string,
  replicas: number,
): Promise<{ endpoints: number; slices: number }> {
  const slices = new Map<string, SliceState>();
  let endpointsReady = -1;
  let endpointsNotReady = -1;
  let endpointsAt: number | undefined;
  let slicesAt: number | undefined;
  let started = Infinity;
  const check = (at: number) => {
    if (at < started) return;
    if (endpointsAt === undefined && endpointsReady === replicas && endpointsNotReady === 0)
      endpointsAt = at;
    const all = [...slices.values()].flatMap((s) => s.endpoints ?? []);
    if (slicesAt === undefined && all.length === replicas && all.every((e) => e.conditions?.ready))
      slicesAt = at;
  };
  const epWatch = watch(
    cluster,
    `/api/v1/namespaces/${namespace}/endpoints?watch=true&fieldSelector=metadata.name%3D${name}`,
    (event, at) => {
      const subsets = (event.type === 'DELETED' ? [] : (event.object.subsets ?? [])) as {
        addresses?: unknown[];
        notReadyAddresses?: unknown[];
      }[];
      endpointsReady = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
      endpointsNotReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
      check(at);
    },
  );
  const sliceWatch = watch(
    cluster,
    `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices?watch=true&labelSelector=kubernetes.io%2Fservice-name%3D${name}`,
    (event, at) => {
      const sliceName = (event.object.metadata as { name: string }).name;
      if (event.type === 'DELETED') slices.delete(sliceName);
      else slices.set(sliceName, event.object as SliceState);
      check(at);
    },
  );
  try {
    await Promise.all([epWatch.ready, sliceWatch.ready]);
    await sleep(300); // the synthetic ADDED events of the current state
    started = performance.now();
    await callJson(
      cluster,
      'PATCH',
      `/apis/apps/v1/namespaces/${namespace}/deployments/${name}/scale`,
      { spec: { replicas } },
      'application/merge-patch+json',
    );
    check(performance.now());
    const deadline = Date.now() + 120_000;
    while ((endpointsAt === undefined || slicesAt === undefined) && Date.now() < deadline)
      await sleep(5);
    if (endpointsAt === undefined || slicesAt === undefined) {
      throw new Error(
        `${name} → ${replicas}: not converged (Endpoints ${endpointsReady}/${endpointsNotReady}, slices ${[...slices.values()].flatMap((s) => s.endpoints ?? []).length})`,
      );
    }
    return { endpoints: endpointsAt - started, slices: slicesAt - started };
  } finally {
    epWatch.close();
    sliceWatch.close();
  }
}

async function benchScaling(cluster: Cluster): Promise<void> {
  const namespace = 'bench-scale';
  await callJson(cluster, 'POST', '/api/v1/namespaces', { metadata: { name: namespace } });
  // The base scenario's 3 Nodes hold 330 pods (110 each); register 12 more, as kubelets would.
  for (let i = 1; i <= 12; i++) {
    await callJson(cluster, 'POST', '/api/v1/nodes', {
      metadata: {
        name: `bench-node-${i}`,
        labels: {
          'kubernetes.io/hostname': `bench-node-${i}`,
          'topology.kubernetes.io/zone': `zone-${'abc'[i % 3]}`,
        },
      },
      spec: { podCIDR: `10.250.${i}.0/24`, podCIDRs: [`10.250.${i}.0/24`] },
    });
  }
  const results = new Map<string, { endpoints: number[]; slices: number[] }>();
  const sizes = [100, 1000];
  for (const size of sizes) {
    const name = `web-${size}`;
    await callJson(cluster, 'POST', `/apis/apps/v1/namespaces/${namespace}/deployments`, {
      metadata: { name },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [
              { name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }] },
            ],
          },
        },
      },
    });
    await callJson(cluster, 'POST', `/api/v1/namespaces/${namespace}/services`, {
      metadata: { name },
      spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    for (let rep = 0; rep < REPS; rep++) {
      for (const [label, replicas] of [
        [`0→${size}`, size],
        [`${size}→${size / 2}`, size / 2],
      ] as const) {
        const r = await withDeadline(
          `scale ${label}`,
          150_000,
          scaleAndConverge(cluster, namespace, name, replicas),
        );
        const entry = results.get(label) ?? { endpoints: [], slices: [] };
        entry.endpoints.push(r.endpoints);
        entry.slices.push(r.slices);
        results.set(label, entry);
      }
      await withDeadline('scale to 0', 150_000, scaleAndConverge(cluster, namespace, name, 0));
    }
  }
  console.log(
    `\n(c) convergence after scaling a Deployment (scale request → Endpoints and EndpointSlices list exactly the ready pods), median of ${REPS}`,
  );
  console.log(
    '    includes the simulated kubelet: 100 ms container start, --readiness-delay 0, ≤ 1 s graceful shutdown',
  );
  for (const [label, base] of [
    ['0→1000', '0→100'],
    ['1000→500', '100→50'],
  ] as const) {
    const r = results.get(label);
    const b = results.get(base);
    if (!r || !b) continue;
    const [re, rs, be, bs] = [
      median(r.endpoints),
      median(r.slices),
      median(b.endpoints),
      median(b.slices),
    ];
    console.log(
      `  ${label.padEnd(9)} Endpoints ${ms(re).padStart(8)}  EndpointSlices ${ms(rs).padStart(8)}`,
    );
    console.log(
      `  baseline ${base.padEnd(7)} Endpoints ${ms(be).padStart(8)}  EndpointSlices ${ms(bs).padStart(8)}   ratios ${ratio(re, be)}, ${ratio(rs, bs)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------

let failures = 0;

/** Runs one phase; a failure is printed and counted, and the other phases still run. */
async function phase(name: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    failures++;
    console.log(`  ${name} FAILED: ${(error as Error).stack ?? String(error)}`);
  }
}

async function main(): Promise<void> {
  console.log(
    `bench/emulator.ts — embedded cluster, node ${process.version}, ${new Date().toISOString()}${QUICK ? ' (quick)' : ''}`,
  );
  const large = await startCluster(`large:${POD_COUNT}`, [], 900_000);
  try {
    const status = procStatus(large.pid);
    console.log(
      `large:${POD_COUNT} ready (scenario loaded, controllers settled) in ${(large.startMs / 1000).toFixed(1)} s; emulator RSS ${mb(status.rssKb)}, peak ${mb(status.hwmKb)}`,
    );
    await phase('(a)', () => benchListing(large));
    await phase('(b)', () => benchWatchers(large));
  } finally {
    await large.stop();
  }
  const small = await startCluster('empty', ['--readiness-delay', '0'], 60_000);
  try {
    await phase('(c)', () => benchScaling(small));
  } finally {
    await small.stop();
  }
}

const overall = setTimeout(() => {
  console.error('bench/emulator.ts: overall deadline (40 min) reached');
  process.exit(1);
}, 40 * 60_000);
main()
  .then(() => {
    clearTimeout(overall);
    process.exit(failures ? 1 : 0);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
