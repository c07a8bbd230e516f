/**
 * Test support: `fetch` for a running embedded cluster over its HTTPS, trusting exactly that
 * cluster's CA and sending its admin token — what a kubeconfig gives kubectl, for tests that
 * speak raw HTTP. A cluster is found by the origin of the URL once `trustCluster()` has seen
 * it, so helpers that take a base URL keep their signatures. Used only by tests.
 *
 * Node's own `fetch` cannot be given a CA per request without undici's Agent, so this sends
 * through node:https/node:http and returns a web `Response` whose body streams (watches).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

export interface ClusterEndpoint {
  url: string;
  caCertificate?: string;
  adminToken?: string;
}

const clusters = new Map<string, ClusterEndpoint>();

/** Remembers a cluster's CA and token for requests to its origin. Returns the cluster. */
export function trustCluster<T extends ClusterEndpoint>(cluster: T): T {
  clusters.set(new URL(cluster.url).origin, cluster);
  return cluster;
}

function headersOf(response: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers;
}

async function bodyBytes(body: RequestInit['body']): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return Buffer.from(await new Response(body).arrayBuffer());
}

/** fetch's init, plus header lines sent apart (a `Headers` would join a repeated header). */
export interface ClusterRequestInit extends RequestInit {
  headerLines?: Record<string, string[]>;
}

/**
 * fetch(url, init) to a trusted cluster (or any other URL, with Node's defaults). The admin
 * token is sent unless the request sets its own Authorization, or `authorization: ''` to send
 * none.
 */
export async function clusterFetch(
  input: string | URL,
  init: ClusterRequestInit = {},
): Promise<Response> {
  const url = new URL(input);
  const cluster = clusters.get(url.origin);
  const headers = new Headers(init.headers);
  if (!headers.has('authorization') && cluster?.adminToken) {
    headers.set('authorization', `Bearer ${cluster.adminToken}`);
  }
  if (headers.get('authorization') === '') headers.delete('authorization');
  const body = await bodyBytes(init.body);
  if (body) headers.set('content-length', String(body.length));
  const outgoing: Record<string, string[]> = {};
  headers.forEach((value, name) => (outgoing[name] = [value]));
  for (const [name, lines] of Object.entries(init.headerLines ?? {})) {
    outgoing[name.toLowerCase()] = lines;
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Response>((resolve, reject) => {
    const req = send(
      url,
      {
        method: init.method ?? 'GET',
        headers: outgoing,
        agent: false,
        ...(url.protocol === 'https:' && cluster?.caCertificate
          ? { ca: cluster.caCertificate }
          : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const empty = status === 204 || status === 304 || init.method === 'HEAD';
        resolve(
          new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
            status,
            statusText: res.statusMessage,
            headers: headersOf(res),
          }),
        );
      },
    );
    req.on('error', reject);
    init.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')), { once: true });
    if (body) req.write(body);
    req.end();
  });
}
