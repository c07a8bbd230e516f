/**
 * rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding and ClusterRoleBinding: upstream's
 * SetDefaults_RoleBinding/ClusterRoleBinding/Subject (pkg/apis/rbac/v1/defaults.go) and the
 * rules of pkg/apis/rbac/validation/validation.go with their messages: policy rules (verbs
 * required, api groups and resources for resource rules, non-resource URLs only in
 * ClusterRoles and never with resources), aggregation rules, the role reference (kind, group,
 * and immutable once created) and subjects (kinds and their apiGroup rules). Names only need to
 * be valid path segments.
 */
import type { FieldCause, KubeObject, ResourceStrategy } from '../../core/types';
import { goQuote, goStringSlice, invalid, notSupported, required } from '../../core/field-errors';
import { nameIsPathSegment, isValidPathSegmentName } from '../validation/keys';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../core/object-meta-validation';
import { isDNS1123Subdomain } from '../../core/names';
import { validateLabelSelector, type LabelSelector } from '../../core/label-selectors';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
interface RoleObject extends KubeObject {
  rules?: PolicyRule[] | null;
  aggregationRule?: { clusterRoleSelectors?: LabelSelector[] };
}
interface RoleRef {
  apiGroup?: string;
  kind?: string;
  name?: string;
}
export interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}
interface BindingObject extends KubeObject {
  roleRef?: RoleRef;
  subjects?: Subject[];
}

const len = (list: unknown[] | undefined) => list?.length ?? 0;

/** ValidatePolicyRule. */
function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (len(rule.verbs) === 0)
    causes.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  if (len(rule.nonResourceURLs) > 0) {
    const urls = goStringSlice(rule.nonResourceURLs);
    if (namespaced)
      causes.push(
        invalid(
          `${path}.nonResourceURLs`,
          urls,
          'namespaced rules cannot apply to non-resource URLs',
        ),
      );
    if (len(rule.apiGroups) > 0 || len(rule.resources) > 0 || len(rule.resourceNames) > 0)
      causes.push(
        invalid(
          `${path}.nonResourceURLs`,
          urls,
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    return causes;
  }
  if (len(rule.apiGroups) === 0)
    causes.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (len(rule.resources) === 0)
    causes.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  if (len(rule.resourceNames) > 0 && len(rule.resources) > 1)
    causes.push(
      required(`${path}.resourceNames`, 'resource names cannot apply to multiple resources'),
    );
  return causes;
}

function validateRole(obj: KubeObject, previous: KubeObject | undefined, cluster: boolean) {
  const role = obj as RoleObject;
  const causes = validateObjectMeta(obj.metadata, !cluster, nameIsPathSegment);
  (role.rules ?? []).forEach((rule, i) =>
    causes.push(...validatePolicyRule(rule ?? {}, !cluster, `rules[${i}]`)),
  );
  const aggregation = cluster ? role.aggregationRule : undefined;
  if (aggregation) {
    const selectors = aggregation.clusterRoleSelectors ?? [];
    if (selectors.length === 0)
      causes.push(
        required(
          'aggregationRule.clusterRoleSelectors',
          'at least one clusterRoleSelector required if aggregationRule is non-nil',
        ),
      );
    selectors.forEach((selector, i) =>
      causes.push(
        ...validateLabelSelector(selector ?? {}, `aggregationRule.clusterRoleSelectors[${i}]`),
      ),
    );
  }
  if (previous) causes.push(...validateObjectMetaUpdate(obj, previous));
  return causes;
}

function defaultBinding(obj: KubeObject): void {
  const binding = obj as BindingObject;
  const roleRef = (binding.roleRef ??= {});
  roleRef.apiGroup ||= RBAC_GROUP;
  for (const subject of binding.subjects ?? []) {
    if (!subject || subject.apiGroup) continue;
    // ServiceAccount subjects default to the core group "", which JSON omits.
    if (subject.kind === 'User' || subject.kind === 'Group') subject.apiGroup = RBAC_GROUP;
  }
}

function validateSubject(subject: Subject, namespaced: boolean, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = subject.name ?? '';
  const apiGroup = subject.apiGroup ?? '';
  if (!name) causes.push(required(`${path}.name`));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (name)
        for (const msg of isDNS1123Subdomain(name)) causes.push(invalid(`${path}.name`, name, msg));
      if (apiGroup) causes.push(notSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && !subject.namespace) causes.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (!name)
        causes.push(
          invalid(`${path}.name`, name, `${subject.kind.toLowerCase()} name cannot be empty`),
        );
      if (apiGroup !== RBAC_GROUP)
        causes.push(notSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
      break;
    default:
      causes.push(
        notSupported(`${path}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']),
      );
  }
  return causes;
}

/** Go's %#v of the internal rbac.RoleRef, as "cannot change roleRef" prints it. */
function goRoleRef(ref: RoleRef): { go: string } {
  return {
    go: `rbac.RoleRef{APIGroup:${goQuote(ref.apiGroup ?? '')}, Kind:${goQuote(ref.kind ?? '')}, Name:${goQuote(ref.name ?? '')}}`,
  };
}

function validateBinding(obj: KubeObject, previous: KubeObject | undefined, cluster: boolean) {
  const binding = obj as BindingObject;
  const ref = binding.roleRef ?? {};
  const causes = validateObjectMeta(obj.metadata, !cluster, nameIsPathSegment);
  if (ref.apiGroup !== RBAC_GROUP)
    causes.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = cluster ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (!kinds.includes(ref.kind ?? ''))
    causes.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) causes.push(required('roleRef.name'));
  else
    for (const msg of isValidPathSegmentName(ref.name))
      causes.push(invalid('roleRef.name', ref.name, msg));
  (binding.subjects ?? []).forEach((subject, i) =>
    causes.push(...validateSubject(subject ?? {}, !cluster, `subjects[${i}]`)),
  );
  if (previous) {
    causes.push(...validateObjectMetaUpdate(obj, previous));
    const old = (previous as BindingObject).roleRef ?? {};
    if (old.apiGroup !== ref.apiGroup || old.kind !== ref.kind || old.name !== ref.name)
      causes.push(invalid('roleRef', goRoleRef(ref), 'cannot change roleRef'));
  }
  return causes;
}

/** `rules` has no omitempty upstream: a role without rules reads back as `rules: null`. */
function defaultRole(obj: KubeObject): void {
  if (obj.rules === undefined) obj.rules = null;
}

export const roleStrategy: ResourceStrategy = {
  default: defaultRole,
  validate: (obj, previous) => validateRole(obj, previous, false),
};
export const clusterRoleStrategy: ResourceStrategy = {
  default: defaultRole,
  validate: (obj, previous) => validateRole(obj, previous, true),
};
export const roleBindingStrategy: ResourceStrategy = {
  default: defaultBinding,
  validate: (obj, previous) => validateBinding(obj, previous, false),
};
export const clusterRoleBindingStrategy: ResourceStrategy = {
  default: defaultBinding,
  validate: (obj, previous) => validateBinding(obj, previous, true),
};
