/**
 * The authorization layer of the handler chain (staging/src/k8s.io/apiserver/pkg/endpoints/
 * filters/authorization.go WithAuthorization): the request's attributes — its RequestInfo and
 * the authenticated user, as GetAuthorizerAttributes builds them — go to the injected
 * `Authorizer`; anything but `allow` is upstream's 403 Forbidden, with the authorizer's reason
 * appended when it gives one.
 */
import { forbiddenError } from '../auth/rbac/forbidden';
import type { Authorizer, RequestAttributes, UserInfo } from '../auth/types';
import type { RequestInfo } from './request-info';

export function requestAttributes(info: RequestInfo, user: UserInfo): RequestAttributes {
  return {
    user,
    verb: info.verb,
    isResourceRequest: info.isResourceRequest,
    path: info.path,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
  };
}

export function authorize(authorizer: Authorizer, attributes: RequestAttributes): void {
  const decision = authorizer.authorize(attributes);
  if (decision.decision !== 'allow') throw forbiddenError(attributes, decision.reason);
}
