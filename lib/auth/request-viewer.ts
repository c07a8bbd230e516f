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
 *   60 s (lib/auth/token-review.ts) by ONE cluster: the session's (the cluster that accepted
 *   the token at sign-in), or for a header the cluster the request names (default: the default
 *   cluster). A token that cluster no longer accepts (expired, revoked), or a session whose
 *   cluster is no longer watched, is 401 and ends the session; a cluster that cannot answer is
 *   503 `cluster-unavailable`. A header's token that the cluster asked refuses but another
 *   watched cluster accepts is 403 `not-signed-in-to-cluster`, as a session's is there. Who the person is in the other clusters is asked of each
 *   (lib/auth/cluster-viewer.ts). A header a page cannot be made to send cross-site, so it
 *   needs no CSRF token of its own;
 * - `oidc`: the session the OpenID Connect flow started.
 * A session of another mode than the server's (the mode was changed) is no session.
 */
import { problem } from '../api/problem';
import { errorMessage } from '../error-message';
import { clusterRegistry, isUnknownCluster } from '../k8s/clusters';
import { getClusterConnection, type ClusterConnection } from '../k8s/connection';
import { createKubeClient } from '../k8s/write/client';
import { proxyViewer } from './proxy-viewer';
import { readSession } from './session';
import { authSettings, type AuthSettings } from './settings';
import { createTokenReviewer, type TokenReviewer } from './token-review';
import type { Viewer } from './viewer';
import { notSignedInToCluster, type ViewerAnswer } from './viewer-answer';

export type { ViewerAnswer } from './viewer-answer';

/** Which cluster's TokenReview (`clusterId` absent: the default cluster's); throws as the registry. */
export type ReviewerOf = (clusterId?: string) => TokenReviewer;

/**
 * One reviewer per cluster connection, each with its own cache keyed by the token's hash: an
 * answer of one cluster is never taken for another's, and a cluster whose connection was
 * replaced (another server) starts with no answers. On globalThis, as the registry: Next bundles
 * this module into several chunks, and they share one cache per cluster.
 */
const REVIEWERS_KEY = Symbol.for('switchboard.token-reviewers');
type ReviewersGlobal = typeof globalThis & {
  [REVIEWERS_KEY]?: WeakMap<ClusterConnection, TokenReviewer>;
};

/** TokenReview by cluster `clusterId` (default: the default cluster) with this process's credentials for it. */
export function clusterTokenReviewer(clusterId?: string): TokenReviewer {
  const connection = getClusterConnection(clusterId);
  const reviewers = ((globalThis as ReviewersGlobal)[REVIEWERS_KEY] ??= new WeakMap());
  let reviewer = reviewers.get(connection);
  if (!reviewer) {
    reviewer = createTokenReviewer(createKubeClient(connection.kubeConfig));
    reviewers.set(connection, reviewer);
  }
  return reviewer;
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

async function tokenViewer(
  headers: Headers,
  reviewerOf: ReviewerOf,
  requestedCluster: string | undefined,
): Promise<ViewerAnswer> {
  let token = bearerToken(headers);
  const fromHeader = token !== undefined;
  // A script's token is checked by the cluster it asks about; a session's by its own cluster.
  let cluster = fromHeader ? requestedCluster : undefined;
  if (!token) {
    const session = await readSession(headers);
    if (session?.mode === 'token') {
      token = session.token;
      cluster = session.cluster;
    }
  }
  if (!token) return { ok: false, problem: problem('unauthenticated', SIGN_IN.token) };
  let result;
  try {
    result = await reviewerOf(cluster)(token);
  } catch (error) {
    if (isUnknownCluster(error)) {
      return {
        ok: false,
        problem:
          token === bearerToken(headers)
            ? problem('not-found', error.message, { cluster: error.clusterId })
            : problem(
                'unauthenticated',
                `You signed in to cluster "${error.clusterId}", which this dashboard no longer watches. Sign in again.`,
              ),
      };
    }
    return {
      ok: false,
      problem: problem(
        'cluster-unavailable',
        `Your sign-in cannot be checked right now: ${errorMessage(error)}`,
      ),
    };
  }
  if (!result.ok) {
    if (fromHeader && result.reason !== 'expired') {
      // A script's token another cluster accepts is not "no longer accepted": it is a token of
      // that cluster, and this one never took it — the answer a session gets (cluster-viewer.ts).
      const target = cluster ?? defaultClusterIdOrNone();
      const home = target && (await acceptingCluster(token, reviewerOf, target));
      if (target && home) {
        return { ok: false, problem: notSignedInToCluster(target, home, result.message) };
      }
    }
    const why =
      result.reason === 'expired'
        ? 'has expired'
        : fromHeader
          ? 'is not accepted'
          : 'is no longer accepted';
    return {
      ok: false,
      problem: problem(
        'unauthenticated',
        `Your token ${why} (the cluster says: ${result.message}). Sign in again.`,
      ),
    };
  }
  return {
    ok: true,
    viewer: { mode: 'token', user: result.user, token, ...(cluster ? { cluster } : {}) },
  };
}

function defaultClusterIdOrNone(): string | undefined {
  try {
    return clusterRegistry().defaultId();
  } catch {
    return undefined; // no cluster configured: there is no other cluster to ask either
  }
}

/** Another watched cluster that accepts `token` (its own cached review), if any. */
async function acceptingCluster(
  token: string,
  reviewerOf: ReviewerOf,
  refusedBy: string,
): Promise<string | undefined> {
  for (const id of clusterRegistry().ids()) {
    if (id === refusedBy) continue;
    try {
      if ((await reviewerOf(id)(token)).ok) return id;
    } catch {
      // That cluster cannot answer now: it names nobody, and the refusal stands as it is.
    }
  }
  return undefined;
}

/**
 * Whether the cluster that named a token viewer (their session's, or for a script the one its
 * header asked) still accepts their token — the check every request of theirs makes, from the same
 * cache — for what outlives its request: an open stream. `false` when that cluster refuses the
 * token (expired, revoked) or is no longer watched; throws when it cannot answer now.
 */
export async function tokenStillAccepted(
  viewer: Extract<Viewer, { mode: 'token' }>,
  reviewerOf: ReviewerOf = clusterTokenReviewer,
): Promise<boolean> {
  let review;
  try {
    review = reviewerOf(viewer.cluster);
  } catch (error) {
    if (isUnknownCluster(error)) return false;
    throw error;
  }
  return (await review(viewer.token)).ok;
}

/** `viewerOf` with its settings and token reviewers given (tests give their own). */
export async function resolveViewer(
  headers: Headers,
  settings: AuthSettings,
  reviewerOf: ReviewerOf,
  requestedCluster?: string,
): Promise<ViewerAnswer> {
  switch (settings.mode) {
    case 'none':
      return { ok: true, viewer: { mode: 'none' } };
    case 'proxy':
      return proxyViewer(headers, settings.proxy!);
    case 'token':
      return tokenViewer(headers, reviewerOf, requestedCluster);
    case 'oidc': {
      const session = await readSession(headers);
      if (session?.mode !== 'oidc') {
        return { ok: false, problem: problem('unauthenticated', SIGN_IN.oidc) };
      }
      return { ok: true, viewer: { mode: 'oidc', user: session.user } };
    }
  }
}

/**
 * Who the request is from. `requestedCluster` (lib/http/requested-cluster.ts) only decides which
 * cluster reviews a script's `Authorization: Bearer` token; a session is always its own cluster's.
 */
export async function viewerOf(headers: Headers, requestedCluster?: string): Promise<ViewerAnswer> {
  return resolveViewer(headers, authSettings(), clusterTokenReviewer, requestedCluster);
}
