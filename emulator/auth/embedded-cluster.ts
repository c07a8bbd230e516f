/**
 * Who a request is and what it may do in the embedded cluster, composed in one place from the
 * layers of this folder (the authenticators, authorizers and rule resolver the handler chain and
 * the access reviews are given):
 *
 * - authentication: the `--auth` users by bearer token, then the kubeconfig's admin token, then
 *   everyone else as the admin (./authenticators.ts `everyoneIsAdmin`, today's open door);
 * - authorization: a union as kube-apiserver builds it for `--authorization-mode=RBAC` — members
 *   of `system:masters` may do everything, then RBAC over the cluster's own Roles, ClusterRoles
 *   and bindings (./rbac). The `--auth` users keep their file's meaning until the token file
 *   replaces them: their deny rules refuse, RBAC allows what it grants them, and anything else is
 *   allowed as before;
 * - rules reviews: RBAC's rules, or the `--auth` file's view for its users.
 *
 * `rbac` carries the rest of RBAC the cluster runs: the bootstrap policy, the aggregation
 * controller and the escalation guard of RBAC writes.
 */
import { alwaysAllowAuthorizer } from './always-allow';
import {
  authFileAuthenticator,
  denyListAuthorizer,
  denyListRuleResolver,
  type AuthConfig,
} from './auth-file';
import { adminTokenAuthenticator, everyoneIsAdmin, unionAuthenticator } from './authenticators';
import { createClusterRbac, type ClusterRbac } from './rbac/cluster-rbac';
import { unionAuthorizer } from './rbac/cluster-authorizer';
import type { RbacStore } from './rbac/store-source';
import type { Authenticator, Authorizer, RuleResolver } from './types';

export interface ClusterAccessOptions {
  /** The cluster's object store: RBAC reads its roles and bindings there. */
  store: RbacStore;
  /** `--auth FILE`: users denied some verbs on some resources. */
  authConfig?: AuthConfig;
  /** The kubeconfig's bearer token. */
  adminToken?: string;
}

export interface ClusterAccess {
  authenticator: Authenticator;
  authorizer: Authorizer;
  ruleResolver: RuleResolver;
  /** RBAC's escalation checks on Role, ClusterRole and binding writes. */
  admit: ClusterRbac['checkWrite'];
  rbac: ClusterRbac;
}

export function embeddedClusterAccess(options: ClusterAccessOptions): ClusterAccess {
  const config = options.authConfig;
  const authenticator = unionAuthenticator([
    ...(config ? [authFileAuthenticator(config)] : []),
    ...(options.adminToken ? [adminTokenAuthenticator(options.adminToken)] : []),
    everyoneIsAdmin,
  ]);
  // The escalation checks ask the whole union below about `escalate` and `bind`, as upstream.
  const whole: { authorizer?: Authorizer } = {};
  const rbac = createClusterRbac(options.store, () => whole.authorizer ?? rbac.authorizer);
  const authFileUsers = new Set((config?.users ?? []).map((u) => u.name));
  const legacyAuthFileUsers: Authorizer = {
    authorize: (attributes) =>
      authFileUsers.has(attributes.user.username)
        ? alwaysAllowAuthorizer.authorize(attributes)
        : { decision: 'noOpinion', reason: '' },
  };
  const authorizer = unionAuthorizer([
    denyListAuthorizer(config),
    rbac.authorizer,
    legacyAuthFileUsers,
  ]);
  whole.authorizer = authorizer;
  const denyListRules = denyListRuleResolver(config, authorizer);
  const ruleResolver: RuleResolver = {
    rulesFor: (user, namespace) =>
      authFileUsers.has(user.username)
        ? denyListRules.rulesFor(user, namespace)
        : rbac.authorizer.rulesFor(user, namespace),
  };
  return { authenticator, authorizer, ruleResolver, admit: rbac.checkWrite, rbac };
}
