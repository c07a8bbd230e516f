/**
 * The one error body of the dashboard's HTTP API: RFC 9457 problem details
 * (`application/problem+json`), for every error every `app/api/**` route and `/healthz` answer.
 *
 * Contract:
 * - `type` names the kind of problem as a tag URI (RFC 4151) — an identifier to compare, not a
 *   page to fetch; `title` is the same for every occurrence of a type; `status` repeats the HTTP
 *   status; `detail` says what happened this time in words a person can act on; `instance` is
 *   the path that was asked for.
 * - Extension members carry what a client needs beyond words, always under the same names:
 *   `errors` (field errors, for a form or a bad query parameter), `denied` (refused
 *   permissions), `focus` (the map link of a conflicting object), `rolledBack`/`leftBehind`
 *   (what a failed write undid or could not undo), `kubernetes` (the cluster's own Status
 *   `code` and `reason` when the cluster refused), `retryAfterSeconds` (also sent as
 *   `Retry-After`), and route-specific read-outs (`sync`, `pending`, `retainedSince`: how far
 *   back the history goes).
 * - Isomorphic and free of runtime imports: the route wrapper (and the proxy, for what never
 *   reaches a route) answers with `problemResponse`, the browser and scripts read them with
 *   `readProblem`.
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TYPE_PREFIX = 'tag:switchboard.dev,2025:problem:';

/** Every kind of problem the API answers, with its HTTP status and its fixed title. */
export const PROBLEM_TYPES = {
  'bad-request': { status: 400, title: 'The request is malformed' },
  unauthenticated: { status: 401, title: 'Sign-in required' },
  'foreign-request': { status: 403, title: 'Refused: not a request from this dashboard' },
  'not-found': { status: 404, title: 'No such object' },
  'method-not-allowed': { status: 405, title: 'The path does not answer this method' },
  'before-retained-history': { status: 410, title: 'That instant is older than the kept history' },
  'body-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be JSON' },
  invalid: { status: 422, title: 'The input is not valid' },
  'read-only': { status: 403, title: 'The dashboard is read-only' },
  forbidden: { status: 403, title: 'Not allowed by the cluster' },
  'not-signed-in-to-cluster': { status: 403, title: 'Your sign-in is not valid in this cluster' },
  'untrusted-identity': {
    status: 403,
    title: 'Refused: identity headers from an untrusted sender',
  },
  conflict: { status: 409, title: 'Conflicts with what is in the cluster' },
  'stale-preview': { status: 409, title: 'The preview is out of date' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  failed: { status: 502, title: 'The cluster did not complete the change' },
  'cluster-unavailable': { status: 503, title: 'The cluster cannot be read' },
  'shutting-down': { status: 503, title: 'The dashboard is shutting down' },
  internal: { status: 500, title: 'The dashboard failed' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

/** A field-level error: which input (a form path such as `addresses.2`, or a query parameter). */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** Extension members (see the header for the names in use). */
  [extension: string]: unknown;
}

function problemTypeUri(type: ProblemType): string {
  return `${TYPE_PREFIX}${type}`;
}

/** The short name of a problem's type, when it is one of ours. */
export function problemTypeOf(problem: Pick<Problem, 'type'>): ProblemType | undefined {
  if (!problem.type.startsWith(TYPE_PREFIX)) return undefined;
  const name = problem.type.slice(TYPE_PREFIX.length);
  return Object.hasOwn(PROBLEM_TYPES, name) ? (name as ProblemType) : undefined;
}

/** Builds a problem of one of our types; extension members go beside the standard ones. */
export function problem(
  type: ProblemType,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  const { status, title } = PROBLEM_TYPES[type];
  return { ...extensions, type: problemTypeUri(type), title, status, detail };
}

/**
 * The problem as an HTTP answer: its status, `application/problem+json`, never cached; `extra`
 * headers go beside (a 405's `Allow`).
 */
export function problemResponse(
  p: Problem,
  instance: string,
  extra: Record<string, string> = {},
): Response {
  const headers: Record<string, string> = {
    ...extra,
    'Cache-Control': 'no-store',
    'Content-Type': PROBLEM_CONTENT_TYPE,
  };
  // RFC 9110 §10.2.3: a 429 or 503 may say when to come back; the member says it to scripts too.
  if (typeof p.retryAfterSeconds === 'number') headers['Retry-After'] = String(p.retryAfterSeconds);
  return new Response(JSON.stringify({ ...p, instance }), { status: p.status, headers });
}

export function isProblem(value: unknown): value is Problem {
  const v = value as Partial<Problem> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.type === 'string' &&
    typeof v.title === 'string' &&
    typeof v.status === 'number'
  );
}

/**
 * The problem in an error response, for clients. A body that is not problem JSON (a proxy's
 * page, Next's own error page) still becomes a problem, with the status and what text there was.
 */
export async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text);
    if (isProblem(body))
      return { ...body, detail: typeof body.detail === 'string' ? body.detail : body.title };
  } catch {
    // not JSON: described below
  }
  const status = response.status;
  return {
    type: 'about:blank',
    title: response.statusText || `HTTP ${status}`,
    status,
    detail:
      text.trim() && text.length < 300 && !text.includes('<') ? text.trim() : `HTTP ${status}`,
  };
}
