/**
 * Process harness shared by the e2e fixtures and the benchmarks: starts the embedded cluster and
 * the built dashboard as real child processes on free loopback ports, the way a user or the image
 * would (`switchboard cluster`; `node server.js` in the standalone directory that
 * scripts/build-standalone.sh assembles and the image ships), and always stops them.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { SERVER_NODE_FLAGS } from '../cli/server-node-flags';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What ships: the self-contained server directory (`npm run build`). */
export const STANDALONE_DIR = join(ROOT, '.next', 'standalone');
const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  child?: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`${what}: process exited with ${child.exitCode}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms`);
}

async function stopProcess(child: ChildProcess, graceMs = 4000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function collectOutput(child: ChildProcess, label: string): () => string {
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (process.env.HARNESS_VERBOSE) process.stderr.write(`[${label}] ${chunk}`);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => output;
}

export interface EmbeddedCluster {
  /** `https://127.0.0.1:PORT`. */
  url: string;
  port: number;
  kubeconfig: string;
  /** PEM of the cluster's CA: the same across `start()`s (the cluster keeps it in a --cert-dir). */
  caCertificate: string;
  /** The admin bearer token of the current run's kubeconfig. */
  readonly token: string;
  scenario: string;
  /** Runs real kubectl against this cluster with an isolated cache. */
  kubectl(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }>;
  /** The same with extra environment variables (e.g. `KUBE_EDITOR` for `kubectl edit`). */
  kubectlWithEnv(
    env: Record<string, string>,
    ...args: string[]
  ): Promise<{ stdout: string; stderr: string; code: number }>;
  /** Stops the cluster process (the dashboard sees it go away). */
  stop(): Promise<void>;
  /** Starts it again on the same port (fresh state of the same scenario). */
  start(): Promise<void>;
  logs(): string;
}

export async function startCluster(
  scenario: string,
  options: { extraArgs?: string[]; port?: number } = {},
): Promise<EmbeddedCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-cluster-'));
  const kubeconfig = join(dir, 'kubeconfig');
  let port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;
  let logs = () => '';

  const start = async () => {
    rmSync(kubeconfig, { force: true });
    child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin/switchboard.mjs'),
        'cluster',
        '--port',
        String(port),
        '--kubeconfig-out',
        kubeconfig,
        '--scenario',
        scenario,
        // A restarted cluster presents the same CA, so clients that trusted it keep connecting.
        '--cert-dir',
        join(dir, 'pki'),
        ...(options.extraArgs ?? []),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
    );
    logs = collectOutput(child, `cluster:${scenario}`);
    await waitFor(
      `embedded cluster (${scenario})`,
      () => existsSync(kubeconfig),
      60_000,
      child,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${logs()}`);
    });
  };
  for (let attempt = 1; ; attempt++) {
    try {
      await start();
      break;
    } catch (error) {
      // Another process can take the free port between freePort() and the cluster's listen
      // (tests run two files at once): pick another one, unless the caller chose the port.
      const taken = /EADDRINUSE/.test(error instanceof Error ? error.message : String(error));
      if (options.port !== undefined || !taken || attempt >= 3) throw error;
      port = await freePort();
    }
  }

  const cacheDir = join(dir, 'kubectl-cache');
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    kubeconfig,
    caCertificate: readKubeconfigCluster(kubeconfig).caCertificate,
    get token() {
      return readKubeconfigCluster(kubeconfig).token;
    },
    scenario,
    kubectl: (...args: string[]) => runKubectl({}, args),
    kubectlWithEnv: (env: Record<string, string>, ...args: string[]) => runKubectl(env, args),
    stop: async () => {
      if (child) await stopProcess(child);
    },
    start,
    logs: () => logs(),
  };

  function runKubectl(env: Record<string, string>, args: string[]) {
    return new Promise<{ stdout: string; stderr: string; code: number }>((resolveRun) => {
      execFile(
        KUBECTL,
        ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
        { timeout: 60_000, env: { ...process.env, HOME: dir, ...env } },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolveRun({ stdout, stderr, code });
        },
      );
    });
  }
}

export interface Dashboard {
  url: string;
  port: number;
  /** The server process (to signal it, or to read its exit code). */
  child: ChildProcess;
  stop(): Promise<void>;
  logs(): string;
}

export interface StandaloneOptions {
  /** The directory holding server.js (default STANDALONE_DIR; a copy, e.g. made read-only). */
  dir?: string;
  /** The server's whole environment beyond PORT/HOSTNAME (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Run as this user and group (needs root; the image runs as 65532). */
  uid?: number;
  gid?: number;
  /** The path that answers 200 once the server is synced (default `/readyz` on the UI port). */
  readyUrl?: (url: string) => string;
  /** The port to serve on, when something must know the URL first (an OpenID provider's
   * redirect URI); default a free one. */
  port?: number;
}

/** Starts `node server.js` in a standalone directory, with the image's CMD's Node flags. */
export async function startStandalone(options: StandaloneOptions = {}): Promise<Dashboard> {
  const dir = options.dir ?? STANDALONE_DIR;
  if (!existsSync(join(dir, 'server.js')))
    throw new Error(`no standalone server in ${dir}: run \`npm run build\``);
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startStandaloneOn(dir, port, options);
    } catch (error) {
      // As for the cluster: another process can take the free port before the server listens.
      const taken = /EADDRINUSE/.test(error instanceof Error ? error.message : String(error));
      if (options.port !== undefined || !taken || attempt >= 3) throw error;
    }
  }
}

async function startStandaloneOn(
  dir: string,
  port: number,
  options: StandaloneOptions,
): Promise<Dashboard> {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(dir, 'server.js')], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: options.uid,
    gid: options.gid,
    env: {
      // Servers started in parallel must never share a history directory: in memory unless a
      // test asks for one (SWITCHBOARD_NO_HISTORY='' and its own SWITCHBOARD_DATA_DIR).
      SWITCHBOARD_NO_HISTORY: '1',
      ...(options.env ?? process.env),
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
    },
  });
  const logs = collectOutput(child, 'dashboard');
  const url = `http://127.0.0.1:${port}`;
  const readyUrl = options.readyUrl?.(url) ?? `${url}/readyz`;
  await waitFor(
    'dashboard',
    async () => {
      try {
        const response = await fetch(readyUrl);
        return response.status === 200;
      } catch {
        return false;
      }
    },
    60_000,
    child,
  ).catch((error: Error) => {
    void stopProcess(child, 1000);
    throw new Error(`${error.message}\n${logs()}`);
  });
  return { url, port, child, stop: () => stopProcess(child, 3000), logs };
}

/** Starts the standalone server against a kubeconfig. Requires `npm run build` first. */
export async function startDashboard(
  kubeconfig: string,
  options: { readOnly?: boolean; env?: Record<string, string> } = {},
): Promise<Dashboard> {
  return startStandalone({
    env: {
      ...process.env,
      SWITCHBOARD_KUBECONFIG: kubeconfig,
      ...(options.readOnly ? { SWITCHBOARD_READ_ONLY: '1' } : {}),
      ...options.env,
    },
  });
}

/** The server, CA (PEM, empty over plain HTTP) and bearer token of a kubeconfig's first entries. */
export function readKubeconfigCluster(kubeconfig: string): {
  server: string;
  caCertificate: string;
  token: string;
} {
  const config = parseYaml(readFileSync(kubeconfig, 'utf8')) as {
    clusters?: { cluster?: { server?: string; 'certificate-authority-data'?: string } }[];
    users?: { user?: { token?: string } }[];
  };
  const cluster = config.clusters?.[0]?.cluster;
  if (!cluster?.server) throw new Error(`no server in ${kubeconfig}`);
  return {
    server: cluster.server,
    caCertificate: Buffer.from(cluster['certificate-authority-data'] ?? '', 'base64').toString(),
    token: config.users?.[0]?.user?.token ?? '',
  };
}
