/**
 * How escalation refusals list the missing permissions: CompactRules of
 * pkg/registry/rbac/validation/policy_compact.go (rules for one group and one resource, at most one
 * resourceName and nothing else, merged by concatenating their verbs) and CompactString of
 * pkg/apis/rbac/v1/evaluation_helpers.go (`{APIGroups:["apps"], Resources:["deployments"],
 * Verbs:["get" "list"]}`, empty fields left out).
 */
import { goQuoteList } from './go-format';
import type { PolicyRule } from './types';

export interface SimpleResource {
  group: string;
  resource: string;
  resourceNameExist: boolean;
  resourceName: string;
}

/** isSimpleResourceRule: the (group, resource, name) a simple rule is about, else undefined. */
export function isSimpleResourceRule(rule: PolicyRule): SimpleResource | undefined {
  const names = rule.resourceNames ?? [];
  if (names.length > 1 || (rule.nonResourceURLs ?? []).length > 0) return undefined;
  const groups = rule.apiGroups ?? [];
  const resources = rule.resources ?? [];
  if (groups.length !== 1 || resources.length !== 1) return undefined;
  return {
    group: groups[0] ?? '',
    resource: resources[0] ?? '',
    resourceNameExist: names.length > 0,
    resourceName: names[0] ?? '',
  };
}

export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const simpleResource = isSimpleResourceRule(rule);
    if (simpleResource === undefined) {
      compacted.push(rule);
      continue;
    }
    const key = JSON.stringify(simpleResource);
    const existing = simple.get(key);
    if (existing) existing.verbs = [...existing.verbs, ...rule.verbs];
    else simple.set(key, structuredClone(rule));
  }
  return [...compacted, ...simple.values()];
}

export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  const field = (label: string, values: readonly string[] | undefined) => {
    if (values && values.length > 0) parts.push(`${label}:${goQuoteList(values)}`);
  };
  field('APIGroups', rule.apiGroups);
  field('Resources', rule.resources);
  field('NonResourceURLs', rule.nonResourceURLs);
  field('ResourceNames', rule.resourceNames);
  field('Verbs', rule.verbs);
  return `{${parts.join(', ')}}`;
}
