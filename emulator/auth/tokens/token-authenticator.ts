/**
 * Bearer tokens as kube-apiserver authenticates them (staging/src/k8s.io/apiserver/pkg/
 * authentication): token authenticators (authenticator.Token) — the kubeconfig's admin token,
 * `--token-auth-file`, ServiceAccount JWTs — tried in order by a union (token/union), behind the
 * request authenticator that reads `Authorization: Bearer <token>` (request/bearertoken).
 *
 * Contract of a TokenAuthenticator: `undefined` when the token is not one of its own (the next
 * one tries), `{ ok: false, error }` when it is but does not hold (expired, forged, revoked), and
 * `{ ok: true, user, audiences }` otherwise. `audiences` is what the caller wants the token to be
 * valid for (TokenReview's spec.audiences); requests to the apiserver itself pass none and get
 * the apiserver's own audiences.
 */
import type { AuthenticationResult, Authenticator } from '../types';

/**
 * A request authenticator that can be asked for other audiences than the apiserver's (upstream
 * carries them in the request context; TokenReview sets them from spec.audiences).
 */
export interface RequestAuthenticator extends Authenticator {
  authenticate(
    request: Request,
    audiences?: readonly string[],
  ): AuthenticationResult | undefined | Promise<AuthenticationResult | undefined>;
}

export interface TokenAuthenticator {
  authenticateToken(
    token: string,
    audiences?: readonly string[],
  ): AuthenticationResult | undefined | Promise<AuthenticationResult | undefined>;
}

/** The default error of a bearer token nobody recognises (bearertoken.invalidToken). */
export const INVALID_BEARER_TOKEN = 'invalid bearer token';

/** utilerrors.NewAggregate(...).Error(): one message as is, several deduplicated in brackets. */
export function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  if (unique.length === 1) return unique[0] ?? '';
  return `[${unique.join(', ')}]`;
}

/**
 * The token of an `Authorization` header, read as bearertoken.go reads it: the header trimmed,
 * split on single spaces; the scheme is case-insensitive and the token is the second part (so
 * `Bearer  x`, with two spaces, carries no token at all).
 */
export function bearerToken(request: Request): string | undefined {
  const header = (request.headers.get('authorization') ?? '').trim();
  if (!header) return undefined;
  const parts = header.split(' ');
  if (parts.length < 2 || parts[0]?.toLowerCase() !== 'bearer') return undefined;
  return parts[1] || undefined;
}

/** token/union: the first authenticator that accepts decides; failures are kept for the answer. */
export function unionTokenAuthenticator(
  members: readonly TokenAuthenticator[],
): TokenAuthenticator {
  return {
    async authenticateToken(token, audiences) {
      const errors: string[] = [];
      for (const member of members) {
        const result = await member.authenticateToken(token, audiences);
        if (!result) continue;
        if (result.ok) return result;
        errors.push(result.error);
      }
      return errors.length ? { ok: false, error: aggregateMessage(errors) } : undefined;
    },
  };
}

/**
 * A token authenticator that knows nothing of audiences (authenticator.WrapAudienceAgnosticToken):
 * it answers only when the wanted audiences include one of the apiserver's, and its users are
 * valid for exactly those.
 */
export function audienceAgnostic(
  apiAudiences: readonly string[],
  delegate: TokenAuthenticator,
): TokenAuthenticator {
  return {
    async authenticateToken(token, audiences) {
      const wanted = audiences ?? apiAudiences;
      const shared = apiAudiences.filter((a) => wanted.includes(a));
      if (shared.length === 0) return undefined;
      const result = await delegate.authenticateToken(token, audiences);
      if (!result || !result.ok) return result;
      return { ...result, audiences: shared };
    },
  };
}

/**
 * The request authenticator over the token union (request/bearertoken). A request whose bearer
 * token nobody accepts fails with `invalid bearer token`; when an authenticator said why, the
 * reason follows in kube-apiserver's aggregate form
 * (`[invalid bearer token, service account token has expired]`).
 */
export function bearerTokenAuthenticator(tokens: TokenAuthenticator): RequestAuthenticator {
  return {
    async authenticate(request, audiences) {
      const token = bearerToken(request);
      if (token === undefined) return undefined;
      const result = await tokens.authenticateToken(token, audiences);
      if (result?.ok) return result;
      const reasons = result ? [INVALID_BEARER_TOKEN, result.error] : [INVALID_BEARER_TOKEN];
      return { ok: false, error: aggregateMessage(reasons) };
    },
  };
}
