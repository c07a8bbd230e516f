/**
 * TokenReview (`POST /apis/authentication.k8s.io/v1/tokenreviews`), answered as
 * pkg/registry/authentication/tokenreview/storage.go does: the token is put on a request of its
 * own (`Authorization: Bearer <token>`) and run through the same request authenticator as every
 * request, asked for `spec.audiences` (the apiserver's when empty). The status says whether it
 * authenticated, as whom, for which audiences, and why not.
 */
import { badRequest, internalError } from '../core/errors';
import type { RequestAuthenticator } from './tokens/token-authenticator';
import type { UserInfo } from './types';

export const TOKEN_REVIEW_API_VERSION = 'authentication.k8s.io/v1';

function userInfoJson(user: UserInfo): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  if (user.username) json.username = user.username;
  if (user.uid) json.uid = user.uid;
  if (user.groups.length) json.groups = [...user.groups];
  if (user.extra && Object.keys(user.extra).length) json.extra = user.extra;
  return json;
}

export async function reviewToken(
  authenticator: RequestAuthenticator,
  apiAudiences: readonly string[],
  requestBody: unknown,
): Promise<Record<string, unknown>> {
  const body = (requestBody ?? {}) as { metadata?: Record<string, unknown>; spec?: unknown };
  const spec = (body.spec ?? {}) as { token?: unknown; audiences?: unknown };
  const token = typeof spec.token === 'string' ? spec.token : '';
  if (token === '') throw badRequest('token is required for TokenReview in authentication');
  const requested = Array.isArray(spec.audiences) ? (spec.audiences as string[]) : [];
  const audiences = requested.length ? requested : [...apiAudiences];

  const probe = new Request('https://127.0.0.1/', {
    headers: { authorization: `Bearer ${token}` },
  });
  const result = await authenticator.authenticate(probe, audiences.length ? audiences : undefined);

  const status: Record<string, unknown> = {};
  if (result?.ok) {
    const granted = result.audiences ?? [];
    if (audiences.length && !granted.some((a) => audiences.includes(a))) {
      throw internalError('error validating audiences');
    }
    status.authenticated = true;
    status.user = userInfoJson(result.user);
    if (granted.length) status.audiences = [...granted];
  } else {
    status.user = {};
    if (result && !result.ok) status.error = result.error;
  }
  return {
    kind: 'TokenReview',
    apiVersion: TOKEN_REVIEW_API_VERSION,
    metadata: { ...(body.metadata ?? {}), creationTimestamp: null },
    spec: { token, ...(requested.length ? { audiences: requested } : {}) },
    status,
  };
}
