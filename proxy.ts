/**
 * Next's proxy, run before routing, for the API only: a path that is not valid percent-encoding
 * (`/api/services/default/%ZZ/diagnosis`) never reaches a route — Next's router fails to decode
 * it and answers a bare `500 Internal Server Error` with nothing logged — so it is answered here
 * with the 400 problem (lib/api/problem.ts) any other malformed request gets. Everything else
 * passes through untouched.
 */
import { problem, problemResponse } from './lib/api/problem';

export function proxy(request: Request): Response | undefined {
  const { pathname } = new URL(request.url);
  try {
    decodeURIComponent(pathname);
    return undefined;
  } catch {
    return problemResponse(
      problem('bad-request', `The path ${pathname} is not valid percent-encoding.`),
      pathname,
    );
  }
}

export const config = { matcher: '/api/:path*' };
