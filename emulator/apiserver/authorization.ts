/**
 * The authorization layer of the handler chain (staging/src/k8s.io/apiserver/pkg/endpoints/
 * filters/authorization.go WithAuthorization): the request's attributes — its RequestInfo and
 * the authenticated user, as GetAuthorizerAttributes builds them — go to the injected
 * `Authorizer`; anything but `allow` is upstream's 403 Forbidden, with the authorizer's reason
 * appended when it gives one. The decision and its reason become the request's audit annotations.
 */
import { DECISION_ANNOTATION, REASON_ANNOTATION } from '../auth/audit/event';
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

/**
 * Throws upstream's 403 unless allowed. `annotations` (the request's audit annotations) get the
 * decision and reason, as WithAuthorization records them: `allow` or `forbid`.
 */
export function authorize(
  authorizer: Authorizer,
  attributes: RequestAttributes,
  annotations?: Record<string, string>,
): void {
  const decision = authorizer.authorize(attributes);
  const allowed = decision.decision === 'allow';
  if (annotations) {
    annotations[DECISION_ANNOTATION] = allowed ? 'allow' : 'forbid';
    annotations[REASON_ANNOTATION] = decision.reason;
  }
  if (!allowed) throw forbiddenError(attributes, decision.reason);
}
