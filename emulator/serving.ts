/**
 * The embedded cluster's listener: Node's HTTPS server (HTTP with `--insecure-http`) around the
 * handler chain's web-standard `fetch`. It turns each Node request into a `Request` (the body
 * streamed, aborted when the client goes away), passes what a `Request` cannot carry — the peer
 * address and each header's separate lines — alongside, and streams the `Response` back with
 * backpressure, so a slow watcher never buffers the whole history.
 *
 * Contract: `listen()` resolves once the port accepts connections; `close()` stops accepting,
 * drops idle keep-alive connections at once and every other connection on the next tick (open
 * watches are expected to have been ended by the caller first).
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { RequestConnection } from './apiserver/handler-chain';

export type FetchHandler = (request: Request, connection: RequestConnection) => Promise<Response>;

export interface ListenOptions {
  host: string;
  port: number;
  /** PEM chain and key to serve HTTPS with; absent: plain HTTP. */
  tls?: { certificateChain: string; privateKey: string };
}

export interface Listener {
  /** `https://127.0.0.1:PORT` (brackets around an IPv6 host). */
  url: string;
  port: number;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, base: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(new URL(req.url ?? '/', base), init);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'warning') headers.warning = value.split(/,\s*(?=\d{3} )/);
    else headers[name] = value;
  });
  res.writeHead(response.status, headers);
  res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on('close', () => {
    void reader.cancel().catch(() => undefined);
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const finish = () => {
            res.off('drain', finish);
            res.off('close', finish);
            resolve();
          };
          res.on('drain', finish);
          res.on('close', finish);
        });
      }
    }
  } catch {
    // the client went away or the stream was cancelled
  } finally {
    if (!res.destroyed) res.end();
  }
}

function malformed(res: ServerResponse, error: Error): void {
  res.writeHead(400, { 'Content-Type': 'application/json' });
  res.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `malformed request: ${error.message}`,
      reason: 'BadRequest',
      code: 400,
    }),
  );
}

export async function listen(handler: FetchHandler, options: ListenOptions): Promise<Listener> {
  const { host } = options;
  const scheme = options.tls ? 'https' : 'http';
  const base = `${scheme}://${host.includes(':') ? `[${host}]` : host}`;
  let port = options.port;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    req.on('error', () => abort.abort());
    let request: Request;
    try {
      request = toRequest(req, `${base}:${port}`, abort.signal);
    } catch (error) {
      malformed(res, error as Error);
      return;
    }
    const connection: RequestConnection = {
      remoteAddress: req.socket.remoteAddress,
      headerLines: req.headersDistinct as Record<string, string[]>,
    };
    void handler(request, connection)
      .then((response) => writeResponse(response, res))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        if (!res.destroyed) res.end();
      });
  };
  const server = options.tls
    ? createHttpsServer(
        { cert: options.tls.certificateChain, key: options.tls.privateKey },
        onRequest,
      )
    : createHttpServer(onRequest);
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  });
  // A client that fails the TLS handshake (e.g. it does not trust the CA) only loses its socket.
  server.on('tlsClientError', () => undefined);
  // Watches are long-lived; Node's default request timeout (300 s) would cut them.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `${base}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setImmediate(() => server.closeAllConnections());
      }),
  };
}
