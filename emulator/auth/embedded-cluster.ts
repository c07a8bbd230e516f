/**
 * Who a request is and what it may do in the embedded cluster, composed in one place from the
 * layers of this folder (the authenticators, authorizers and rule resolver the handler chain and
 * the access reviews are given):
 *
 * - authentication: the `--auth` users by bearer token, then the kubeconfig's admin token, then
 *   everyone else as the admin (./authenticators.ts `everyoneIsAdmin`, today's open door);
 * - authorization: a union as kube-apiserver builds it — members of `system:masters` may do
 *   everything, the `--auth` deny rules refuse what they name, and `AlwaysAllow` allows the rest;
 * - rules reviews: the `--auth` file's view of the same authorizer.
 */
import { alwaysAllowAuthorizer } from './always-allow';
import {
  authFileAuthenticator,
  denyListAuthorizer,
  denyListRuleResolver,
  type AuthConfig,
} from './auth-file';
import { adminTokenAuthenticator, everyoneIsAdmin, unionAuthenticator } from './authenticators';
import { privilegedGroupAuthorizer, unionAuthorizer } from './rbac/cluster-authorizer';
import type { Authenticator, Authorizer, RuleResolver } from './types';

export interface ClusterAccessOptions {
  /** `--auth FILE`: users denied some verbs on some resources. */
  authConfig?: AuthConfig;
  /** The kubeconfig's bearer token. */
  adminToken?: string;
}

export interface ClusterAccess {
  authenticator: Authenticator;
  authorizer: Authorizer;
  ruleResolver: RuleResolver;
}

export function embeddedClusterAccess(options: ClusterAccessOptions = {}): ClusterAccess {
  const config = options.authConfig;
  const authenticator = unionAuthenticator([
    ...(config ? [authFileAuthenticator(config)] : []),
    ...(options.adminToken ? [adminTokenAuthenticator(options.adminToken)] : []),
    everyoneIsAdmin,
  ]);
  const authorizer = unionAuthorizer([
    privilegedGroupAuthorizer(['system:masters']),
    denyListAuthorizer(config),
    alwaysAllowAuthorizer,
  ]);
  return { authenticator, authorizer, ruleResolver: denyListRuleResolver(config, authorizer) };
}
