/**
 * The embedded cluster as the benchmarks use it: started as a child through the real CLI
 * (`switchboard cluster --port 0`), so its memory is its own, and called over loopback HTTPS,
 * trusting the CA and sending the bearer token of the kubeconfig it writes.
 *
 * Contract: `startBenchCluster` resolves once the CLI has written its kubeconfig (it does so
 * only when it serves) and rejects when the child exits first or the deadline passes; `stop()`
 * ends the child (SIGTERM, then SIGKILL after 10 s) and removes its files. `clusterCall` uses a
 * fresh connection per request: a pooled keep-alive socket can be closed by the server's
 * keep-alive timeout just as it is reused (ECONNRESET after long phases).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { embeddedClusterArgs } from '../../cli/demo-clusters';
import { readKubeconfigCluster } from '../../e2e/harness';
import { stopChild, track, withDeadline } from './process';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

export interface BenchCluster {
  url: string;
  port: number;
  pid: number;
  token: string;
  /** PEM of the cluster's CA (from its kubeconfig). */
  caCertificate: string;
  /** The directory of its files (the kubeconfig among them); removed by `stop()`. */
  dir: string;
  /** Start-up time until it served (scenario loaded, controllers settled). */
  startMs: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** More `switchboard cluster` flags. */
  extra?: string[];
  /** Node flags for the cluster's process (e.g. a larger heap). */
  nodeArgs?: string[];
  timeoutMs: number;
  /** Each progress line the CLI prints on stderr. */
  onProgress?: (line: string) => void;
}

export async function startBenchCluster(
  scenario: string,
  options: StartOptions,
): Promise<BenchCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const started = performance.now();
  const child = track(
    spawn(
      process.execPath,
      [
        ...(options.nodeArgs ?? []),
        ...embeddedClusterArgs(ROOT, scenario, kubeconfig),
        ...(options.extra ?? []),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
    for (const line of d.toString().split('\n')) {
      if (line.startsWith('switchboard cluster:')) options.onProgress?.(line.slice(21));
    }
  });
  await withDeadline(
    `starting ${scenario}`,
    options.timeoutMs,
    new Promise<void>((ready, reject) => {
      const poll = setInterval(() => {
        if (existsSync(kubeconfig)) {
          clearInterval(poll);
          ready();
        }
      }, 100);
      child.once('exit', (code) => {
        clearInterval(poll);
        reject(new Error(`cluster exited (${code}):\n${log}`));
      });
    }),
  );
  const written = readKubeconfigCluster(kubeconfig);
  const url = written.server;
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid ?? 0,
    token: written.token,
    caCertificate: written.caCertificate,
    dir,
    startMs: performance.now() - started,
    child,
    async stop() {
      await stopChild(child, 10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type ClusterTarget = Pick<BenchCluster, 'url' | 'token' | 'caCertificate'>;

/** node:https's request to `path` of the cluster, trusting exactly its CA (node:http for http://). */
export function clusterRequest(
  cluster: ClusterTarget,
  path: string,
  options: RequestOptions,
  onResponse: (res: IncomingMessage) => void,
): ClientRequest {
  const url = `${cluster.url}${path}`;
  return url.startsWith('https:')
    ? httpsRequest(url, { ...options, ca: cluster.caCertificate }, onResponse)
    : httpRequest(url, options, onResponse);
}

/** One HTTP request over a fresh loopback connection; resolves with status and body text. */
export function clusterCall(
  cluster: ClusterTarget,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; text: string }> {
  return new Promise((resolveCall, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = clusterRequest(
      cluster,
      path,
      {
        method,
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

/** `clusterCall` that insists on a 2xx and parses the JSON. */
export async function clusterJson<T>(
  cluster: ClusterTarget,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
): Promise<T> {
  const { status, text } = await clusterCall(cluster, method, path, body, contentType);
  if (status >= 300) throw new Error(`${method} ${path}: ${status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
