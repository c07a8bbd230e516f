/**
 * The embedded apiserver's identity and authorization contract, shaped after
 * k8s.io/apiserver's `user.Info`, `authorizer.Attributes` and `authorizer.Decision` so that every
 * layer (authentication, impersonation, audit, authorization, access reviews) speaks the same
 * language as the real handler chain.
 *
 * Only types live here: each layer implements them in its own module.
 */

/** Who is making a request (k8s.io/apiserver/pkg/authentication/user.Info). */
export interface UserInfo {
  /** e.g. `kubernetes-admin`, `alice`, `system:serviceaccount:team-a:builder`, `system:anonymous`. */
  username: string;
  uid?: string;
  /** e.g. `system:masters`, `system:authenticated`, `system:serviceaccounts:team-a`. */
  groups: string[];
  /** e.g. `authentication.kubernetes.io/credential-id`; keys are lower-case as upstream. */
  extra?: Record<string, string[]>;
}

/**
 * What a request asks to do (authorizer.Attributes / AttributesRecord). Resource requests carry
 * the API group, resource, subresource, namespace and name; non-resource requests (`/version`,
 * `/healthz`, `/apis`) carry only the path. Verbs are the API verbs for resource requests
 * (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, and the
 * special `impersonate`, `bind`, `escalate`, `use`) and the lower-case HTTP method for
 * non-resource requests.
 */
export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  isResourceRequest: boolean;
  /** Request path, for non-resource requests (e.g. `/version`). */
  path: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  /** Empty for cluster-scoped requests and for requests across all namespaces. */
  namespace: string;
  /** Empty when the request names no object (list, create, deletecollection). */
  name: string;
}

/**
 * An authorizer's answer (authorizer.Decision). `noOpinion` lets the next authorizer in a union
 * decide; a chain that ends without `allow` denies. `reason` is upstream's free text (RBAC's
 * allow reasons name the binding and role; a plain denial has an empty reason).
 */
export interface Decision {
  decision: 'allow' | 'deny' | 'noOpinion';
  reason: string;
}

export interface Authorizer {
  authorize(attributes: RequestAttributes): Decision;
}

/**
 * The rules a subject holds in a namespace (authorizer.RuleResolver's answer), as
 * SelfSubjectRulesReview reports them.
 */
export interface ResourceRuleInfo {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
}

export interface NonResourceRuleInfo {
  verbs: string[];
  nonResourceURLs: string[];
}

export interface RuleResolution {
  resourceRules: ResourceRuleInfo[];
  nonResourceRules: NonResourceRuleInfo[];
  /**
   * SelfSubjectRulesReview's `incomplete`: true only when an authorizer in the chain cannot list
   * rules at all (webhook, Node). RBAC always answers false; a binding to a missing role shows up
   * in `evaluationError` instead, as upstream's rule resolver reports it.
   */
  incomplete: boolean;
  evaluationError?: string;
}

export interface RuleResolver {
  rulesFor(user: UserInfo, namespace: string): RuleResolution;
}

/**
 * The result of authenticating a request's credentials (authenticator.Response). `undefined`
 * from an authenticator means "no credentials of mine here" (the next one tries); an error means
 * the request carried credentials that are invalid (upstream answers 401).
 */
export type AuthenticationResult =
  { ok: true; user: UserInfo; audiences?: string[] } | { ok: false; error: string };

export interface Authenticator {
  authenticate(
    request: Request,
  ): AuthenticationResult | undefined | Promise<AuthenticationResult | undefined>;
}
