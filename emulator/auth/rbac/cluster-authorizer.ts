/**
 * The cluster's authorizer as kube-apiserver assembles it for `--authorization-mode=RBAC`
 * (pkg/kubeapiserver/authorizer): the privileged-group authorizer of
 * staging/src/k8s.io/apiserver/pkg/authorization/authorizerfactory (members of `system:masters`
 * are allowed everything, with an empty reason) in a union with the RBAC authorizer
 * (staging/src/k8s.io/apiserver/pkg/authorization/union): the first `allow` or `deny` wins; when
 * every authorizer has no opinion, the answer is `noOpinion` with their reasons joined by newlines,
 * and the request is denied.
 *
 * Rules reviews come from RBAC alone, as upstream's rule resolvers do (the privileged group has
 * none), so a `system:masters` user's `can-i --list` shows what RBAC gives them: cluster-admin's
 * rules through the bootstrap `cluster-admin` binding.
 */
import type { Authorizer, Decision, RequestAttributes, RuleResolver } from '../types';
import { createRbacAuthorizer } from './authorizer';
import { SYSTEM_PRIVILEGED_GROUP } from './escalation';
import type { RbacSource } from './types';

export function privilegedGroupAuthorizer(groups: readonly string[]): Authorizer {
  return {
    authorize(attributes: RequestAttributes): Decision {
      const member = attributes.user.groups.some((group) => groups.includes(group));
      return { decision: member ? 'allow' : 'noOpinion', reason: '' };
    },
  };
}

export function unionAuthorizer(authorizers: readonly Authorizer[]): Authorizer {
  return {
    authorize(attributes: RequestAttributes): Decision {
      const reasons: string[] = [];
      for (const authorizer of authorizers) {
        const decision = authorizer.authorize(attributes);
        if (decision.reason) reasons.push(decision.reason);
        if (decision.decision !== 'noOpinion') return decision;
      }
      return { decision: 'noOpinion', reason: reasons.join('\n') };
    },
  };
}

export type ClusterAuthorizer = Authorizer & RuleResolver;

export function createClusterAuthorizer(source: RbacSource): ClusterAuthorizer {
  const rbac = createRbacAuthorizer(source);
  const union = unionAuthorizer([privilegedGroupAuthorizer([SYSTEM_PRIVILEGED_GROUP]), rbac]);
  return { authorize: (attributes) => union.authorize(attributes), rulesFor: rbac.rulesFor };
}
