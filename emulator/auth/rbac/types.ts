/**
 * The shapes of the `rbac.authorization.k8s.io/v1` objects the RBAC engine reads (k8s.io/api/rbac/v1
 * types.go): PolicyRule, Subject, RoleRef, Role, ClusterRole (with its AggregationRule),
 * RoleBinding and ClusterRoleBinding, as plain JSON as served on the wire. Only the fields the
 * engine uses are typed; everything else rides along untouched.
 *
 * `RbacSource` is how the engine reads them: a store-backed source in the running cluster, static
 * lists (static-source.ts) in tests. Listing order is the order rules are visited in, so the first
 * binding that allows a request names itself in the allow reason, as upstream's listers do.
 */
import type { KubeObject } from '../../core/types';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** rbacv1.VerbAll, APIGroupAll, ResourceAll, NonResourceAll. */
export const ALL = '*';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  /** `User`, `Group` or `ServiceAccount`. */
  kind: string;
  apiGroup?: string;
  name: string;
  /** ServiceAccount subjects only; empty means the binding's own namespace. */
  namespace?: string;
}

export interface RoleRef {
  apiGroup: string;
  /** `Role` or `ClusterRole`. */
  kind: string;
  name: string;
}

/** metav1.LabelSelector. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface AggregationRule {
  clusterRoleSelectors?: LabelSelectorSpec[];
}

export interface Role extends KubeObject {
  rules?: PolicyRule[] | null;
}

export interface ClusterRole extends Role {
  aggregationRule?: AggregationRule;
}

export interface RoleBinding extends KubeObject {
  subjects?: Subject[];
  roleRef: RoleRef;
}

export type ClusterRoleBinding = RoleBinding;

/**
 * Where the engine reads roles and bindings (upstream's RoleGetter, RoleBindingLister,
 * ClusterRoleGetter and ClusterRoleBindingLister over informer caches). A missing role is
 * `undefined`; the engine turns it into upstream's lister NotFound text.
 */
export interface RbacSource {
  clusterRole(name: string): ClusterRole | undefined;
  role(namespace: string, name: string): Role | undefined;
  clusterRoles(): readonly ClusterRole[];
  clusterRoleBindings(): readonly ClusterRoleBinding[];
  roleBindings(namespace: string): readonly RoleBinding[];
}
