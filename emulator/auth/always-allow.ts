/**
 * kube-apiserver's `--authorization-mode=AlwaysAllow`
 * (staging/src/k8s.io/apiserver/pkg/authorization/authorizerfactory/builtin.go): every request
 * is allowed, with an empty reason. The embedded cluster ends its authorizer union with it, so
 * whatever no earlier authorizer denies is allowed, and its rules review holds everything.
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
