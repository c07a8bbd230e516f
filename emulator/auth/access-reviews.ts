/**
 * The reviews a user makes about themselves, answered from the same `Authorizer` and
 * `RuleResolver` (./types.ts) the handler chain enforces, so an answer never disagrees with what
 * a request would get:
 * - SelfSubjectAccessReview (`kubectl auth can-i VERB RESOURCE`): status `allowed`, `denied`,
 *   `reason` as pkg/registry/authorization/selfsubjectaccessreview/rest.go fills them;
 * - SelfSubjectRulesReview (`kubectl auth can-i --list`): the resolver's rules in spec.namespace;
 * - SelfSubjectReview (`kubectl auth whoami`): the authenticated user.
 *
 * Each takes the decoded review and the requesting user and returns the object to answer with;
 * decoding and the HTTP exchange are the apiserver's.
 */
import type { Authorizer, RequestAttributes, RuleResolver, UserInfo } from './types';

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

/** authorizationutil.ResourceAttributesFrom / NonResourceAttributesFrom (exported for the subject access reviews). */
export function attributesOf(
  user: UserInfo,
  spec: { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: NonResourceAttributes },
): RequestAttributes {
  const ra = spec.resourceAttributes;
  if (ra) {
    return {
      user,
      verb: ra.verb ?? '',
      isResourceRequest: true,
      path: '',
      apiGroup: ra.group ?? '',
      apiVersion: ra.version ?? '',
      resource: ra.resource ?? '',
      subresource: ra.subresource ?? '',
      namespace: ra.namespace ?? '',
      name: ra.name ?? '',
    };
  }
  const nra = spec.nonResourceAttributes ?? {};
  return {
    user,
    verb: nra.verb ?? '',
    isResourceRequest: false,
    path: nra.path ?? '',
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
  };
}

export function selfSubjectAccessReview(
  authorizer: Authorizer,
  user: UserInfo,
  review: Record<string, unknown>,
): Record<string, unknown> {
  const spec = (review.spec ?? {}) as Parameters<typeof attributesOf>[1];
  const decision = authorizer.authorize(attributesOf(user, spec));
  const status: Record<string, unknown> = { allowed: decision.decision === 'allow' };
  if (decision.decision === 'deny') status.denied = true;
  if (decision.reason) status.reason = decision.reason;
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status,
  };
}

export function selfSubjectRulesReview(
  resolver: RuleResolver,
  user: UserInfo,
  review: Record<string, unknown>,
): Record<string, unknown> {
  const spec = (review.spec ?? {}) as { namespace?: string };
  const rules = resolver.rulesFor(user, spec.namespace ?? '');
  const status: Record<string, unknown> = {
    resourceRules: rules.resourceRules,
    nonResourceRules: rules.nonResourceRules,
    incomplete: rules.incomplete,
  };
  if (rules.evaluationError) status.evaluationError = rules.evaluationError;
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status,
  };
}

/** `apiVersion`: authentication.k8s.io/v1beta1 or /v1, whichever the client posted to. */
export function selfSubjectReview(user: UserInfo, apiVersion: string): Record<string, unknown> {
  const userInfo: Record<string, unknown> = { username: user.username };
  if (user.uid) userInfo.uid = user.uid;
  userInfo.groups = user.groups;
  if (user.extra && Object.keys(user.extra).length > 0) userInfo.extra = user.extra;
  return {
    kind: 'SelfSubjectReview',
    apiVersion,
    metadata: { creationTimestamp: null },
    status: { userInfo },
  };
}
