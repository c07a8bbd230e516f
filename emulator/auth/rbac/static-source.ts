/**
 * An RbacSource over fixed lists of objects (upstream's StaticRoles of
 * pkg/registry/rbac/validation/rule.go): for evaluating a policy that is not in a store, such as
 * the bootstrap policy before it is stored, and for tests.
 */
import type { ClusterRole, ClusterRoleBinding, RbacSource, Role, RoleBinding } from './types';

export interface StaticPolicy {
  roles?: readonly Role[];
  roleBindings?: readonly RoleBinding[];
  clusterRoles?: readonly ClusterRole[];
  clusterRoleBindings?: readonly ClusterRoleBinding[];
}

export function staticRbacSource(policy: StaticPolicy): RbacSource {
  const roles = policy.roles ?? [];
  const roleBindings = policy.roleBindings ?? [];
  const clusterRoles = policy.clusterRoles ?? [];
  const clusterRoleBindings = policy.clusterRoleBindings ?? [];
  return {
    clusterRole: (name) => clusterRoles.find((role) => role.metadata.name === name),
    role: (namespace, name) =>
      roles.find((role) => role.metadata.namespace === namespace && role.metadata.name === name),
    clusterRoles: () => clusterRoles,
    clusterRoleBindings: () => clusterRoleBindings,
    roleBindings: (namespace) =>
      roleBindings.filter((binding) => binding.metadata.namespace === namespace),
  };
}
