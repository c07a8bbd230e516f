import 'server-only';
/**
 * What an API path answers to a method it does not serve, and what a path no route serves
 * answers: both as problems (lib/api/problem.ts), like every other API error. Left to Next, a
 * route file that exports only `GET` answers a `POST` with a bare 405 (no body, no content type),
 * and an unknown `/api/…` path with its HTML 404 page.
 *
 * Contract:
 * - `otherMethods(...served)` gives a handler for each of GET, POST, PUT, PATCH and DELETE that
 *   the route does not serve: 405 `method-not-allowed` with `Allow` naming what it does serve
 *   (HEAD with GET, as Next answers HEAD from GET; OPTIONS, which Next answers itself). A route
 *   file exports them beside its own: `export const { POST, PUT, PATCH, DELETE } =
 *   otherMethods('GET');`. Its `OPTIONS` answers 204 with the same `Allow`, because Next's own
 *   OPTIONS would list every method the file exports, these refusals included;
 * - `unknownPath` answers every method with 404 `not-found` naming the path
 *   (app/api/[...path]/route.ts, which Next reaches only when no other route matches);
 * - `methodRefusal` and `methodOptions` are those two answers themselves, for a handler that is
 *   not an App Router route (the Pages Router stream, lib/http/node-answer.ts);
 * - both go through `apiRoute`, public (no sign-in needed to learn a path does not exist) and
 *   unguarded, so they are counted and shaped as every answer is.
 */
import { problem, problemResponse } from '../api/problem';
import { apiRoute, reply } from './api-route';

export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

type Handler = ReturnType<typeof apiRoute>;

/** The `Allow` header of a route serving `served`. */
export function allowHeader(served: readonly RouteMethod[]): string {
  const methods: string[] = [...served];
  if (served.includes('GET')) methods.push('HEAD');
  methods.push('OPTIONS');
  return methods.join(', ');
}

export function otherMethods(
  ...served: RouteMethod[]
): Record<RouteMethod, Handler> & { OPTIONS: Handler } {
  const refuse = apiRoute({ guard: 'none', auth: 'public' }, async ({ request, url }) =>
    reply.response(methodRefusal(served, request.method, url.pathname)),
  );
  const options = apiRoute({ guard: 'none', auth: 'public' }, async () =>
    reply.response(methodOptions(served)),
  );
  const handlers = Object.fromEntries(ROUTE_METHODS.map((m) => [m, refuse])) as Record<
    RouteMethod,
    Handler
  >;
  return { ...handlers, OPTIONS: options };
}

/** The answer of a path serving `served` to `method`, one it does not serve: 405 with `Allow`. */
export function methodRefusal(
  served: readonly RouteMethod[],
  method: string,
  pathname: string,
): Response {
  const allow = allowHeader(served);
  return problemResponse(
    problem('method-not-allowed', `${pathname} does not answer ${method}; it answers ${allow}.`),
    pathname,
    { Allow: allow },
  );
}

/** The answer of a path serving `served` to OPTIONS: 204 with `Allow`. */
export function methodOptions(served: readonly RouteMethod[]): Response {
  return new Response(null, {
    status: 204,
    headers: { Allow: allowHeader(served), 'Cache-Control': 'no-store' },
  });
}

/** Every method of a path no route serves: 404 naming the path. */
export const unknownPath: Handler = apiRoute({ guard: 'none', auth: 'public' }, async ({ url }) =>
  reply.problem(problem('not-found', `There is no API at ${url.pathname}.`)),
);
