/**
 * Tables for the RBAC kinds. Roles and ClusterRoles have no printer upstream, so the apiserver's
 * default table convertor answers (k8s.io/apiserver pkg/registry/rest/table.go: NAME and a
 * CREATED AT date); bindings are upstream's printRoleBinding/printClusterRoleBinding
 * (pkg/printers/internalversion/printers.go), with users, groups and service accounts
 * (`namespace/name`) under `-o wide` as rbac.SubjectsStrings splits them.
 */
import type { Subject } from '../strategies/rbac';
import { translateTimestampSince } from './duration';
import { AGE_DESC, col, defaultTable, nameCol, type Printer, type ResourcePrinter } from './common';

interface BindingView {
  roleRef?: { kind?: string; name?: string };
  subjects?: Subject[];
}

/** rbac.SubjectsStrings: users, groups and `namespace/name` of service accounts. */
function subjectCells(subjects: Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of subjects ?? []) {
    if (s?.kind === 'ServiceAccount') serviceAccounts.push(`${s.namespace ?? ''}/${s.name ?? ''}`);
    else if (s?.kind === 'User') users.push(s.name ?? '');
    else if (s?.kind === 'Group') groups.push(s.name ?? '');
  }
  return [users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
}

const printBinding: Printer = (obj, now) => {
  const binding = obj as unknown as BindingView;
  return {
    cells: [
      obj.metadata.name ?? '',
      `${binding.roleRef?.kind ?? ''}/${binding.roleRef?.name ?? ''}`,
      translateTimestampSince(obj.metadata.creationTimestamp, now),
      ...subjectCells(binding.subjects),
    ],
  };
};

function bindingColumns(kind: 'roleBinding' | 'clusterRoleBinding', roleRef: string) {
  return [
    nameCol(),
    col('Role', roleRef),
    col('Age', AGE_DESC),
    col('Users', `Users in the ${kind}`, 1),
    col('Groups', `Groups in the ${kind}`, 1),
    col('ServiceAccounts', `ServiceAccounts in the ${kind}`, 1),
  ];
}

export const RBAC_PRINTERS = {
  roles: defaultTable(),
  clusterroles: defaultTable(),
  rolebindings: {
    columns: bindingColumns(
      'roleBinding',
      'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
    ),
    print: printBinding,
  },
  clusterrolebindings: {
    columns: bindingColumns(
      'clusterRoleBinding',
      'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
    ),
    print: printBinding,
  },
} satisfies Record<string, ResourcePrinter>;
