/**
 * ClusterRole aggregation (syncClusterRole of
 * pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go): an aggregated
 * ClusterRole's rules are the union of the rules of every other ClusterRole its
 * `aggregationRule.clusterRoleSelectors` select, selector by selector, roles sorted by name within
 * a selector, duplicates (semantically equal rules) kept once. Rules no selected role carries any
 * more are dropped. An empty selector selects every ClusterRole, as metav1.LabelSelectorAsSelector
 * makes it.
 */
import { parseLabelSelector } from '../../core/label-selector-parser';
import { labelSelectorToString, matchesLabels } from '../../core/label-selectors';
import { semanticEqual } from './semantic';
import type { ClusterRole, LabelSelectorSpec, PolicyRule } from './types';

/** metav1.LabelSelectorAsSelector + Matches; throws the parser's 400 on an invalid selector. */
export function selectorMatches(
  selector: LabelSelectorSpec,
  labels: Record<string, string> | undefined,
): boolean {
  return matchesLabels(parseLabelSelector(labelSelectorToString(selector)), labels);
}

export function rulesSemanticallyEqual(
  a: readonly PolicyRule[] | null | undefined,
  b: readonly PolicyRule[] | null | undefined,
): boolean {
  return semanticEqual(a ?? [], b ?? []);
}

function ruleExists(haystack: readonly PolicyRule[], needle: PolicyRule): boolean {
  return haystack.some((rule) => semanticEqual(rule, needle));
}

/**
 * The rules `role` should carry given every ClusterRole in the cluster, or undefined when it has no
 * aggregationRule or already carries exactly those rules (the controller then writes nothing).
 */
export function aggregatedRules(
  role: ClusterRole,
  allClusterRoles: readonly ClusterRole[],
): PolicyRule[] | undefined {
  if (!role.aggregationRule) return undefined;
  const rules: PolicyRule[] = [];
  for (const selector of role.aggregationRule.clusterRoleSelectors ?? []) {
    const selected = allClusterRoles
      .filter((other) => selectorMatches(selector, other.metadata.labels))
      .sort((a, b) => compareNames(a.metadata.name ?? '', b.metadata.name ?? ''));
    for (const other of selected) {
      if (other.metadata.name === role.metadata.name) continue;
      for (const rule of other.rules ?? []) {
        if (!ruleExists(rules, rule)) rules.push(structuredClone(rule));
      }
    }
  }
  if (rulesSemanticallyEqual(rules, role.rules)) return undefined;
  return rules;
}

/** Go's string ordering (byte-wise), which sort.Sort(byName) uses. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
