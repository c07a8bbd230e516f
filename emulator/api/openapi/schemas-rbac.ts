/**
 * OpenAPI v3 schemas of rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding and
 * ClusterRoleBinding (k8s.io/api/rbac/v1), in the shape of ./schemas.ts.
 */
import { atomic, kind, list, M, obj, ref, s, type Schema } from './builders';

const R = 'io.k8s.api.rbac.v1.';
const G = 'rbac.authorization.k8s.io';
const strings = { type: 'string', default: '' };

const binding = (name: string, description: string): Schema =>
  kind(G, 'v1', name, description, {
    roleRef: ref(`${R}RoleRef`),
    subjects: atomic(ref(`${R}Subject`)),
  });

export const RBAC_SCHEMAS: Record<string, Schema> = {
  [`${R}PolicyRule`]: obj(
    'PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.',
    {
      apiGroups: atomic(strings),
      nonResourceURLs: atomic(strings),
      resourceNames: atomic(strings),
      resources: atomic(strings),
      verbs: atomic(strings),
    },
    ['verbs'],
  ),
  [`${R}Role`]: kind(
    G,
    'v1',
    'Role',
    'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.',
    {
      rules: atomic(ref(`${R}PolicyRule`)),
    },
  ),
  [`${R}RoleList`]: list(G, 'v1', 'RoleList', `${R}Role`),
  [`${R}ClusterRole`]: kind(
    G,
    'v1',
    'ClusterRole',
    'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.',
    {
      aggregationRule: obj(
        'AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole',
        {
          clusterRoleSelectors: atomic(ref(`${M}LabelSelector`)),
        },
      ),
      rules: atomic(ref(`${R}PolicyRule`)),
    },
  ),
  [`${R}ClusterRoleList`]: list(G, 'v1', 'ClusterRoleList', `${R}ClusterRole`),
  [`${R}RoleRef`]: {
    ...obj(
      'RoleRef contains information that points to the role being used',
      { apiGroup: s(), kind: s(), name: s() },
      ['apiGroup', 'kind', 'name'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${R}Subject`]: {
    ...obj(
      'Subject contains a reference to the object or user identities a role binding applies to.',
      { apiGroup: s(), kind: s(), name: s(), namespace: s() },
      ['kind', 'name'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${R}RoleBinding`]: binding(
    'RoleBinding',
    'RoleBinding references a role, but does not contain it.  It can reference a Role in the same namespace or a ClusterRole in the global namespace.',
  ),
  [`${R}RoleBindingList`]: list(G, 'v1', 'RoleBindingList', `${R}RoleBinding`),
  [`${R}ClusterRoleBinding`]: binding(
    'ClusterRoleBinding',
    'ClusterRoleBinding references a ClusterRole, but not contain it.  It can reference a ClusterRole in the global namespace, and adds who information via Subject.',
  ),
  [`${R}ClusterRoleBindingList`]: list(G, 'v1', 'ClusterRoleBindingList', `${R}ClusterRoleBinding`),
};
