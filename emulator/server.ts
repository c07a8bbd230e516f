/**
 * The embedded cluster's factory: a store (emulator/core/store.ts) with emulator/api's
 * strategies, the handler chain (emulator/apiserver) served over HTTPS on loopback
 * (./serving.ts; the CA and serving certificate from emulator/auth/pki, plain HTTP only when
 * asked), the core controllers (namespace lifecycle, garbage collector) and the default
 * controllers of emulator/controllers, and the audit log when asked. `startEmulator()` resolves
 * once the server listens; `stop()` ends open watches, stops controllers, closes every connection
 * and then the audit log, so the file holds every request's last event once `stop()` resolves.
 */
import { kindSchema } from './api/openapi/field-types';
import { STRATEGY_TABLE } from './api/strategies';
import { createApiServer, type ApiServer } from './apiserver/handler-chain';
import { loadOrCreateAdminToken } from './auth/admin-token';
import { openAuditLogFile } from './auth/audit/log-file';
import { completePending, type Auditor } from './auth/audit/recorder';
import { embeddedClusterAccess, type AuthorizationMode } from './auth/embedded-cluster';
import { loadOrCreateServingCertificates } from './auth/pki/serving-certs';
import { loadOrCreateSigningKey } from './auth/serviceaccount/signing-key';
import type { UserInfo } from './auth/types';
import { createDefaultControllers } from './controllers/index';
import { createGarbageCollector } from './core/garbage-collector';
import { createNamespaceLifecycle } from './core/namespace-lifecycle';
import { createObjectStore, type CoreStore } from './core/store';
import type { Controller } from './core/types';
import { listen } from './serving';

export interface EmulatorContext {
  kubelet: boolean;
  /** PEM of the serving CA (undefined over plain HTTP), for the root CA publisher. */
  rootCACertificate?: string;
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
  /** `--token-auth-file`'s users by bearer token (emulator/auth/tokens/token-file.ts). */
  tokenUsers?: ReadonlyMap<string, UserInfo>;
  /** `--authorization-mode`: RBAC (default) or AlwaysAllow. */
  authorizationMode?: AuthorizationMode;
  /**
   * The kubeconfig's bearer token: requests carrying it are the admin. Default: random, or the
   * one kept in `certDir`.
   */
  adminToken?: string;
  /** Serve plain HTTP instead of HTTPS (`--insecure-http`). */
  insecureHttp?: boolean;
  /** Append one audit.k8s.io/v1 Event per request stage to this file (`--audit-log`). */
  auditLog?: string;
  /**
   * Keep the CA, serving certificate, ServiceAccount signing key and admin token in this
   * directory and reuse them on the next start (`--cert-dir`); default: fresh material for this
   * process only.
   */
  certDir?: string;
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
  /** `https://127.0.0.1:PORT` (`http://` with insecureHttp). */
  url: string;
  port: number;
  /** PEM of the CA that signed the serving certificate; undefined over plain HTTP. */
  caCertificate?: string;
  /** The bearer token of the cluster admin (`system:masters`). */
  adminToken: string;
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
    kindSchema,
    historySize: options.historySize,
    minorVersion,
    gracefulPodDeletion: options.gracefulPodDeletion ?? true,
    garbageCollection: coreControllers,
  });
  if (options.seed) await options.seed(store);
  const tls = options.insecureHttp
    ? undefined
    : await loadOrCreateServingCertificates({ certDir: options.certDir, hosts: [host] });
  const adminToken = options.adminToken ?? (await loadOrCreateAdminToken(options.certDir));

  const access = embeddedClusterAccess({
    store,
    adminToken,
    tokenUsers: options.tokenUsers,
    authorizationMode: options.authorizationMode,
    serviceAccountKey: await loadOrCreateSigningKey(options.certDir),
    minorVersion,
  });
  // kube-apiserver's rbac/bootstrap-roles PostStartHook: the default roles exist before any request.
  access.rbac.bootstrap();

  const auditor: Auditor | undefined = options.auditLog
    ? { sink: await openAuditLogFile(options.auditLog), now: () => new Date(), pending: new Set() }
    : undefined;

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
    auditor,
  });

  const ctx: EmulatorContext = {
    kubelet,
    rootCACertificate: tls?.caCertificate,
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
          rootCACertificate: ctx.rootCACertificate,
        })),
  );

  const listener = await listen((request, connection) => router.fetch(request, connection), {
    host,
    port: options.port ?? 0,
    tls,
  }).catch(async (error: unknown) => {
    await auditor?.sink.close();
    throw error;
  });
  address = `${host}:${listener.port}`;
  for (const c of controllers) c.start();

  let stopped: Promise<void> | undefined;
  return {
    url: listener.url,
    port: listener.port,
    ...(tls ? { caCertificate: tls.caCertificate } : {}),
    adminToken,
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
        await listener.close();
        if (auditor) {
          completePending(auditor);
          await auditor.sink.close();
        }
      })();
      return stopped;
    },
  };
}
