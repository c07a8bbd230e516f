/**
 * OpenAPI v3 schemas of rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding and
 * ClusterRoleBinding (k8s.io/api/rbac/v1), in the shape of ./schemas.ts.
 */
import { atomic, kindWithList, M, obj, ref, s, type GroupVersion, type Schema } from './builders';

const R = 'io.k8s.api.rbac.v1.';
const RBAC_V1: GroupVersion = { prefix: R, group: 'rbac.authorization.k8s.io', version: 'v1' };
const strings = { type: 'string', default: '' };

const binding = (name: string, description: string): Record<string, Schema> =>
  kindWithList(RBAC_V1, name, description, {
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
  ...kindWithList(
    RBAC_V1,
    'Role',
    'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.',
    {
      rules: atomic(ref(`${R}PolicyRule`)),
    },
  ),
  ...kindWithList(
    RBAC_V1,
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
  ...binding(
    'RoleBinding',
    'RoleBinding references a role, but does not contain it.  It can reference a Role in the same namespace or a ClusterRole in the global namespace.',
  ),
  ...binding(
    'ClusterRoleBinding',
    'ClusterRoleBinding references a ClusterRole, but not contain it.  It can reference a ClusterRole in the global namespace, and adds who information via Subject.',
  ),
};
