/**
 * Privilege-escalation prevention for writes of RBAC objects, as the policy-based storages of
 * pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased and
 * pkg/registry/rbac/escalation_check.go and ConfirmNoEscalation of
 * pkg/registry/rbac/validation/rule.go guard them:
 *
 * - members of `system:masters` may write anything;
 * - a Role or ClusterRole may be created or updated by whoever may `escalate` it, or whose own
 *   rules (in the request's namespace) cover every rule in it; an aggregationRule additionally
 *   needs full authority (`*` on everything and every URL);
 * - a RoleBinding or ClusterRoleBinding may be created or updated by whoever may `bind` the role it
 *   references (checked in the binding's namespace), or whose own rules cover the role's rules;
 *   a binding to a role that does not exist is then 404 NotFound, as upstream;
 * - an update that changes only ownerReferences or finalizers is always allowed, so the garbage
 *   collector can finish deleting.
 *
 * Refusals are upstream's 403 Forbidden texts, e.g. `roles.rbac.authorization.k8s.io "r" is
 * forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions
 * not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["get"]}`.
 */
import { forbidden, notFound, type ApiError } from '../../core/errors';
import { deepEqual } from '../../core/deep-equal';
import type { KubeObject } from '../../core/types';
import type { Authorizer, UserInfo } from '../types';
import { goQuote, goQuoteList } from './go-format';
import { covers } from './policy-comparator';
import { compactRules, compactString } from './policy-compact';
import { aggregateErrorMessage, roleReferenceRules, rulesFor } from './rule-resolver';
import {
  ALL,
  RBAC_GROUP,
  type ClusterRole,
  type PolicyRule,
  type RbacSource,
  type Role,
  type RoleBinding,
} from './types';

/** user.SystemPrivilegedGroup. */
export const SYSTEM_PRIVILEGED_GROUP = 'system:masters';

/** The request writing an RBAC object, and how to judge it. */
export interface EscalationContext {
  user: UserInfo;
  /** The request's namespace; empty for cluster-scoped requests. */
  namespace: string;
  /** The name in the request URL (empty on create), as RequestInfo carries it. */
  requestName: string;
  /** The cluster's whole authorizer, asked about the `escalate` and `bind` verbs. */
  authorizer: Authorizer;
  /** The rules the user holds come from here. */
  source: RbacSource;
}

export type RoleResource = 'roles' | 'clusterroles';
export type BindingResource = 'rolebindings' | 'clusterrolebindings';

/** EscalationAllowed: system:masters skips every check. */
export function escalationAllowed(user: UserInfo): boolean {
  return user.groups.includes(SYSTEM_PRIVILEGED_GROUP);
}

/** RoleEscalationAuthorized: may the user `escalate` the role resource being written? */
export function roleEscalationAuthorized(ctx: EscalationContext, resource: RoleResource): boolean {
  const decision = ctx.authorizer.authorize({
    user: ctx.user,
    verb: 'escalate',
    isResourceRequest: true,
    path: '',
    apiGroup: RBAC_GROUP,
    apiVersion: '*',
    resource,
    subresource: '',
    namespace: ctx.namespace,
    name: ctx.requestName,
  });
  return decision.decision === 'allow';
}

/** BindingAuthorized: may the user `bind` the referenced role in the binding's namespace? */
export function bindingAuthorized(
  ctx: EscalationContext,
  roleRef: RoleBinding['roleRef'],
  bindingNamespace: string,
): boolean {
  let resource: string;
  if (roleRef.kind === 'ClusterRole') resource = 'clusterroles';
  else if (roleRef.kind === 'Role') resource = 'roles';
  else return false;
  const decision = ctx.authorizer.authorize({
    user: ctx.user,
    verb: 'bind',
    isResourceRequest: true,
    path: '',
    apiGroup: roleRef.apiGroup,
    apiVersion: '*',
    resource,
    subresource: '',
    namespace: bindingNamespace,
    name: roleRef.name,
  });
  return decision.decision === 'allow';
}

/** ConfirmNoEscalation: undefined when the user's rules cover `rules`, else the refusal text. */
export function confirmNoEscalation(
  ctx: EscalationContext,
  rules: readonly PolicyRule[],
): string | undefined {
  const owner = rulesFor(ctx.source, ctx.user, ctx.namespace);
  const result = covers(owner.rules, rules);
  if (result.covered) return undefined;
  const missing = [...new Set(compactRules(result.uncovered).map(compactString))].sort();
  let message =
    `user ${goQuote(ctx.user.username)} (groups=${goQuoteList(ctx.user.groups)}) is attempting ` +
    `to grant RBAC permissions not currently held:\n${missing.join('\n')}`;
  if (owner.errors.length > 0) {
    message += `; resolution errors: [${aggregateErrorMessage(owner.errors)}]`;
  }
  return message;
}

/** IsOnlyMutatingGCFields: the update touches nothing but ownerReferences and finalizers. */
export function isOnlyMutatingGCFields(object: KubeObject, previous: KubeObject): boolean {
  const copied = structuredClone(object);
  const kept = ['ownerReferences', 'finalizers', 'managedFields', 'selfLink', 'resourceVersion'];
  for (const key of kept) {
    if (previous.metadata[key] === undefined) delete copied.metadata[key];
    else copied.metadata[key] = previous.metadata[key];
  }
  return deepEqual(copied, previous);
}

const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: [ALL], apiGroups: [ALL], resources: [ALL] },
  { verbs: [ALL], nonResourceURLs: [ALL] },
];

function hasAggregationRule(role: ClusterRole | undefined): boolean {
  return (role?.aggregationRule?.clusterRoleSelectors ?? []).length > 0;
}

/**
 * Guards a create (no `previous`) or update of a Role or ClusterRole. Returns the 403 to answer,
 * or undefined when the write may proceed.
 */
export function checkRoleWrite(
  ctx: EscalationContext,
  resource: RoleResource,
  role: Role | ClusterRole,
  previous?: Role | ClusterRole,
): ApiError | undefined {
  if (escalationAllowed(ctx.user) || roleEscalationAuthorized(ctx, resource)) return undefined;
  if (previous && isOnlyMutatingGCFields(role, previous)) return undefined;
  const name = role.metadata.name ?? '';
  const refusal = confirmNoEscalation(ctx, role.rules ?? []);
  if (refusal !== undefined) return forbidden(resource, RBAC_GROUP, name, refusal);
  if (resource === 'clusterroles' && (hasAggregationRule(role) || hasAggregationRule(previous))) {
    if (confirmNoEscalation(ctx, FULL_AUTHORITY) !== undefined) {
      const why = 'must have cluster-admin privileges to use the aggregationRule';
      return forbidden(resource, RBAC_GROUP, name, why);
    }
  }
  return undefined;
}

/**
 * Guards a create (no `previous`) or update of a RoleBinding or ClusterRoleBinding. Returns the
 * error to answer (403, or 404 for a missing role), or undefined when the write may proceed.
 */
export function checkBindingWrite(
  ctx: EscalationContext,
  resource: BindingResource,
  binding: RoleBinding,
  previous?: RoleBinding,
): ApiError | undefined {
  if (escalationAllowed(ctx.user)) return undefined;
  if (previous && isOnlyMutatingGCFields(binding, previous)) return undefined;
  const bindingNamespace = resource === 'rolebindings' ? ctx.namespace : '';
  if (bindingAuthorized(ctx, binding.roleRef, bindingNamespace)) return undefined;
  const resolved = roleReferenceRules(ctx.source, binding.roleRef, bindingNamespace);
  if ('error' in resolved) {
    const roleResource = binding.roleRef.kind === 'Role' ? 'roles' : 'clusterroles';
    return notFound(roleResource, RBAC_GROUP, binding.roleRef.name);
  }
  const refusal = confirmNoEscalation(ctx, resolved.rules);
  if (refusal !== undefined) {
    return forbidden(resource, RBAC_GROUP, binding.metadata.name ?? '', refusal);
  }
  return undefined;
}
