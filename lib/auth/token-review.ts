import 'server-only';
/**
 * Who a pasted Kubernetes bearer token is, asked of the cluster with a TokenReview sent with the
 * dashboard's own credentials (its ClusterRole may create tokenreviews), as the Kubernetes
 * Dashboard and kube-apiserver's webhook authenticators do.
 *
 * Contract: `createTokenReviewer(send)` returns `review(token)`: the user the cluster names
 * (username and groups exactly as RBAC subjects see them), or why not — `expired` when the
 * cluster says so, else `invalid` (unknown, forged, revoked, of a deleted ServiceAccount). An
 * answer is reused for at most `TOKEN_REVIEW_TTL_MS` (so a revoked token ends its session within
 * that bound); the cache is keyed by a SHA-256 of the token, never the token, and bounded. A
 * review the cluster cannot answer (unreachable, the dashboard not allowed) throws and is not
 * cached.
 */
import { createHash } from 'node:crypto';
import { statusOf, type KubeSend } from '../k8s/write/client';
import type { UserIdentity } from './viewer';
import { groupNames } from './identity-names';

export const TOKEN_REVIEW_TTL_MS = 60_000;
const MAX_CACHED = 10_000;

export type TokenReviewResult =
  { ok: true; user: UserIdentity } | { ok: false; reason: 'invalid' | 'expired'; message: string };

export type TokenReviewer = (token: string) => Promise<TokenReviewResult>;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface TokenReviewStatus {
  authenticated?: boolean;
  user?: { username?: unknown; groups?: unknown };
  error?: unknown;
}

async function askCluster(send: KubeSend, token: string): Promise<TokenReviewResult> {
  const response = await send({
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/tokenreviews',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
  });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(
      `the cluster did not review the token (HTTP ${response.status}: ${statusOf(response).message})`,
    );
  }
  const status = ((response.body as { status?: TokenReviewStatus } | undefined)?.status ??
    {}) as TokenReviewStatus;
  const username = status.user?.username;
  if (status.authenticated === true && typeof username === 'string' && username !== '') {
    // Without empty names: a --token-auth-file user with no groups has one ("").
    const groups = Array.isArray(status.user?.groups) ? groupNames(status.user.groups) : [];
    return { ok: true, user: { username, groups } };
  }
  const error = typeof status.error === 'string' ? status.error : '';
  return {
    ok: false,
    reason: /expired/i.test(error) ? 'expired' : 'invalid',
    message: error || 'the cluster does not accept this token',
  };
}

export function createTokenReviewer(send: KubeSend): TokenReviewer {
  const cache = new Map<string, { result: TokenReviewResult; at: number }>();
  return async (token) => {
    const key = tokenHash(token);
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < TOKEN_REVIEW_TTL_MS && now >= hit.at) return hit.result;
    const result = await askCluster(send, token);
    cache.delete(key);
    if (cache.size >= MAX_CACHED) {
      for (const [k, entry] of cache) {
        if (now - entry.at >= TOKEN_REVIEW_TTL_MS) cache.delete(k);
      }
      // Still full: the oldest answers go first (a Map iterates in insertion order).
      for (const k of cache.keys()) {
        if (cache.size < MAX_CACHED) break;
        cache.delete(k);
      }
    }
    cache.set(key, { result, at: Date.now() });
    return result;
  };
}
