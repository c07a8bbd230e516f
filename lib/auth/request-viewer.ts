import 'server-only';
/**
 * The viewer of one request (lib/auth/viewer.ts), for route handlers and server components alike:
 * both have the request's headers (a route its `Request`, a page `headers()` from next/headers).
 *
 * Contract: `viewerOf(headers)` never throws for a person who is not signed in; it answers the
 * problem to send instead (401 `unauthenticated`, which the page turns into the sign-in screen).
 * Per mode (`--auth`, lib/auth/settings.ts):
 * - `none`: every request is the dashboard itself;
 * - `proxy`: the trusted proxy's headers (lib/auth/proxy-viewer.ts);
 * - `token`: the session's token (lib/auth/session.ts), or for scripts (`switchboard diagnose
 *   --dashboard`) an `Authorization: Bearer` header, re-checked with TokenReview at most every
 *   60 s (lib/auth/token-review.ts); a token the cluster no longer accepts (expired, revoked) is
 *   401 and ends the session; a cluster that cannot answer is 503 `cluster-unavailable`. A
 *   header a page cannot be made to send cross-site, so it needs no CSRF token of its own;
 * - `oidc`: the session the OpenID Connect flow started.
 * A session of another mode than the server's (the mode was changed) is no session.
 */
import { problem } from '../api/problem';
import { errorMessage } from '../error-message';
import { getClusterConnection } from '../k8s/connection';
import { createKubeClient } from '../k8s/write/client';
import { proxyViewer } from './proxy-viewer';
import { readSession } from './session';
import { authSettings, type AuthSettings } from './settings';
import { createTokenReviewer, type TokenReviewer } from './token-review';
import type { ViewerAnswer } from './viewer-answer';

export type { ViewerAnswer } from './viewer-answer';

let processReviewer: TokenReviewer | undefined;

/** TokenReview with this process's cluster credentials (one cache per process). */
export function dashboardTokenReviewer(): TokenReviewer {
  processReviewer ??= createTokenReviewer(createKubeClient(getClusterConnection().kubeConfig));
  return processReviewer;
}

const SIGN_IN = {
  token: 'Sign in with a Kubernetes token.',
  oidc: 'Sign in with your identity provider.',
};

/** The token of an `Authorization: Bearer …` header, if the request carries one. */
function bearerToken(headers: Headers): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return match?.[1];
}

async function tokenViewer(headers: Headers, review: TokenReviewer): Promise<ViewerAnswer> {
  let token = bearerToken(headers);
  if (!token) {
    const session = await readSession(headers);
    if (session?.mode === 'token') token = session.token;
  }
  if (!token) return { ok: false, problem: problem('unauthenticated', SIGN_IN.token) };
  let result;
  try {
    result = await review(token);
  } catch (error) {
    return {
      ok: false,
      problem: problem(
        'cluster-unavailable',
        `Your sign-in cannot be checked right now: ${errorMessage(error)}`,
      ),
    };
  }
  if (!result.ok) {
    const why = result.reason === 'expired' ? 'has expired' : 'is no longer accepted';
    return {
      ok: false,
      problem: problem(
        'unauthenticated',
        `Your token ${why} (the cluster says: ${result.message}). Sign in again.`,
      ),
    };
  }
  return { ok: true, viewer: { mode: 'token', user: result.user, token } };
}

/** `viewerOf` with its settings and token reviewer given (tests give their own). */
export async function resolveViewer(
  headers: Headers,
  settings: AuthSettings,
  review: () => TokenReviewer,
): Promise<ViewerAnswer> {
  switch (settings.mode) {
    case 'none':
      return { ok: true, viewer: { mode: 'none' } };
    case 'proxy':
      return proxyViewer(headers, settings.proxy!);
    case 'token':
      return tokenViewer(headers, review());
    case 'oidc': {
      const session = await readSession(headers);
      if (session?.mode !== 'oidc') {
        return { ok: false, problem: problem('unauthenticated', SIGN_IN.oidc) };
      }
      return { ok: true, viewer: { mode: 'oidc', user: session.user } };
    }
  }
}

export async function viewerOf(headers: Headers): Promise<ViewerAnswer> {
  return resolveViewer(headers, authSettings(), dashboardTokenReviewer);
}
