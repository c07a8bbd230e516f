/**
 * How the bootstrap policy is reconciled into a cluster that may already hold edited copies of it
 * (computeReconciledRole and computeReconciledRoleBinding of
 * staging/src/k8s.io/component-helpers/auth/rbac/reconciliation): labels and annotations are
 * merged with the existing values winning; missing rules (broken down as Covers reports them),
 * aggregation selectors and subjects are added, and with `removeExtra` extra ones are replaced by
 * the expected ones; a binding whose roleRef differs is recreated. An object annotated
 * `rbac.authorization.kubernetes.io/autoupdate: "false"` is protected: the result says so and the
 * caller leaves it alone.
 */
import { AUTO_UPDATE_ANNOTATION } from './bootstrap-policy';
import { covers } from './policy-comparator';
import { semanticEqual } from './semantic';
import type {
  AggregationRule,
  ClusterRole,
  LabelSelectorSpec,
  RoleBinding,
  Subject,
} from './types';

export type ReconcileOperation = 'none' | 'update' | 'recreate';

export interface ReconcileRoleResult {
  operation: 'none' | 'update';
  protected: boolean;
  role: ClusterRole;
}

export interface ReconcileBindingResult {
  operation: ReconcileOperation;
  protected: boolean;
  binding: RoleBinding;
}

/** merge(expected, existing): later maps win; undefined when both are missing. */
function merge(
  ...maps: (Record<string, string> | undefined)[]
): Record<string, string> | undefined {
  let output: Record<string, string> | undefined;
  for (const map of maps) {
    if (map && !output) output = {};
    if (map && output) Object.assign(output, map);
  }
  return output;
}

function mapsEqual(a: Record<string, string> | undefined, b: Record<string, string> | undefined) {
  // reflect.DeepEqual: a nil map differs from an empty one, but merge never yields {} from nil.
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(map: Record<string, string> | undefined) {
  if (!map) return undefined;
  return Object.fromEntries(Object.entries(map).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

function isProtected(object: { metadata: { annotations?: Record<string, string> } }): boolean {
  return object.metadata.annotations?.[AUTO_UPDATE_ANNOTATION] === 'false';
}

/** Merges expected labels and annotations into `target`; true when that changed anything. */
function mergeMetadata<
  T extends { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } },
>(target: T, existing: T, expected: T): boolean {
  let changed = false;
  const annotations = merge(expected.metadata.annotations, target.metadata.annotations);
  if (annotations) target.metadata.annotations = annotations;
  if (!mapsEqual(annotations, existing.metadata.annotations)) changed = true;
  const labels = merge(expected.metadata.labels, target.metadata.labels);
  if (labels) target.metadata.labels = labels;
  if (!mapsEqual(labels, existing.metadata.labels)) changed = true;
  return changed;
}

/** aggregationRuleCovers: the servant's selectors no owner selector equals. */
function uncoveredSelectors(
  owner: AggregationRule | undefined,
  servant: AggregationRule | undefined,
): LabelSelectorSpec[] {
  if (!servant) return [];
  if (!owner) return servant.clusterRoleSelectors ?? [];
  const owners = owner.clusterRoleSelectors ?? [];
  return (servant.clusterRoleSelectors ?? []).filter(
    (selector) => !owners.some((o) => semanticEqual(o, selector)),
  );
}

export function computeReconciledRole(
  existing: ClusterRole,
  expected: ClusterRole,
  removeExtraPermissions: boolean,
): ReconcileRoleResult {
  const role = structuredClone(existing);
  let update = mergeMetadata(role, existing, expected);

  const expectedRules = expected.rules ?? [];
  const existingRules = existing.rules ?? [];
  const extraRules =
    !expected.aggregationRule || !existing.aggregationRule
      ? covers(expectedRules, existingRules).uncovered
      : [];
  const missingRules = covers(existingRules, expectedRules).uncovered;
  if (!removeExtraPermissions && missingRules.length > 0) {
    role.rules = [...(role.rules ?? []), ...missingRules];
    update = true;
  } else if (removeExtraPermissions && (missingRules.length > 0 || extraRules.length > 0)) {
    role.rules = structuredClone(expectedRules);
    update = true;
  }

  const extraSelectors = uncoveredSelectors(expected.aggregationRule, existing.aggregationRule);
  const missingSelectors = uncoveredSelectors(existing.aggregationRule, expected.aggregationRule);
  if (!expected.aggregationRule && existing.aggregationRule) {
    delete role.aggregationRule;
    update = true;
  } else if (!removeExtraPermissions && missingSelectors.length > 0) {
    const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
    role.aggregationRule = {
      clusterRoleSelectors: [...selectors, ...structuredClone(missingSelectors)],
    };
    update = true;
  } else if (removeExtraPermissions && (missingSelectors.length > 0 || extraSelectors.length > 0)) {
    role.aggregationRule = structuredClone(expected.aggregationRule);
    update = true;
  }

  return { operation: update ? 'update' : 'none', protected: isProtected(existing), role };
}

function sameSubject(a: Subject, b: Subject): boolean {
  return (
    a.kind === b.kind &&
    (a.apiGroup ?? '') === (b.apiGroup ?? '') &&
    a.name === b.name &&
    (a.namespace ?? '') === (b.namespace ?? '')
  );
}

/** diffSubjectLists: [only in a, only in b], each without duplicates. */
export function diffSubjectLists(
  a: readonly Subject[],
  b: readonly Subject[],
): [Subject[], Subject[]] {
  const onlyIn = (from: readonly Subject[], other: readonly Subject[]) => {
    const out: Subject[] = [];
    for (const s of from) {
      if (!other.some((o) => sameSubject(o, s)) && !out.some((o) => sameSubject(o, s))) out.push(s);
    }
    return out;
  };
  return [onlyIn(a, b), onlyIn(b, a)];
}

export function computeReconciledRoleBinding(
  existing: RoleBinding,
  expected: RoleBinding,
  removeExtraSubjects: boolean,
): ReconcileBindingResult {
  const protectedBinding = isProtected(existing);
  const a = existing.roleRef;
  const b = expected.roleRef;
  if (a.apiGroup !== b.apiGroup || a.kind !== b.kind || a.name !== b.name) {
    return { operation: 'recreate', protected: protectedBinding, binding: expected };
  }
  const binding = structuredClone(existing);
  let update = mergeMetadata(binding, existing, expected);
  const [missing, extra] = diffSubjectLists(expected.subjects ?? [], existing.subjects ?? []);
  if (!removeExtraSubjects && missing.length > 0) {
    binding.subjects = [...(binding.subjects ?? []), ...missing];
    update = true;
  } else if (removeExtraSubjects && (missing.length > 0 || extra.length > 0)) {
    binding.subjects = structuredClone(expected.subjects ?? []);
    update = true;
  }
  return { operation: update ? 'update' : 'none', protected: protectedBinding, binding };
}
