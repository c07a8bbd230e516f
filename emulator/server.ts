/**
 * The embedded cluster's factory: a store (emulator/core/store.ts) with emulator/api's
 * strategies, the HTTP handler (emulator/apiserver) served by Node's http server on
 * loopback, the core controllers (namespace lifecycle, garbage collector) and the default
 * controllers of emulator/controllers. `startEmulator()` resolves once the server listens;
 * `stop()` ends open watches, stops controllers and closes every connection.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { STRATEGY_TABLE } from './api/strategies';
import { createApiServer, type ApiServer } from './apiserver/handler-chain';
import type { AuthConfig } from './auth/auth-file';
import { embeddedClusterAccess } from './auth/embedded-cluster';
import { createDefaultControllers } from './controllers/index';
import { createGarbageCollector } from './core/garbage-collector';
import { createNamespaceLifecycle } from './core/namespace-lifecycle';
import { createObjectStore, type CoreStore } from './core/store';
import type { Controller } from './core/types';

export interface EmulatorContext {
  kubelet: boolean;
  minorVersion: number;
  readinessDelayMs?: number;
}

export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** Kubernetes minor version reported on /version (27–33). Default 33. */
  minorVersion?: number;
  /** Run the simulated kubelet (default true). `--no-kubelet` sets false. */
  kubelet?: boolean;
  /** Delay from containers running to Ready, passed to the default controllers. */
  readinessDelayMs?: number;
  /** Users denied verbs/resources (`--auth FILE`); default: everyone may do anything. */
  authConfig?: AuthConfig;
  /** The kubeconfig's bearer token: requests carrying it are the admin. */
  adminToken?: string;
  /**
   * Serve a protobuf OpenAPI v2 document so kubectl 1.27/1.28 can create/apply with validation
   * (emulator/api MetaContext.openAPIV2). Default true, as every real apiserver serves
   * /openapi/v2: without it kubectl 1.27/1.28 `apply -f` fails with a bare NotFound.
   */
  openAPIV2?: boolean;
  /** Watch history length (events); older resourceVersions get 410. Default 10,000. */
  historySize?: number;
  /** BOOKMARK interval for allowWatchBookmarks=true. Default 5000 ms. */
  bookmarkIntervalMs?: number;
  /** Unsent events a watcher may hold for longer than slowWatcherGraceMs. Default 10,000. */
  maxQueuedWatchEvents?: number;
  /** How long a watcher may stay over maxQueuedWatchEvents before it is closed. Default 5000. */
  slowWatcherGraceMs?: number;
  /** Replace the default controllers (emulator/controllers createDefaultControllers). */
  controllers?: (store: CoreStore, ctx: EmulatorContext) => Controller[];
  /** Run the core namespace-lifecycle controller and garbage collector. Default true. */
  coreControllers?: boolean;
  /** See ObjectStoreOptions.gracefulPodDeletion. Default true (upstream behaviour). */
  gracefulPodDeletion?: boolean;
  /** Populate the store before the server starts listening (e.g. a scenario). */
  seed?: (store: CoreStore) => void | Promise<void>;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  store: CoreStore;
  controllers: Controller[];
  /** The handler chain (emulator/apiserver). */
  router: ApiServer;
  /** The web-standard handler, usable without HTTP. */
  fetch(request: Request): Promise<Response>;
  /**
   * Resolves when every controller is idle and a whole round of waiting made no write (chains
   * like kubelet → endpoints → slices settle one round each; at most 200 rounds, so a
   * controller that never stops writing cannot hang the caller).
   */
  idle(): Promise<void>;
  stop(): Promise<void>;
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

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const minorVersion = options.minorVersion ?? 33;
  if (!Number.isInteger(minorVersion) || minorVersion < 27 || minorVersion > 33) {
    throw new Error(`minorVersion must be 27–33, got ${minorVersion}`);
  }
  const kubelet = options.kubelet ?? true;
  const coreControllers = options.coreControllers ?? true;
  const store = createObjectStore({
    strategies: STRATEGY_TABLE,
    historySize: options.historySize,
    minorVersion,
    gracefulPodDeletion: options.gracefulPodDeletion ?? true,
    garbageCollection: coreControllers,
  });
  if (options.seed) await options.seed(store);

  const access = embeddedClusterAccess({
    store,
    authConfig: options.authConfig,
    adminToken: options.adminToken,
  });
  // kube-apiserver's rbac/bootstrap-roles PostStartHook: the default roles exist before any request.
  access.rbac.bootstrap();

  let address = `${host}:0`;
  const router = createApiServer({
    store,
    minorVersion,
    ...access,
    openAPIV2: options.openAPIV2 ?? true,
    serverAddress: () => address,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    maxQueuedWatchEvents: options.maxQueuedWatchEvents,
    slowWatcherGraceMs: options.slowWatcherGraceMs,
  });

  const ctx: EmulatorContext = {
    kubelet,
    minorVersion,
    readinessDelayMs: options.readinessDelayMs,
  };
  const controllers: Controller[] = [access.rbac.aggregationController];
  if (coreControllers) {
    controllers.push(createNamespaceLifecycle(store), createGarbageCollector(store));
  }
  controllers.push(
    ...(options.controllers
      ? options.controllers(store, ctx)
      : createDefaultControllers(store, {
          kubelet,
          minorVersion,
          readinessDelayMs: options.readinessDelayMs,
        })),
  );

  const base = `http://${host.includes(':') ? `[${host}]` : host}`;
  const server = createServer((req, res) => {
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    req.on('error', () => abort.abort());
    let request: Request;
    try {
      request = toRequest(req, `${base}:${port}`, abort.signal);
    } catch (error) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `malformed request: ${(error as Error).message}`,
          reason: 'BadRequest',
          code: 400,
        }),
      );
      return;
    }
    void router
      .fetch(request)
      .then((response) => writeResponse(response, res))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        if (!res.destroyed) res.end();
      });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  });
  // Watches are long-lived; Node's default request timeout (300 s) would cut them.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;

  let port = options.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  address = `${host}:${port}`;
  for (const c of controllers) c.start();

  let stopped: Promise<void> | undefined;
  return {
    url: `${base}:${port}`,
    port,
    store,
    controllers,
    router,
    fetch: (request) => router.fetch(request),
    async idle() {
      for (let round = 0; round < 200; round++) {
        const before = store.currentResourceVersion();
        await Promise.all(controllers.map((c) => c.idle()));
        if (store.currentResourceVersion() === before) return;
      }
    },
    stop() {
      stopped ??= (async () => {
        for (const c of controllers) {
          try {
            c.stop();
          } catch (error) {
            console.error(`emulator: controller ${c.name} failed to stop`, error);
          }
        }
        router.closeWatches();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setImmediate(() => server.closeAllConnections());
        });
      })();
      return stopped;
    },
  };
}
