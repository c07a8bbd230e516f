import 'server-only';
/**
 * What one OpenID Connect sign-in must remember between leaving for the provider and coming
 * back: the PKCE verifier, `state`, `nonce` and where to go afterwards. Kept in the browser, in a
 * short-lived cookie sealed with the session keys (lib/auth/session-keys.ts), so any replica
 * sharing the key file can finish a sign-in another one started.
 *
 * Contract: the cookie `switchboard_oidc` is `HttpOnly`, `SameSite=Lax` (the provider's redirect
 * back is a top-level GET from another site, which Lax still sends it with), `Path` limited to
 * the OIDC routes, `Secure` as the session cookie is, and lives `LOGIN_TTL_SECONDS`; the seal
 * itself expires then too. `readLoginState` answers undefined for a missing, expired,
 * tampered or foreign cookie, never throws. One sign-in at a time per browser: starting another
 * replaces it.
 */
import { sealData, unsealData } from 'iron-session';
import { authSettings } from './settings';
import { cookieValue, isSecure } from './session';
import { sessionKeys } from './session-keys';

export interface LoginState {
  codeVerifier: string;
  state: string;
  nonce: string;
  /** A local path (lib/auth/oidc.ts checks it before it is stored). */
  next: string;
}

export const LOGIN_COOKIE = 'switchboard_oidc';
export const LOGIN_COOKIE_PATH = '/api/auth/oidc';
/** Long enough to type a password and pass a second factor; short enough that a copy goes stale. */
export const LOGIN_TTL_SECONDS = 10 * 60;

function attributes(request: Request, maxAgeSeconds: number): string {
  return [
    `Path=${LOGIN_COOKIE_PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(isSecure(request) ? ['Secure'] : []),
  ].join('; ');
}

function password() {
  return sessionKeys(authSettings().session.keyFile);
}

export async function loginStateSetCookie(login: LoginState, request: Request): Promise<string> {
  const seal = await sealData(login, { password: password(), ttl: LOGIN_TTL_SECONDS });
  return `${LOGIN_COOKIE}=${seal}; ${attributes(request, LOGIN_TTL_SECONDS)}`;
}

export function clearLoginStateSetCookie(request: Request): string {
  return `${LOGIN_COOKIE}=; ${attributes(request, 0)}`;
}

export async function readLoginState(headers: Headers): Promise<LoginState | undefined> {
  const seal = cookieValue(headers, LOGIN_COOKIE);
  if (!seal) return undefined;
  let data: unknown;
  try {
    // A wrong key or an expired seal yields {} (iron-session 8); anything malformed throws.
    data = await unsealData(seal, { password: password(), ttl: LOGIN_TTL_SECONDS });
  } catch {
    return undefined;
  }
  const login = data as Partial<LoginState> | null;
  const fields = [login?.codeVerifier, login?.state, login?.nonce, login?.next];
  if (!fields.every((field) => typeof field === 'string' && field !== '')) return undefined;
  return login as LoginState;
}
