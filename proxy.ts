/**
 * Next's proxy, run before routing, for every request:
 * - a `Host` this dashboard does not answer to is refused with the 403 problem
 *   (lib/http/host-guard.ts): under DNS rebinding an attacker's page is
 *   same-origin with itself and could otherwise read the map and drive the write form;
 * - under `/api`, a path that is not valid percent-encoding (`/api/services/default/%ZZ/…`) never
 *   reaches a route — Next's router fails to decode it and answers a bare
 *   `500 Internal Server Error` with nothing logged — so it is answered here with the 400 problem
 *   (lib/api/problem.ts) any other malformed request gets;
 * - with sign-in, the session cookie is kept honest (lib/auth/session-upkeep.ts): re-sealed as
 *   the person uses the page (idle expiry), cleared once it signs nobody in.
 * Everything else passes through untouched.
 */
import { NextResponse } from 'next/server';
import { problem, problemResponse } from './lib/api/problem';
import { sessionUpkeep } from './lib/auth/session-upkeep';
import { foreignHostProblem } from './lib/http/host-guard';

export async function proxy(request: Request): Promise<Response | undefined> {
  const answer = refusal(request);
  if (answer) return answer;
  const setCookie = await sessionUpkeep(request);
  if (!setCookie) return undefined;
  const response = NextResponse.next();
  response.headers.append('set-cookie', setCookie);
  return response;
}

function refusal(request: Request): Response | undefined {
  const { pathname } = new URL(request.url);
  const foreignHost = foreignHostProblem(request);
  if (foreignHost) return problemResponse(foreignHost, pathname);
  if (!pathname.startsWith('/api/')) return undefined;
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
