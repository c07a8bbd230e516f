/**
 * kube-apiserver's `--authorization-mode=AlwaysAllow`
 * (staging/src/k8s.io/apiserver/pkg/authorization/authorizerfactory/builtin.go): every request
 * is allowed with an empty reason, and a rules review holds everything. The embedded cluster
 * runs it only when asked (`--authorization-mode AlwaysAllow`), e.g. to measure what RBAC costs.
 */
import type { Authorizer, RuleResolver } from './types';

export const alwaysAllowAuthorizer: Authorizer & RuleResolver = {
  authorize: () => ({ decision: 'allow', reason: '' }),
  rulesFor: () => ({
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  }),
};
