/**
 * HTTP GETs to the cluster with client-node's config and auth, as raw Node streams.
 *
 * Contract: `createKubeTransport(kc).get(path, signal)` resolves with the response (any status)
 * once headers arrive; auth (bearer tokens, exec plugins, client certs, CA, skipTLSVerify,
 * proxies) comes from `KubeConfig.applyToHTTPSOptions` on every request, so refreshed tokens are
 * used. We stream the body ourselves instead of using client-node's `Watch` because that class
 * aborts any watch quiet for 30 s and hides the Status of non-200 answers.
 * Node-only (no `server-only` marker so the CLI's preflight can use it outside Next).
 */
import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import type { KubeConfig } from '@kubernetes/client-node';
import { errorMessage } from '../error-message';
import { timeoutSignal } from '../timeout-signal';
import { PING_TIMEOUT_MS } from './watch-timing';

export interface KubeTransport {
  /** The API server URL (for messages). */
  readonly server: string;
  get(path: string, signal: AbortSignal): Promise<http.IncomingMessage>;
  /**
   * Is the server alive: resolves once it answers `GET /version` (any status), rejects when it
   * does not within `PING_TIMEOUT_MS`. Concurrent calls share one request, and an answer counts
   * for a few seconds, so every watch loop of a quiet cluster costs one small request.
   */
  ping?(): Promise<void>;
  /**
   * Which cluster answers at this address: the uid of its `kube-system` namespace (created once
   * per cluster, so a cluster restored or replaced at the same URL has another), read with a
   * field-selected LIST (the `list` verb every dashboard role has). Undefined when the server
   * answered but did not say (refused by RBAC, no such namespace); rejects when it did not
   * answer. Never shared between callers: an answer started before a replacement would vouch
   * for the old cluster.
   */
  clusterUid?(signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Has the collection at `path` changed since `resourceVersion`: a watch from it that the
   * server ends after a second (`timeoutSeconds=1`) and that delivered an object event, or a
   * refusal of the resourceVersion (410, 504) → true; it ended with none → false; any other
   * answer → false (it cannot tell). Rejects when the server does not answer within a second
   * plus `PING_TIMEOUT_MS`. What a quiet watch is judged by: progress it did not deliver.
   */
  changedSince?(path: string, resourceVersion: string, signal?: AbortSignal): Promise<boolean>;
}

/** A non-2xx answer from the API server, with its Status fields when it sent one. */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/** TCP keep-alive probes notice a dead peer even when no application bytes flow. */
const KEEPALIVE_MS = 15_000;

export interface TransportOptions {
  /** How long `ping` waits for an answer (default `PING_TIMEOUT_MS`). */
  pingTimeoutMs?: number;
}

export function createKubeTransport(kc: KubeConfig, options: TransportOptions = {}): KubeTransport {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/+$/, '');
  const transport: KubeTransport = {
    server,
    async clusterUid(signal) {
      const bound = timeoutSignal(options.pingTimeoutMs ?? PING_TIMEOUT_MS, signal);
      try {
        const res = await transport.get(
          '/api/v1/namespaces?fieldSelector=metadata.name%3Dkube-system',
          bound.signal,
        );
        if (res.statusCode !== 200) {
          res.resume();
          return undefined;
        }
        const list = JSON.parse(await readBody(res)) as {
          items?: { metadata?: { uid?: string } }[];
        };
        return list.items?.[0]?.metadata?.uid;
      } finally {
        bound.dispose();
      }
    },
    async changedSince(path, resourceVersion, signal) {
      const bound = timeoutSignal(1_000 + (options.pingTimeoutMs ?? PING_TIMEOUT_MS), signal);
      const query = new URLSearchParams({ watch: 'true', resourceVersion, timeoutSeconds: '1' });
      try {
        const res = await transport.get(`${path}?${query}`, bound.signal);
        if (res.statusCode !== 200) {
          res.resume();
          return res.statusCode === 410 || res.statusCode === 504;
        }
        return await watchDeliversChange(res);
      } finally {
        bound.dispose();
      }
    },
    ping: sharedPing(() => {
      const signal = AbortSignal.timeout(options.pingTimeoutMs ?? PING_TIMEOUT_MS);
      return transport.get('/version', signal).then((res) => void res.resume());
    }),
    async get(path, signal) {
      const url = new URL(server + path);
      const options: https.RequestOptions = {
        method: 'GET',
        headers: { Accept: 'application/json', 'User-Agent': 'switchboard' },
      };
      await kc.applyToHTTPSOptions(options);
      const mod = url.protocol === 'https:' ? https : http;
      return new Promise<http.IncomingMessage>((resolve, reject) => {
        if (signal.aborted) {
          reject(abortError(signal));
          return;
        }
        const req = mod.request(url, { ...options, signal }, resolve);
        req.on('error', reject);
        req.on('socket', (socket) => socket.setKeepAlive(true, KEEPALIVE_MS));
        req.end();
      });
    },
  };
  return transport;
}

/**
 * Reads a watch body until its first object or ERROR event (true; the rest is discarded) or its
 * end (false).
 */
async function watchDeliversChange(res: http.IncomingMessage): Promise<boolean> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of res) {
    pending += decoder.write(chunk as Buffer);
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (line && (JSON.parse(line) as { type?: string }).type !== 'BOOKMARK') {
        res.destroy();
        return true;
      }
    }
  }
  return false;
}

/** How long a successful ping vouches for the server (loops going quiet together share it). */
const PING_FRESH_MS = 2_000;

/** One request in flight for every caller, and a recent answer reused. */
function sharedPing(send: () => Promise<void>): () => Promise<void> {
  let inFlight: Promise<void> | undefined;
  let answeredAt = -Infinity;
  return () => {
    if (performance.now() - answeredAt < PING_FRESH_MS) return Promise.resolve();
    inFlight ??= send().then(
      () => {
        answeredAt = performance.now();
        inFlight = undefined;
      },
      (error: unknown) => {
        inFlight = undefined;
        throw error;
      },
    );
    return inFlight;
  };
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}

/** Read a whole (bounded) response body as a string. */
export async function readBody(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Turn a non-2xx response into a KubeApiError carrying the apiserver's Status message. */
export async function errorFromResponse(
  res: http.IncomingMessage,
  what: string,
): Promise<KubeApiError> {
  const status = res.statusCode ?? 0;
  let message = `${what}: HTTP ${status}`;
  let reason: string | undefined;
  try {
    const body = JSON.parse(await readBody(res)) as { message?: string; reason?: string };
    if (body.message) message = `${what}: HTTP ${status} ${body.reason ?? ''}: ${body.message}`;
    reason = body.reason;
  } catch {
    // A body that is not a Status (a proxy's HTML page): the status code says enough.
  }
  return new KubeApiError(status, message, reason);
}

/**
 * Socket error codes that mean the API server could not be reached at all: refused, no route,
 * the name did not resolve, or the connection attempt timed out. A connection that was made and
 * then dropped (ECONNRESET, a closed body) is not among them.
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
]);

/**
 * The one decision of "the cluster is unreachable": the socket error code when `err` says so,
 * else undefined. The watch loop relists after it, and every message about it says "cannot reach".
 */
export function unreachableCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' && UNREACHABLE_CODES.has(code) ? code : undefined;
}

/** A message a person can act on, for errors reaching the cluster. */
export function describeClusterError(err: unknown, server: string): string {
  if (err instanceof KubeApiError) {
    if (err.status === 401) {
      return `the cluster at ${server} rejected the credentials (401 Unauthorized): ${err.message}`;
    }
    if (err.status === 403) {
      return `the credentials are not allowed to read this (403 Forbidden): ${err.message}`;
    }
    return err.message;
  }
  const code = unreachableCode(err);
  if (code) return `cannot reach the cluster at ${server} (${code})`;
  return `cluster ${server}: ${errorMessage(err)}`;
}
