import 'server-only';
/**
 * Who a signed-in person is in one cluster of several. A Kubernetes token is a credential of the
 * cluster that issued it: a ServiceAccount token of prod-eu means nothing to prod-us, and the
 * same OIDC token may be named differently by two API servers. So the viewer a request starts
 * with (lib/auth/request-viewer.ts, checked by the session's cluster) is asked of every other
 * cluster before anything is read or written there for them.
 *
 * Contract:
 * - `none`, `oidc`, `proxy`: the viewer as it is — one identity everywhere; each cluster's RBAC
 *   decides about it (SubjectAccessReview and impersonation with that cluster's credentials);
 * - `token`: in the session's own cluster, the viewer as it is; in another, that cluster's
 *   TokenReview (one cache per cluster, keyed by the token's hash, 60 s): accepted, the person
 *   as that cluster names them; refused, a 403 `not-signed-in-to-cluster` problem carrying
 *   `cluster` — the session stays, the other clusters keep working; not answerable, 503
 *   `cluster-unavailable` carrying `cluster`. An unknown cluster id throws the registry's
 *   `UnknownClusterError` (the routes' 404).
 * - `scopeOf` (lib/access/server.ts) asks this first, so no read for a person skips it; what it
 *   refuses it throws as `ClusterSignInError`.
 */
import { problem, type Problem } from '../api/problem';
import { errorMessage } from '../error-message';
import { clusterRegistry, isUnknownCluster } from '../k8s/clusters';
import { clusterTokenReviewer, type ReviewerOf } from './request-viewer';
import type { Viewer } from './viewer';
import { notSignedInToCluster, type ViewerAnswer } from './viewer-answer';

/** A person the cluster does not sign in (or cannot check now), as the problem to answer. */
export class ClusterSignInError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ClusterSignInError';
  }
}

/** By name, as `isUnknownCluster`: Next may bundle this class into several chunks. */
export function isClusterSignInError(error: unknown): error is ClusterSignInError {
  return error instanceof Error && error.name === 'ClusterSignInError';
}

export async function viewerInCluster(
  viewer: Viewer,
  clusterId?: string,
  reviewerOf: ReviewerOf = clusterTokenReviewer,
): Promise<ViewerAnswer> {
  if (viewer.mode !== 'token') return { ok: true, viewer };
  const registry = clusterRegistry();
  const target = clusterId ?? registry.defaultId();
  const home = viewer.cluster ?? registry.defaultId();
  if (target === home) return { ok: true, viewer };
  let result;
  try {
    result = await reviewerOf(target)(viewer.token);
  } catch (error) {
    if (isUnknownCluster(error)) throw error;
    return {
      ok: false,
      problem: problem(
        'cluster-unavailable',
        `Your sign-in cannot be checked in cluster "${target}" right now: ${errorMessage(error)}`,
        { cluster: target },
      ),
    };
  }
  if (!result.ok) {
    return { ok: false, problem: notSignedInToCluster(target, home, result.message) };
  }
  return {
    ok: true,
    viewer: { mode: 'token', user: result.user, token: viewer.token, cluster: target },
  };
}

/** `viewerInCluster`, or its refusal thrown as `ClusterSignInError`. */
export async function requireViewerInCluster(viewer: Viewer, clusterId?: string): Promise<Viewer> {
  const answer = await viewerInCluster(viewer, clusterId);
  if (!answer.ok) throw new ClusterSignInError(answer.problem);
  return answer.viewer;
}
