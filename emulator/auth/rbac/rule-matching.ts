/**
 * Whether one PolicyRule allows a request, exactly as upstream decides it:
 * pkg/apis/rbac/v1/evaluation_helpers.go (VerbMatches, APIGroupMatches, ResourceMatches,
 * ResourceNameMatches, NonResourceURLMatches) and RuleAllows/RulesAllow of
 * plugin/pkg/auth/authorizer/rbac/rbac.go.
 *
 * Wildcards are upstream's and no more: `*` in verbs, apiGroups, resources and nonResourceURLs;
 * the resource `*` followed by `/scale` matches the `scale` subresource of any resource; a
 * trailing `*` in a nonResourceURL is a prefix match. `pods/*` is NOT a wildcard (it matches only a subresource literally named
 * `*`), and a rule listing `pods` does not cover `pods/status`.
 */
import type { RequestAttributes } from '../types';
import { ALL, type PolicyRule } from './types';

export function verbMatches(rule: PolicyRule, requestedVerb: string): boolean {
  return rule.verbs.some((verb) => verb === ALL || verb === requestedVerb);
}

export function apiGroupMatches(rule: PolicyRule, requestedGroup: string): boolean {
  return (rule.apiGroups ?? []).some((group) => group === ALL || group === requestedGroup);
}

/** `combinedRequestedResource` is `resource` or `resource/subresource`. */
export function resourceMatches(
  rule: PolicyRule,
  combinedRequestedResource: string,
  requestedSubresource: string,
): boolean {
  for (const ruleResource of rule.resources ?? []) {
    if (ruleResource === ALL || ruleResource === combinedRequestedResource) return true;
    if (requestedSubresource.length === 0) continue;
    if (
      ruleResource.length === requestedSubresource.length + 2 &&
      ruleResource.startsWith('*/') &&
      ruleResource.endsWith(requestedSubresource)
    ) {
      return true;
    }
  }
  return false;
}

/** No resourceNames in the rule means every name (including none, as list and create have). */
export function resourceNameMatches(rule: PolicyRule, requestedName: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(requestedName);
}

export function nonResourceURLMatches(rule: PolicyRule, requestedURL: string): boolean {
  for (const ruleURL of rule.nonResourceURLs ?? []) {
    if (ruleURL === ALL || ruleURL === requestedURL) return true;
    if (ruleURL.endsWith('*') && requestedURL.startsWith(ruleURL.replace(/\*+$/, ''))) return true;
  }
  return false;
}

/** The parts of a request a rule is matched against (authorizer.Attributes less the user). */
export type RuleRequest = Pick<
  RequestAttributes,
  'verb' | 'isResourceRequest' | 'path' | 'apiGroup' | 'resource' | 'subresource' | 'name'
>;

export function ruleAllows(request: RuleRequest, rule: PolicyRule): boolean {
  if (request.isResourceRequest) {
    const combined = request.subresource
      ? `${request.resource}/${request.subresource}`
      : request.resource;
    return (
      verbMatches(rule, request.verb) &&
      apiGroupMatches(rule, request.apiGroup) &&
      resourceMatches(rule, combined, request.subresource) &&
      resourceNameMatches(rule, request.name)
    );
  }
  return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
}

export function rulesAllow(request: RuleRequest, rules: readonly PolicyRule[]): boolean {
  return rules.some((rule) => ruleAllows(request, rule));
}
