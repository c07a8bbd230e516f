/**
 * One server under test, measured: its role started as a child, one tab until synced, readiness
 * flips and label patches through the cluster while the tab counts bytes and latency, then N
 * tabs while the proxy counts upstream watches; and the retained-bytes role on its own.
 *
 * Contract: a phase that fails or runs out of time is a note in the figures, never an abort of
 * the benchmark; every child is stopped before the function returns.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '../../cli/server-node-flags';
import { errorMessage } from '../../lib/error-message';
import { clusterCall, ROOT, type BenchCluster } from '../tools/cluster';
import { procStatus, sleep, stopChild, track, withDeadline } from '../tools/process';
import { median, percentile } from '../tools/stats';
import type { CountingProxy } from './counting-proxy';
import { Tab } from './tab';

function spawnRole(role: string, extra: string[], maxOldSpace?: number): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '--conditions=react-server',
      '--expose-gc',
      // The hub runs as the server ships (cli/server-node-flags.ts); the baseline alike.
      ...SERVER_NODE_FLAGS,
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
  return track(child);
}

function waitLine<T>(child: ChildProcess, prefix: string, ms: number): Promise<T> {
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  return withDeadline(
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

export interface ServerFigures {
  syncMs?: number;
  hwmKb?: number;
  /** On the wire (gzip when the server compresses and the tabs accept it). */
  flipBytes?: number;
  /** The same flips as SSE text, before compression. */
  flipFrameBytes?: number;
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

/** The server under test: the hub (protocol version 2 or 1 frames) or the makeInformer baseline. */
export type ServerKind = 'switchboard' | 'switchboard-v1' | 'baseline';

export async function measureServer(
  kind: ServerKind,
  cluster: BenchCluster,
  proxy: CountingProxy,
  kubeconfig: string,
  opts: {
    tabs: number;
    samples: number;
    flips: number;
    flipPod: string;
    labelPod: string;
    phaseMs: number;
    /** Tabs accept a gzip-compressed stream, as browsers do (default true). */
    compressed?: boolean;
  },
): Promise<ServerFigures> {
  const fig: ServerFigures = { notes: [] };
  const child = spawnRole(kind === 'baseline' ? 'baseline' : 'hub', [
    '--kubeconfig',
    kubeconfig,
    ...(kind === 'switchboard-v1' ? ['--frames', '1'] : []),
  ]);
  const hub = kind !== 'baseline';
  const tabs: Tab[] = [];
  let crashed = '';
  child.once('exit', (code, signal) => (crashed = `server child exited (${code ?? signal})`));
  try {
    const ready = await waitLine<{ port: number; syncMs?: number }>(child, 'READY', 60 * 60_000);
    const port = ready.port;
    const compressed = opts.compressed ?? true;
    const tab = new Tab(port, compressed);
    tabs.push(tab);
    if (hub) {
      fig.syncMs = ready.syncMs;
      await withDeadline(
        'snapshot',
        opts.phaseMs,
        (async () => {
          while (!tab.snapshotDone) await sleep(50);
        })(),
      );
    } else {
      await withDeadline(
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
    const flipFrameSizes: number[] = [];
    for (let i = 0; i < opts.flips; i++) {
      await tab.quiet(500);
      const before = tab.bytes;
      const framesBefore = tab.frameBytes;
      const value = i % 2 === 0 ? 'ready=false' : null;
      const patch = await clusterCall(
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
      flipFrameSizes.push(tab.frameBytes - framesBefore);
    }
    fig.flipBytes = median(flipSizes);
    fig.flipFrameBytes = median(flipFrameSizes);

    // Change → SSE latency: label patches on one pod, ~20/s.
    const [lns, lname] = opts.labelPod.split('/') as [string, string];
    const lat: number[] = [];
    const tag = Math.random().toString(36).slice(2, 8);
    for (let i = 0; i < opts.samples; i++) {
      const value = `${tag}-${i}`;
      const arrived = tab.waitFor(`"bench-seq":"${value}"`);
      const t0 = performance.now();
      const patch = await clusterCall(
        cluster,
        'PATCH',
        `/api/v1/namespaces/${lns}/pods/${lname}`,
        { metadata: { labels: { 'bench-seq': value } } },
        'application/merge-patch+json',
      );
      if (patch.status !== 200)
        throw new Error(`label patch: HTTP ${patch.status} ${patch.text.slice(0, 200)}`);
      const t1 = await withDeadline('SSE event for a label patch', 30_000, arrived);
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
      for (let i = 1; i < opts.tabs; i++) tabs.push(new Tab(port, compressed));
      await withDeadline(
        `${opts.tabs} tabs synced`,
        opts.phaseMs,
        (async () => {
          for (;;) {
            if (crashed) throw new Error(crashed);
            if (hub) {
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

export async function retained(
  kubeconfig: string,
  impl: 'slim' | 'full',
): Promise<number | string> {
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
