/**
 * The answer to "who is this request from?" (lib/auth/request-viewer.ts): the viewer, or the
 * problem to send instead (401 `unauthenticated`, 403 `untrusted-identity`, 503 when the cluster
 * cannot say). Its own module so the pure per-mode resolvers share it without server imports.
 * `notSignedInToCluster` is the one wording of a token that another cluster accepts and this
 * one does not, for a session (lib/auth/cluster-viewer.ts) and a Bearer header alike.
 */
import { problem, type Problem } from '../api/problem';
import type { Viewer } from './viewer';

export type ViewerAnswer = { ok: true; viewer: Viewer } | { ok: false; problem: Problem };

/** 403 `not-signed-in-to-cluster`: `target` refuses the token (saying `said`) that `home` accepts. */
export function notSignedInToCluster(target: string, home: string, said: string): Problem {
  return problem(
    'not-signed-in-to-cluster',
    `Cluster "${target}" does not accept your token (it says: ${said}). You are signed in to cluster "${home}"; a token is valid only in the cluster that issued it.`,
    { cluster: target },
  );
}
