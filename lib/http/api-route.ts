import 'server-only';
/**
 * The one wrapper every API route handler is built with (`app/api/**`, `app/healthz`): route
 * files state what they answer, and this module does everything around it the same way.
 *
 * Contract, in order, for every request:
 * 1. the request path must be valid percent-encoding and the route parameters must decode,
 *    else 400 (in the running server such a path is already answered by proxy.ts, before routing);
 * 2. the CSRF guard (lib/http/guard.ts) as the route's `guard` asks: `write` for anything that
 *    changes the cluster or makes the server send traffic, `read` for same-site reads;
 * 2a. the viewer (lib/auth/request-viewer.ts): who the request is served as, handed to the
 *    handler; a request from nobody signed in is answered 401 `unauthenticated` before the
 *    handler runs. Only `auth: 'public'` routes (health, metrics, the sign-in steps) skip it, and
 *    their handlers get no viewer;
 * 3. for `jsonBody` routes the body is read (bounded) and parsed as JSON;
 * 4. the handler runs; it answers with a `Reply`, or throws a `ProblemError` to stop early;
 *    anything else it throws is logged with its stack on the server and answered as a 500
 *    problem that carries the message only;
 * 5. routes with `audit` write one audit line per attempt, refusals included: who (the viewer, as
 *    the request's cluster names them when that differs: lib/k8s/write/write-log.ts),
 *    what the handler's write client sent (`writes`, lib/k8s/write/write-log.ts) and the outcome;
 * 6. every answer is counted by route pattern and status, and every audited attempt by outcome
 *    (lib/ops/metrics.ts).
 * Every error leaves as `application/problem+json` (lib/api/problem.ts) with `instance` set to
 * the path; every answer is `Cache-Control: no-store`. Route files also export
 * `dynamic = 'force-dynamic'`: their answers are never prerendered at build. The wrapper itself
 * needs no Next request scope, so tests call a route's `GET`/`POST` with a plain `Request`.
 */
import { errorMessage } from '../error-message';
import {
  problem,
  problemResponse,
  problemTypeOf,
  type Problem,
  type ProblemType,
} from '../api/problem';
import { failureToProblem, isWriteFailure, type WriteResult } from '../api/write-results';
import { viewerOf } from '../auth/request-viewer';
import type { Viewer } from '../auth/viewer';
import { audit } from '../k8s/write/audit';
import { newWriteLog, type AttemptedWrite, type WriteLog } from '../k8s/write/write-log';
import { opsMetrics } from '../ops/metrics';
import { routeLabel } from '../ops/route-label';
import { peerAddress } from './peer-address';
import { requestedCluster } from './requested-cluster';
import { foreignRequestProblem, readJsonBody } from './guard';

/** Stops a handler with a problem answer (from any depth: parameter parsing, a missing hub). */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ProblemError';
  }
}

export function fail(
  type: ProblemType,
  detail: string,
  extensions?: Record<string, unknown>,
): never {
  throw new ProblemError(problem(type, detail, extensions));
}

/** What a handler answers. `outcome` is the word the audit line records. */
export type Reply =
  | { kind: 'json'; body: unknown; status: number; outcome: string }
  | { kind: 'problem'; problem: Problem; outcome: string }
  | { kind: 'response'; response: Response; outcome: string };

export const reply = {
  json(body: unknown, status = 200): Reply {
    return { kind: 'json', body, status, outcome: 'ok' };
  },
  problem(p: Problem): Reply {
    return { kind: 'problem', problem: p, outcome: problemTypeOf(p) ?? String(p.status) };
  },
  /** A write outcome: success as JSON (201 for a create), failure as its problem. */
  write(result: WriteResult): Reply {
    if (isWriteFailure(result)) {
      return { kind: 'problem', problem: failureToProblem(result), outcome: result.status };
    }
    const status = result.status === 'created' ? 201 : 200;
    return { kind: 'json', body: result, status, outcome: result.status };
  },
  /** A body the route builds itself (a stream); it must set its own headers. */
  response(response: Response): Reply {
    return { kind: 'response', response, outcome: 'ok' };
  },
};

export interface PublicRouteInput<P> {
  request: Request;
  url: URL;
  params: P;
  /** The parsed JSON body (`jsonBody` routes), else undefined. */
  body: unknown;
}

export interface RouteInput<P> extends PublicRouteInput<P> {
  /** Who the request is served as: every read is filtered, every write made, as this viewer. */
  viewer: Viewer;
  /** Where the write client records what it sent (lib/k8s/write/write-log.ts), for the audit line. */
  writes: WriteLog;
}

export interface RouteOptions {
  /** `write`: same origin and a JSON body required; `read`: cross-site refused; `none`. */
  guard: 'write' | 'read' | 'none';
  /** `public`: answered to anyone, signed in or not (health, metrics, the sign-in steps). */
  auth?: 'public';
  jsonBody?: boolean;
  /**
   * One audit line per attempt: the action, and what names the target — by default the body;
   * `target` picks it from the body (undefined when refused before it was read) or the path.
   */
  audit?: {
    action: string;
    target?: (body: unknown, params: Readonly<Params> | undefined) => unknown;
    /** The verb the action writes with and whether as a dry run, for a line where none was sent. */
    verb?: AttemptedWrite['verb'];
    dryRun?: boolean;
  };
}

type Params = Record<string, string | string[] | undefined>;

type RouteHandler = (request: Request, context?: { params?: Promise<Params> }) => Promise<Response>;

export function apiRoute<P extends Params = Params>(
  options: RouteOptions & { auth: 'public' },
  handler: (input: PublicRouteInput<P>) => Promise<Reply>,
): (request: Request, context?: { params?: Promise<P> }) => Promise<Response>;
export function apiRoute<P extends Params = Params>(
  options: RouteOptions,
  handler: (input: RouteInput<P>) => Promise<Reply>,
): (request: Request, context?: { params?: Promise<P> }) => Promise<Response>;
export function apiRoute<P extends Params = Params>(
  options: RouteOptions,
  handler: (input: RouteInput<P>) => Promise<Reply>,
): RouteHandler {
  return async (request, context) => {
    const url = new URL(request.url);
    const instance = url.pathname;
    let body: unknown;
    let params: P | undefined;
    let viewer: Viewer | undefined;
    const writes = newWriteLog();
    const answer = async (): Promise<Reply> => {
      params = await routeParams(url, context as { params?: Promise<P> } | undefined);
      const refused = options.guard === 'none' ? undefined : foreignRequestProblem(request);
      if (refused) return { ...reply.problem(refused), outcome: `refused ${refused.status}` };
      if (options.auth !== 'public') {
        const who = await viewerOf(request.headers, requestedCluster({ url, params }));
        if (!who.ok)
          return { ...reply.problem(who.problem), outcome: `refused ${who.problem.status}` };
        viewer = who.viewer;
      }
      if (options.jsonBody) {
        const read = await readJsonBody(request);
        if (!read.ok)
          return { ...reply.problem(read.problem), outcome: `refused ${read.problem.status}` };
        body = read.value;
      }
      // Public routes are typed without a viewer (see the overloads), so none is ever read there.
      return handler({ request, url, params, body, viewer: viewer as Viewer, writes });
    };
    let result: Reply;
    try {
      result = await answer();
    } catch (error) {
      result = reply.problem(problemOf(error, request.method, instance));
    }
    const metrics = opsMetrics();
    if (options.audit) {
      const target = options.audit.target ? options.audit.target(body, params) : body;
      const action = result.outcome.startsWith('refused')
        ? 'refused-request'
        : options.audit.action;
      const { verb, dryRun } = options.audit;
      const line = audit({
        action,
        target,
        outcome: result.outcome,
        source: {
          client: peerAddress(request),
          origin: request.headers.get('origin') ?? undefined,
        },
        // As the request's cluster names the person (lib/auth/cluster-viewer.ts).
        viewer: writes.viewer ?? viewer,
        attempts: writes.attempts,
        ...(verb ? { intent: { verb, dryRun: dryRun ?? false } } : {}),
        cluster: requestedCluster({ url, params }),
      });
      metrics.writes.inc({ mode: String(line.mode ?? ''), action, outcome: result.outcome });
    }
    const response = toResponse(result, instance);
    metrics.httpRequests.inc({
      route: routeLabel(url.pathname, params),
      method: request.method,
      status: String(response.status),
    });
    return response;
  };
}

async function routeParams<P>(url: URL, context: { params?: Promise<P> } | undefined): Promise<P> {
  // Next passes no `params` to routes without dynamic segments. Settled here whatever happens,
  // so a rejected params promise is never left unhandled.
  const params = Promise.resolve(context?.params).then(
    (value) => ({ ok: true as const, value }),
    () => ({ ok: false as const }),
  );
  let decodable = true;
  try {
    decodeURIComponent(url.pathname);
  } catch {
    decodable = false;
  }
  const settled = await params;
  if (!decodable || !settled.ok) {
    fail('bad-request', `The path ${url.pathname} is not valid percent-encoding.`);
  }
  return settled.value ?? ({} as P);
}

function problemOf(error: unknown, method: string, instance: string): Problem {
  if (error instanceof ProblemError) return error.problem;
  console.error(`[switchboard] ${method} ${instance} failed:`, error);
  return problem(
    'internal',
    `The dashboard could not complete the request: ${errorMessage(error)}`,
  );
}

const NO_STORE = { 'Cache-Control': 'no-store' };

function toResponse(result: Reply, instance: string): Response {
  switch (result.kind) {
    case 'response':
      return result.response;
    case 'json':
      return Response.json(result.body, { status: result.status, headers: NO_STORE });
    case 'problem':
      return problemResponse(result.problem, instance);
  }
}
