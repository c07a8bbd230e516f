/**
 * Test support for the embedded apiserver's HTTP tests: an emulator with no default controllers
 * (and no kubelet) on a free loopback port, a JSON request helper, a line-by-line watch reader
 * and small object fixtures. Used only by tests.
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../server';
import { clusterFetch, trustCluster } from '../../testing/cluster-fetch';

/** The emulator over HTTPS; call() and openWatch() trust its CA and send its admin token. */
export async function startCore(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return trustCluster(await startEmulator({ kubelet: false, controllers: () => [], ...options }));
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { metadata?: Record<string, unknown> };
}

export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const res = await clusterFetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  assertContentType(res);
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}

/** Binds a ClusterRole to a user in `default` as the admin, as `kubectl create rolebinding` does. */
export async function bindClusterRole(
  base: string,
  binding: { name: string; clusterRole: string; user: string },
): Promise<void> {
  const created = await call(
    base,
    'POST',
    '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
    {
      metadata: { name: binding.name },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: binding.clusterRole,
      },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: binding.user }],
    },
  );
  if (created.status !== 201) throw new Error(`rolebinding ${binding.name}: ${created.status}`);
}

function assertContentType(res: Response) {
  if (!res.headers.get('content-type'))
    throw new Error(`response without Content-Type: ${res.url}`);
}

export interface WatchEvent {
  type: string;
  object: Record<string, unknown> & {
    metadata: Record<string, unknown> & { name?: string; resourceVersion?: string };
  };
}

export interface WatchReader {
  status: number;
  headers: Headers;
  /** The next event, or undefined when the stream ended. Rejects after timeoutMs. */
  next(timeoutMs?: number): Promise<WatchEvent | undefined>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
  /** Raw lines received, for wire-format checks. */
  lines: string[];
}

export async function openWatch(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<WatchReader> {
  const abort = new AbortController();
  const res = await clusterFetch(base + path, { headers, signal: abort.signal });
  assertContentType(res);
  const queue: (WatchEvent | undefined)[] = [];
  const waiters: ((e: WatchEvent | undefined) => void)[] = [];
  const lines: string[] = [];
  const push = (e: WatchEvent | undefined) => {
    const w = waiters.shift();
    if (w) w(e);
    else queue.push(e);
  };
  const ended = (async () => {
    if (!res.body) return push(undefined);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 1);
          lines.push(line);
          push(JSON.parse(line) as WatchEvent);
        }
      }
    } catch {
      // aborted by close()
    }
    push(undefined);
  })();
  return {
    status: res.status,
    headers: res.headers,
    lines,
    ended,
    next(timeoutMs = 5000) {
      if (queue.length) return Promise.resolve(queue.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = waiters.indexOf(done);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`no watch event within ${timeoutMs} ms on ${path}`));
        }, timeoutMs);
        const done = (e: WatchEvent | undefined) => {
          clearTimeout(timer);
          resolve(e);
        };
        waiters.push(done);
      });
    },
    close: () => abort.abort(),
  };
}

/** Polls `check` on each macrotask until it returns true (bounded by attempts, not time). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  attempts = 2000,
): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
}

export const podSpec = { containers: [{ name: 'c', image: 'nginx:1.27' }] };

export function pod(
  name: string,
  labels: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { ...podSpec, ...extra },
  };
}

export function service(name: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ port: 80 }], ...extra },
  };
}

export function endpoints(name: string, labels: Record<string, string> = {}) {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, labels } };
}

export function namespace(name: string) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function deployment(name: string, replicas = 1) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: podSpec },
    },
  };
}
