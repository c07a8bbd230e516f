/**
 * The whole request authenticator, composed as kube-apiserver's
 * (pkg/kubeapiserver/authenticator/config.go New):
 *
 *   union(members…) → add `system:authenticated` → fail-on-error union with anonymous
 *
 * - the members are tried in order; the first that accepts decides, and the failures of the
 *   others are kept (request/union);
 * - every authenticated user is in `system:authenticated` unless it already names it or
 *   `system:unauthenticated` (group.AuthenticatedGroupAdder);
 * - a request that carries no credentials any member recognises is `system:anonymous` in
 *   `system:unauthenticated` (anonymous auth is on by default upstream), but credentials that
 *   were presented and failed are an error — a bad token is never anonymous.
 */
import { aggregateMessage, type RequestAuthenticator } from './tokens/token-authenticator';
import type { AuthenticationResult, UserInfo } from './types';

export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS_USER: UserInfo = {
  username: 'system:anonymous',
  groups: [ALL_UNAUTHENTICATED],
};

export interface RequestAuthenticatorOptions {
  /** `--anonymous-auth` (default true, as upstream). */
  anonymous?: boolean;
}

function withAuthenticatedGroup(result: AuthenticationResult): AuthenticationResult {
  if (!result.ok) return result;
  const { user } = result;
  if (user.username === ANONYMOUS_USER.username) return result;
  if (user.groups.some((g) => g === ALL_AUTHENTICATED || g === ALL_UNAUTHENTICATED)) return result;
  return { ...result, user: { ...user, groups: [...user.groups, ALL_AUTHENTICATED] } };
}

export function requestAuthenticator(
  members: readonly RequestAuthenticator[],
  options: RequestAuthenticatorOptions = {},
): RequestAuthenticator {
  const anonymous = options.anonymous ?? true;
  return {
    async authenticate(request, audiences) {
      const errors: string[] = [];
      for (const member of members) {
        const result = await member.authenticate(request, audiences);
        if (!result) continue;
        if (result.ok) return withAuthenticatedGroup(result);
        errors.push(result.error);
      }
      if (errors.length) return { ok: false, error: aggregateMessage(errors) };
      if (!anonymous) return undefined;
      return { ok: true, user: { ...ANONYMOUS_USER, groups: [...ANONYMOUS_USER.groups] } };
    },
  };
}
