/**
 * The authentication layer of the handler chain (staging/src/k8s.io/apiserver/pkg/endpoints/
 * filters/authentication.go WithAuthentication): the request's credentials become a `UserInfo`
 * through the injected `Authenticator` (emulator/auth composes the cluster's). Credentials that
 * are present but invalid, or a request no authenticator recognises, get upstream's 401
 * `Unauthorized` Status; the next layers only ever see an authenticated user.
 */
import { unauthorized } from '../core/errors';
import type { Authenticator, UserInfo } from '../auth/types';

export async function authenticate(
  authenticator: Authenticator,
  request: Request,
): Promise<UserInfo> {
  const result = await authenticator.authenticate(request);
  if (!result || !result.ok) throw unauthorized();
  return result.user;
}
