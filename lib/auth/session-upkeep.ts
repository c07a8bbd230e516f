import 'server-only';
/**
 * Keeping the session cookie honest on every request (proxy.ts calls this before routing; a
 * server component cannot set cookies, a proxy can):
 * - a live session last seen a while ago is re-sealed with a new `lastSeenAt`, so a person using
 *   the page stays signed in up to the absolute bound, and an idle one is signed out;
 * - a session cookie that no longer signs anyone in — expired, tampered, sealed with a removed
 *   key, of another mode, or (token mode) a token the cluster no longer accepts — is cleared, so
 *   the session ends in the browser too.
 *
 * Contract: `sessionUpkeep(request)` answers the one Set-Cookie value to add to the response, or
 * undefined. Only in the session modes (oidc, token), only when the request carries the cookie,
 * and never for the sign-in steps under `/api/auth/` (they set or clear the cookie themselves; a
 * second Set-Cookie for it would race theirs) or Next's static files.
 */
import { viewerOf } from './request-viewer';
import {
  clearSessionSetCookie,
  cookieValue,
  refreshedSessionSetCookie,
  SESSION_COOKIE,
} from './session';
import { authSettings } from './settings';

export async function sessionUpkeep(request: Request): Promise<string | undefined> {
  const { mode } = authSettings();
  if (mode !== 'oidc' && mode !== 'token') return undefined;
  const { pathname } = new URL(request.url);
  if (pathname.startsWith('/api/auth/') || pathname.startsWith('/_next/')) return undefined;
  if (!cookieValue(request.headers, SESSION_COOKIE)) return undefined;
  const who = await viewerOf(request.headers);
  if (!who.ok) {
    // A 503 (the cluster cannot check a token now) is no reason to sign anyone out.
    return who.problem.status === 401 ? clearSessionSetCookie(request) : undefined;
  }
  return refreshedSessionSetCookie(request);
}
