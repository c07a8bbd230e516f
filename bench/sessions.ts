/**
 * Benchmark of signed-in sessions against the same tabs without sign-in:
 *   npm run bench:sessions [-- --scenario large:10000] [--tabs 200] [--deltas 200]
 * The embedded cluster runs as a child (`switchboard cluster --scenario S`). Each role runs in a
 * child process of its own (so its peak RSS is its own) with one hub (lib/k8s/hub.ts) on that
 * cluster and `--tabs` open streams read in-process:
 *   - none: every tab unfiltered (`--auth none`, the hub's one fan-out);
 *   - scoped: every tab a different person, each seeing a different set of 1–3 namespaces
 *     (scopes built directly with lib/access/scope.ts: this measures the fan-out, not the
 *     SubjectAccessReviews, which are cached per person).
 * Per delta (one pod changed in the cache, as a watch event would), the CPU time of the process
 * from the change to every tab having read its frame; the peak RSS (VmHWM) after all deltas; the
 * upstream watches open. Medians are printed beside each other with the ratio scoped / none.
 * Nothing is compared with a target here: the figures are printed for a person to judge.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startBenchCluster, ROOT } from './tools/cluster';
import { procStatus, track } from './tools/process';
import { median } from './tools/stats';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

interface RoleFigures {
  role: string;
  tabs: number;
  scopes: number;
  upstreamWatches: number;
  cpuPerDeltaUs: number[];
  hwmKb: number;
  bytesRead: number;
}

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

async function runRole(role: string, kubeconfig: string, tabs: number, deltas: number) {
  const { Hub } = await import('../lib/k8s/hub');
  const { loadClusterConnection } = await import('../lib/k8s/connection');
  const { makeScope, EVERYTHING } = await import('../lib/access/scope');
  const hub = new Hub({
    connection: loadClusterConnection({ SWITCHBOARD_KUBECONFIG: kubeconfig }),
  });
  await hub.waitForSync(60 * 60_000);
  const namespaces = hub.cache.list('Namespace').map((n) => n.meta.name);
  let bytesRead = 0;
  let framesRead = 0;
  const readers: ReadableStreamDefaultReader<Uint8Array>[] = [];
  for (let i = 0; i < tabs; i++) {
    const mine = [0, 1, 2]
      .slice(0, 1 + (i % 3))
      .map((k) => namespaces[(i * 7 + k * 13) % namespaces.length]!);
    const kinds = ['Service', 'EndpointSlice', 'Endpoints', 'Pod', 'Deployment', 'ReplicaSet'];
    const scope =
      role === 'none' ? EVERYTHING : makeScope(Object.fromEntries(kinds.map((k) => [k, mine])));
    const reader = hub.subscribe({ scope }).stream.getReader();
    readers.push(reader);
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done || !value) return;
        bytesRead += value.byteLength;
        framesRead++;
      }
    })();
  }
  // Every tab reads its snapshot first; the deltas are measured after.
  for (let quiet = 0; quiet < 20;) {
    const before = framesRead;
    await new Promise((r) => setTimeout(r, 100));
    quiet = framesRead === before ? quiet + 1 : 0;
  }
  const pods = hub.cache.list('Pod');
  const cpuPerDeltaUs: number[] = [];
  for (let d = 0; d < deltas; d++) {
    const pod = pods[(d * 97) % pods.length]!;
    const changed = { ...pod, meta: { ...pod.meta, resourceVersion: `bench-${d}` } };
    const start = process.cpuUsage();
    hub.cache.apply('MODIFIED', changed);
    hub.flush();
    // Let every reader pull what was queued for it.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    const used = process.cpuUsage(start);
    cpuPerDeltaUs.push(used.user + used.system);
  }
  const stats = hub.stats();
  const figures: RoleFigures = {
    role,
    tabs,
    scopes: stats.scopes,
    upstreamWatches: stats.upstreamWatches,
    cpuPerDeltaUs,
    hwmKb: procStatus('self').hwmKb,
    bytesRead,
  };
  console.log(`FIGURES ${JSON.stringify(figures)}`);
  for (const r of readers) await r.cancel().catch(() => undefined);
  await hub.stop();
}

function child(role: string, kubeconfig: string, tabs: number, deltas: number) {
  return new Promise<RoleFigures>((resolve, reject) => {
    const proc = track(
      spawn(
        process.execPath,
        [
          '--conditions=react-server',
          '--import',
          'tsx',
          join(ROOT, 'bench', 'sessions.ts'),
          '--role',
          role,
          '--kubeconfig',
          kubeconfig,
          '--tabs',
          String(tabs),
          '--deltas',
          String(deltas),
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
      ),
    );
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('FIGURES '));
      if (!line) reject(new Error(`role ${role} exited ${code} without figures:\n${out}`));
      else resolve(JSON.parse(line.slice('FIGURES '.length)) as RoleFigures);
    });
  });
}

async function orchestrate(): Promise<void> {
  const scenario = arg('--scenario') ?? 'large:10000';
  const tabs = Number(arg('--tabs') ?? 200);
  const deltas = Number(arg('--deltas') ?? 200);
  console.log(
    `sessions benchmark — ${new Date().toISOString()}, node ${process.version}, ${scenario}, ${tabs} tabs, ${deltas} deltas`,
  );
  const cluster = await startBenchCluster(scenario, {
    nodeArgs: ['--max-old-space-size=12288'],
    timeoutMs: 30 * 60_000,
  });
  try {
    const { writeFileSync } = await import('node:fs');
    const kubeconfig = join(cluster.dir, 'bench.kubeconfig');
    writeFileSync(kubeconfig, kubeconfigText(cluster.url, cluster.token, cluster.caCertificate));
    const none = await child('none', kubeconfig, tabs, deltas);
    const scoped = await child('scoped', kubeconfig, tabs, deltas);
    const cpuNone = median(none.cpuPerDeltaUs);
    const cpuScoped = median(scoped.cpuPerDeltaUs);
    const row = (what: string, a: string, b: string, ratio?: number) =>
      console.log(
        `${what.padEnd(34)} ${a.padStart(14)} ${b.padStart(14)}${ratio === undefined ? '' : `  ×${ratio.toFixed(2)}`}`,
      );
    row('', '--auth none', 'signed in', undefined);
    row('tabs / distinct scopes', `${none.tabs} / 1`, `${scoped.tabs} / ${scoped.scopes}`);
    row('upstream watches', String(none.upstreamWatches), String(scoped.upstreamWatches));
    row(
      'fan-out CPU per delta, median (µs)',
      cpuNone.toFixed(0),
      cpuScoped.toFixed(0),
      cpuScoped / cpuNone,
    );
    row(
      'peak RSS (MiB)',
      (none.hwmKb / 1024).toFixed(0),
      (scoped.hwmKb / 1024).toFixed(0),
      scoped.hwmKb / none.hwmKb,
    );
    row('bytes read by all tabs', String(none.bytesRead), String(scoped.bytesRead));
  } finally {
    await cluster.stop();
  }
}

const role = arg('--role');
if (role) {
  await runRole(role, arg('--kubeconfig')!, Number(arg('--tabs')), Number(arg('--deltas')));
  process.exit(0);
} else {
  await orchestrate();
}
