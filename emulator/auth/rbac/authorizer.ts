/**
 * The RBAC authorizer (plugin/pkg/auth/authorizer/rbac/rbac.go) and its rule resolver, over any
 * RbacSource.
 *
 * Decisions as upstream: `allow` with the reason `RBAC: allowed by ClusterRoleBinding "x" of
 * ClusterRole "y" to User "z"` (the first binding whose rule matches); otherwise `noOpinion` (RBAC
 * never denies outright: the chain denies when nobody allows) with an empty reason, or with
 * `RBAC: <resolution errors>` when a binding named a missing role.
 *
 * Rules reviews (SelfSubjectRulesReview) as upstream: rules split into resource and non-resource
 * rules; a missing role shows only as `evaluationError` (upstream's RBAC resolver reports
 * `incomplete: false` even then).
 */
import type {
  Authorizer,
  Decision,
  NonResourceRuleInfo,
  RequestAttributes,
  ResourceRuleInfo,
  RuleResolution,
  RuleResolver,
  UserInfo,
} from '../types';
import { ruleAllows } from './rule-matching';
import { aggregateErrorMessage, rulesFor, visitRulesFor } from './rule-resolver';
import type { RbacSource } from './types';

export function authorizeRbac(source: RbacSource, attributes: RequestAttributes): Decision {
  let reason = '';
  let allowed = false;
  const errors: string[] = [];
  visitRulesFor(source, attributes.user, attributes.namespace, (describe, rule, error) => {
    if (rule && describe && ruleAllows(attributes, rule)) {
      allowed = true;
      reason = `RBAC: allowed by ${describe()}`;
      return false;
    }
    if (error !== undefined) errors.push(error);
    return true;
  });
  if (allowed) return { decision: 'allow', reason };
  return {
    decision: 'noOpinion',
    reason: errors.length > 0 ? `RBAC: ${aggregateErrorMessage(errors)}` : '',
  };
}

export function rbacRulesFor(
  source: RbacSource,
  user: UserInfo,
  namespace: string,
): RuleResolution {
  const { rules, errors } = rulesFor(source, user, namespace);
  const resourceRules: ResourceRuleInfo[] = [];
  const nonResourceRules: NonResourceRuleInfo[] = [];
  for (const rule of rules) {
    if ((rule.resources ?? []).length > 0) {
      const info: ResourceRuleInfo = {
        verbs: rule.verbs,
        apiGroups: rule.apiGroups ?? [],
        resources: rule.resources ?? [],
      };
      if (rule.resourceNames && rule.resourceNames.length > 0) {
        info.resourceNames = rule.resourceNames;
      }
      resourceRules.push(info);
    }
    if ((rule.nonResourceURLs ?? []).length > 0) {
      nonResourceRules.push({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs ?? [] });
    }
  }
  const resolution: RuleResolution = { resourceRules, nonResourceRules, incomplete: false };
  if (errors.length > 0) resolution.evaluationError = aggregateErrorMessage(errors);
  return resolution;
}

export type RbacAuthorizer = Authorizer & RuleResolver;

export function createRbacAuthorizer(source: RbacSource): RbacAuthorizer {
  return {
    authorize: (attributes) => authorizeRbac(source, attributes),
    rulesFor: (user, namespace) => rbacRulesFor(source, user, namespace),
  };
}
