/**
 * The rules that apply to a user in a namespace (DefaultRuleResolver of
 * pkg/registry/rbac/validation/rule.go): every ClusterRoleBinding naming the user first, then,
 * when the request has a namespace, every RoleBinding in that namespace. A binding whose role is
 * missing contributes an error instead of rules; the remaining rules still count, because RBAC
 * only ever adds permissions.
 *
 * Errors carry upstream's lister texts (`clusterrole.rbac.authorization.k8s.io "x" not found`),
 * which is what a real cluster prints after `RBAC: ` in a denial and in a rules review's
 * evaluationError.
 */
import type { UserInfo } from '../types';
import { goQuote } from './go-format';
import { appliesTo, describeSubject } from './subjects';
import {
  RBAC_GROUP,
  type ClusterRoleBinding,
  type PolicyRule,
  type RbacSource,
  type RoleBinding,
  type RoleRef,
} from './types';

/**
 * Called with each rule that applies (and a lazy description of the binding that granted it) or
 * with an error resolving a binding. Returning false stops the walk.
 */
export type RuleVisitor = (
  source: (() => string) | undefined,
  rule: PolicyRule | undefined,
  error: string | undefined,
) => boolean;

export type RoleRulesResult = { rules: readonly PolicyRule[] } | { error: string };

/** GetRoleReferenceRules: the rules of the role a binding points at. */
export function roleReferenceRules(
  source: RbacSource,
  roleRef: RoleRef,
  bindingNamespace: string,
): RoleRulesResult {
  switch (roleRef.kind) {
    case 'Role': {
      const role = bindingNamespace ? source.role(bindingNamespace, roleRef.name) : undefined;
      if (!role) return { error: `role.${RBAC_GROUP} ${goQuote(roleRef.name)} not found` };
      return { rules: role.rules ?? [] };
    }
    case 'ClusterRole': {
      const role = source.clusterRole(roleRef.name);
      if (!role) return { error: `clusterrole.${RBAC_GROUP} ${goQuote(roleRef.name)} not found` };
      return { rules: role.rules ?? [] };
    }
    default:
      return { error: `unsupported role reference kind: ${goQuote(roleRef.kind)}` };
  }
}

function describeClusterRoleBinding(binding: ClusterRoleBinding, subjectIndex: number): string {
  const subject = binding.subjects?.[subjectIndex];
  const who = subject ? describeSubject(subject, '') : '';
  return `ClusterRoleBinding ${goQuote(binding.metadata.name ?? '')} of ${binding.roleRef.kind} ${goQuote(binding.roleRef.name)} to ${who}`;
}

function describeRoleBinding(binding: RoleBinding, subjectIndex: number): string {
  const namespace = binding.metadata.namespace ?? '';
  const subject = binding.subjects?.[subjectIndex];
  const who = subject ? describeSubject(subject, namespace) : '';
  return `RoleBinding ${goQuote(`${binding.metadata.name ?? ''}/${namespace}`)} of ${binding.roleRef.kind} ${goQuote(binding.roleRef.name)} to ${who}`;
}

/** Visits bindings in one scope; false when the visitor asked to stop. */
function visitBindings(
  source: RbacSource,
  user: UserInfo,
  bindings: readonly RoleBinding[],
  namespace: string,
  describe: (binding: RoleBinding, subjectIndex: number) => string,
  visitor: RuleVisitor,
): boolean {
  for (const binding of bindings) {
    const subjectIndex = appliesTo(user, binding.subjects ?? [], namespace);
    if (subjectIndex < 0) continue;
    const resolved = roleReferenceRules(source, binding.roleRef, namespace);
    if ('error' in resolved) {
      if (!visitor(undefined, undefined, resolved.error)) return false;
      continue;
    }
    const described = () => describe(binding, subjectIndex);
    for (const rule of resolved.rules) {
      if (!visitor(described, rule, undefined)) return false;
    }
  }
  return true;
}

export function visitRulesFor(
  source: RbacSource,
  user: UserInfo,
  namespace: string,
  visitor: RuleVisitor,
): void {
  const cluster = source.clusterRoleBindings();
  if (!visitBindings(source, user, cluster, '', describeClusterRoleBinding, visitor)) return;
  if (namespace.length > 0) {
    const local = source.roleBindings(namespace);
    visitBindings(source, user, local, namespace, describeRoleBinding, visitor);
  }
}

export interface ResolvedRules {
  rules: PolicyRule[];
  /** Resolution errors, in visiting order; empty when every binding resolved. */
  errors: string[];
}

/** RulesFor: every rule that applies, plus the errors met on the way. */
export function rulesFor(source: RbacSource, user: UserInfo, namespace: string): ResolvedRules {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(source, user, namespace, (_source, rule, error) => {
    if (rule) rules.push(rule);
    if (error !== undefined) errors.push(error);
    return true;
  });
  return { rules, errors };
}

/**
 * utilerrors.NewAggregate(errs).Error(): one message as it is, several de-duplicated, joined by
 * `, ` and bracketed.
 */
export function aggregateErrorMessage(errors: readonly string[]): string {
  const distinct = [...new Set(errors)];
  if (distinct.length <= 1) return distinct[0] ?? '';
  return `[${distinct.join(', ')}]`;
}
