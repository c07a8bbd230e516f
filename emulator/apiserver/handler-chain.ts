/**
 * The embedded apiserver as one web-standard `fetch(Request) → Response` handler, composed in
 * kube-apiserver's order (DefaultBuildHandlerChain of staging/src/k8s.io/apiserver/pkg/server/
 * config.go, read from the request inwards):
 *
 *   request-info → authentication → audit → impersonation → authorization → routing:
 *     non-resource paths (discovery, /version, health, OpenAPI)  → emulator/api/meta.ts
 *     self-reviews (SelfSubjectAccessReview, RulesReview, Review) → ./reviews.ts
 *     TokenRequest and TokenReview                                → ./authentication-endpoints.ts
 *     served resources → admission → REST handlers (./rest) → the store (registry strategies)
 *
 * Audit comes before impersonation, as in upstream's chain (WithAudit wraps WithImpersonation),
 * so an event names the caller and the user it acts as, and refused impersonations are audited.
 *
 * Each layer is its own module; this is the one place that orders them. Nothing a client sends
 * may crash the server: every failure becomes the apiserver's Status (./responses.ts), except
 * impersonation headers that contradict each other, which upstream answers in plain text.
 */
import { handleMeta } from '../api/meta';
import type { WatchLabels } from '../api/metrics';
import type { Auditor } from '../auth/audit/recorder';
import { buildTable } from '../api/tables/table';
import type { TokenRequestContext } from '../auth/serviceaccount/token-request';
import type { RequestAuthenticator } from '../auth/tokens/token-authenticator';
import type { Authorizer, RuleResolver, UserInfo } from '../auth/types';
import { pathNotFound } from '../core/errors';
import type { CoreStore } from '../core/store';
import type { ActiveWatch } from '../core/watch';
import { admissionChain } from './admission/admission';
import { beginAudit, failedAuthenticationResponse, failure, finishAudit } from './audit';
import { namespaceLifecycle } from './admission/namespace-lifecycle';
import { authenticate } from './authentication';
import { serveAuthenticationEndpoint } from './authentication-endpoints';
import { authorize, requestAttributes } from './authorization';
import { impersonate } from './impersonation';
import { resolveRequestInfo, type RequestInfo } from './request-info';
import { errorResponse, JSON_TYPE } from './responses';
import type { RestContext } from './rest/context';
import { serveResource } from './rest/handler';
import { serveReview } from './reviews';

export interface ApiServerOptions {
  store: CoreStore;
  /** Kubernetes minor version reported (27–33). */
  minorVersion: number;
  /** Who a request comes from (emulator/auth composes the cluster's); TokenReview asks it too. */
  authenticator: RequestAuthenticator;
  /** What TokenRequest signs with; without it TokenRequest and TokenReview are not served. */
  tokenRequest?: TokenRequestContext;
  /** What a user may do; the same one answers SelfSubjectAccessReviews. */
  authorizer: Authorizer;
  /** The rules a user holds, for SelfSubjectRulesReviews. */
  ruleResolver: RuleResolver;
  /** Admission of objects about to be stored (RBAC's escalation checks). */
  admit?: RestContext['admit'];
  /** Serve emulator/api's protobuf OpenAPI v2 (kubectl 1.27/1.28 validation). Default false. */
  openAPIV2?: boolean;
  /** `host:port` clients reach the server at (discovery's serverAddressByClientCIDRs). */
  serverAddress: () => string;
  /** Interval of BOOKMARK events for allowWatchBookmarks=true. Default 5000 ms. */
  bookmarkIntervalMs?: number;
  /** Unsent events a watcher may hold for longer than slowWatcherGraceMs. Default 10,000. */
  maxQueuedWatchEvents?: number;
  /** How long a watcher may stay over maxQueuedWatchEvents before it is closed. Default 5000 ms. */
  slowWatcherGraceMs?: number;
  /** How long a read at a future resourceVersion waits before 504. Default 3000 ms. */
  futureResourceVersionWaitMs?: number;
  /** The clock Table ages are computed from. Default: the wall clock. */
  now?: () => Date;
  /** Where audit events go (`--audit-log`); without it nothing is audited. */
  auditor?: Auditor;
}

/** What the listener knows of a request beyond the `Request` itself (emulator/serving.ts). */
export interface RequestConnection {
  /** The peer's address, for the audit log's sourceIPs. */
  remoteAddress?: string;
  /**
   * Every header's separate lines by lower-case name: a `Request` joins repeated headers with
   * ", ", and impersonation reads each `Impersonate-Group` line as one group.
   */
  headerLines?: Record<string, string[]>;
}

export interface ApiServer {
  fetch(request: Request, connection?: RequestConnection): Promise<Response>;
  /** Ends every open watch and followed log (server shutdown). */
  closeWatches(): void;
  activeWatchCount(): number;
  /** Open streams that are not watches (a followed pod log). */
  activeStreamCount(): number;
}

/** Non-resource answers without a Content-Type (none today) are sent as JSON. */
function withContentType(response: Response): Response {
  if (response.headers.has('content-type')) return response;
  const headers = new Headers(response.headers);
  headers.set('Content-Type', JSON_TYPE);
  return new Response(response.body, { status: response.status, headers });
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const watches = new Map<ActiveWatch, WatchLabels>();
  const streams = new Set<{ close(): void }>();
  const rest: RestContext = {
    store: options.store,
    minorVersion: options.minorVersion,
    admission: admissionChain([namespaceLifecycle(options.store)]),
    watches,
    streams,
    watchLimits: {
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 5000,
      maxQueuedEvents: options.maxQueuedWatchEvents ?? 10_000,
      slowGraceMs: options.slowWatcherGraceMs ?? 5000,
    },
    futureResourceVersionWaitMs: options.futureResourceVersionWaitMs ?? 3000,
    convertToTable: buildTable,
    now: options.now ?? (() => new Date()),
    admit: options.admit,
    authorizer: options.authorizer,
  };

  /** Everything after impersonation, for the user the request acts as. */
  async function route(request: Request, info: RequestInfo, user: UserInfo): Promise<Response> {
    if (!info.isResourceRequest) {
      const meta = await handleMeta(request, {
        minorVersion: options.minorVersion,
        serverAddress: options.serverAddress(),
        openAPIV2: options.openAPIV2 ?? false,
        openWatches: () => watches.values(),
      });
      if (!meta) throw pathNotFound();
      return withContentType(meta);
    }
    const review = await serveReview(
      {
        authorizer: options.authorizer,
        ruleResolver: options.ruleResolver,
        minorVersion: options.minorVersion,
      },
      request,
      info,
      user,
    );
    if (review) return review;
    if (options.tokenRequest) {
      const answer = await serveAuthenticationEndpoint(
        { tokenRequest: options.tokenRequest, authenticator: options.authenticator },
        request,
        info,
      );
      if (answer) return answer;
    }
    return serveResource(rest, request, info, user);
  }

  async function serve(request: Request, connection?: RequestConnection): Promise<Response> {
    const { auditor } = options;
    const receivedAt = new Date();
    const info = resolveRequestInfo(request.method, new URL(request.url));
    let caller: UserInfo;
    try {
      caller = await authenticate(options.authenticator, request);
    } catch (error) {
      const audited = beginAudit(auditor, request, connection, info, undefined, receivedAt);
      return failedAuthenticationResponse(auditor, audited, request, info, error);
    }
    const audited = beginAudit(auditor, request, connection, info, caller, receivedAt);
    try {
      const acting = impersonate(options.authorizer, caller, request, connection?.headerLines);
      if (acting.impersonated && audited.record) audited.record.impersonatedUser = acting.user;
      authorize(
        options.authorizer,
        requestAttributes(info, acting.user),
        audited.record?.annotations,
      );
      return finishAudit(auditor, audited, info, await route(request, info, acting.user));
    } catch (error) {
      const { response, status } = failure(error);
      return finishAudit(auditor, audited, info, response, status);
    }
  }

  return {
    async fetch(request, connection) {
      try {
        return await serve(request, connection);
      } catch (error) {
        return errorResponse(error);
      }
    },
    closeWatches() {
      for (const w of [...watches.keys()]) w.close();
      watches.clear();
      for (const s of [...streams]) s.close();
    },
    activeWatchCount: () => watches.size,
    activeStreamCount: () => streams.size,
  };
}
