/**
 * Whether one set of rules covers another (Covers of
 * staging/src/k8s.io/component-helpers/auth/rbac/validation/policy_comparator.go), the test behind
 * escalation prevention: a user may only grant what their own rules already cover.
 *
 * Every servant rule is broken down to single (group, resource, verb[, name]) and (URL, verb)
 * tuples; each tuple must be covered by one owner rule. Wildcards cover only in the owner: an owner
 * listing every verb does not cover a servant's `*`, and resourceNames in the owner never cover a
 * servant rule without names.
 */
import { ALL, type PolicyRule } from './types';

export interface CoverResult {
  covered: boolean;
  /** The broken-down servant rules no owner rule covers. */
  uncovered: PolicyRule[];
}

export function covers(
  ownerRules: readonly PolicyRule[],
  servantRules: readonly PolicyRule[],
): CoverResult {
  const uncovered: PolicyRule[] = [];
  for (const servant of servantRules) {
    for (const subrule of breakdownRule(servant)) {
      if (!ownerRules.some((owner) => ruleCovers(owner, subrule))) uncovered.push(subrule);
    }
  }
  return { covered: uncovered.length === 0, uncovered };
}

/** BreakdownRule: one rule per group × resource × verb (× name), then per URL × verb. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const subrules: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length > 0) {
          for (const name of names) {
            subrules.push({
              apiGroups: [group],
              resources: [resource],
              verbs: [verb],
              resourceNames: [name],
            });
          }
        } else {
          subrules.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs) subrules.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return subrules;
}

function hasAll(set: readonly string[], contains: readonly string[]): boolean {
  const owning = new Set(set);
  return contains.every((element) => owning.has(element));
}

function resourceCoversAll(setResources: readonly string[], coversResources: readonly string[]) {
  if (setResources.includes(ALL) || hasAll(setResources, coversResources)) return true;
  for (const path of coversResources) {
    if (setResources.includes(path)) continue;
    const slash = path.indexOf('/');
    if (slash < 0) return false;
    if (!setResources.includes(`*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

export function nonResourceURLCovers(ownerPath: string, subPath: string): boolean {
  if (ownerPath === subPath) return true;
  return ownerPath.endsWith('*') && subPath.startsWith(ownerPath.replace(/\*+$/, ''));
}

function nonResourceURLsCoversAll(set: readonly string[], coversURLs: readonly string[]) {
  return coversURLs.every((path) => set.some((owner) => nonResourceURLCovers(owner, path)));
}

/** ruleCovers: whether one owner rule covers one broken-down subrule. */
export function ruleCovers(owner: PolicyRule, subrule: PolicyRule): boolean {
  const ownerVerbs = owner.verbs;
  const ownerGroups = owner.apiGroups ?? [];
  const ownerNames = owner.resourceNames ?? [];
  const subNames = subrule.resourceNames ?? [];
  const verbMatches = ownerVerbs.includes(ALL) || hasAll(ownerVerbs, subrule.verbs);
  const groupMatches = ownerGroups.includes(ALL) || hasAll(ownerGroups, subrule.apiGroups ?? []);
  const resourceMatches = resourceCoversAll(owner.resources ?? [], subrule.resources ?? []);
  const urlMatches = nonResourceURLsCoversAll(
    owner.nonResourceURLs ?? [],
    subrule.nonResourceURLs ?? [],
  );
  const nameMatches =
    subNames.length === 0
      ? ownerNames.length === 0
      : ownerNames.length === 0 || hasAll(ownerNames, subNames);
  return verbMatches && groupMatches && resourceMatches && nameMatches && urlMatches;
}
