import 'server-only';
/**
 * The signed-in session: one encrypted cookie (iron-session's `sealData`, keys from
 * lib/auth/session-keys.ts), no server-side store, so replicas sharing the key file share
 * sessions.
 *
 * Contract:
 * - the cookie `switchboard_session` is `HttpOnly` (page JavaScript never reads it),
 *   `SameSite=Lax`, `Path=/`, `Secure` when the public URL or the request is https, and
 *   `Max-Age` the time the session may still live idle (never beyond its absolute end);
 * - the content is sealed (encrypted and authenticated): a token-mode session carries the user's
 *   Kubernetes token and an oidc session may carry the ID token, which the browser holds only as
 *   ciphertext it can neither read nor alter;
 * - `readSession` answers undefined — never throws — for a missing, tampered, foreign or
 *   malformed cookie, one sealed with a key no longer in the key file, and one past its idle
 *   (`--session-idle`, since `lastSeenAt`) or absolute (`--session-max-age`, since `createdAt`)
 *   expiry;
 * - `refreshedSessionSetCookie` (called by proxy.ts before every request) re-seals a live
 *   session with a new `lastSeenAt` once it is older than `refreshAfterMs`, so a person using the
 *   page stays signed in and an idle one is signed out;
 * - the names and shapes below are what the OIDC flow codes against.
 */
import { sealData, unsealData } from 'iron-session';
import { authSettings } from './settings';
import { sessionKeys } from './session-keys';
import type { UserIdentity } from './viewer';
import { groupNames } from './identity-names';

export const SESSION_COOKIE = 'switchboard_session';

/** Browsers keep cookies up to about 4096 bytes (name, value and attributes together). */
const MAX_COOKIE_BYTES = 4096;

export interface NewSession {
  mode: 'oidc' | 'token';
  user: UserIdentity;
  token?: string;
  idToken?: string;
  /** Token mode: the cluster that accepted the token at sign-in (absent: the default cluster). */
  cluster?: string;
}

export interface Session extends NewSession {
  /** Epoch milliseconds. */
  createdAt: number;
  lastSeenAt: number;
}

/** Whether cookies for this request get `Secure` (the OIDC login cookie follows the same rule). */
export function isSecure(request: Request): boolean {
  return (
    authSettings().publicUrl?.protocol === 'https:' || new URL(request.url).protocol === 'https:'
  );
}

function cookieAttributes(request: Request, maxAgeSeconds: number): string {
  const attributes = [
    `Path=/`,
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (isSecure(request)) attributes.push('Secure');
  return attributes.join('; ');
}

async function sealedCookie(session: Session, request: Request): Promise<string> {
  const { session: limits } = authSettings();
  const seal = await sealData(session, {
    password: sessionKeys(limits.keyFile),
    ttl: limits.maxAgeSeconds,
  });
  const endsIn = Math.min(
    limits.idleSeconds * 1000,
    session.createdAt + limits.maxAgeSeconds * 1000 - session.lastSeenAt,
  );
  const cookie = `${SESSION_COOKIE}=${seal}; ${cookieAttributes(request, endsIn / 1000)}`;
  if (cookie.length > MAX_COOKIE_BYTES) {
    throw new Error(
      `the session is too large for a cookie (${cookie.length} bytes; browsers keep ${MAX_COOKIE_BYTES})`,
    );
  }
  return cookie;
}

/** The Set-Cookie header value that starts this session. */
export async function sessionSetCookie(session: NewSession, request: Request): Promise<string> {
  const now = Date.now();
  return sealedCookie({ ...session, createdAt: now, lastSeenAt: now }, request);
}

export function clearSessionSetCookie(request: Request): string {
  return `${SESSION_COOKIE}=; ${cookieAttributes(request, 0)}`;
}

/** The raw value of one cookie from a `Cookie` header (the first, as browsers send it). */
export function cookieValue(headers: Headers, name: string): string | undefined {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function isUserIdentity(value: unknown): value is UserIdentity {
  const user = value as UserIdentity | null;
  return (
    typeof user === 'object' &&
    user !== null &&
    typeof user.username === 'string' &&
    user.username !== '' &&
    Array.isArray(user.groups) &&
    user.groups.every((group) => typeof group === 'string')
  );
}

function isSession(value: unknown): value is Session {
  const s = value as Partial<Session> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    (s.mode === 'oidc' || s.mode === 'token') &&
    isUserIdentity(s.user) &&
    typeof s.createdAt === 'number' &&
    typeof s.lastSeenAt === 'number' &&
    (s.token === undefined || typeof s.token === 'string') &&
    (s.idToken === undefined || typeof s.idToken === 'string') &&
    (s.cluster === undefined || typeof s.cluster === 'string') &&
    (s.mode !== 'token' || (typeof s.token === 'string' && s.token !== ''))
  );
}

export async function readSession(headers: Headers): Promise<Session | undefined> {
  const seal = cookieValue(headers, SESSION_COOKIE);
  if (!seal) return undefined;
  const { session: limits } = authSettings();
  let data: unknown;
  try {
    // A wrong key or an expired seal yields {} (iron-session 8); anything malformed throws.
    data = await unsealData(seal, {
      password: sessionKeys(limits.keyFile),
      ttl: limits.maxAgeSeconds,
    });
  } catch {
    return undefined;
  }
  if (!isSession(data)) return undefined;
  const now = Date.now();
  if (now - data.createdAt >= limits.maxAgeSeconds * 1000) return undefined;
  if (now - data.lastSeenAt >= limits.idleSeconds * 1000) return undefined;
  // A session sealed before empty group names were dropped may still carry one.
  return { ...data, user: { ...data.user, groups: groupNames(data.user.groups) } };
}

/** How stale `lastSeenAt` may be before a request re-seals it (a fraction of the idle bound). */
export function refreshAfterMs(): number {
  return Math.min(60_000, (authSettings().session.idleSeconds * 1000) / 4);
}

/** A Set-Cookie that extends a live session's idle time, or undefined when none is due. */
export async function refreshedSessionSetCookie(request: Request): Promise<string | undefined> {
  const session = await readSession(request.headers);
  if (!session) return undefined;
  const now = Date.now();
  if (now - session.lastSeenAt < refreshAfterMs()) return undefined;
  return sealedCookie({ ...session, lastSeenAt: now }, request);
}
