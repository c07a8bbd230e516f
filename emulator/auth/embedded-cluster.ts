/**
 * Who a request is and what it may do in the embedded cluster, composed in one place from the
 * layers of this folder (the authenticator, authorizer and rule resolver the handler chain and
 * the reviews are given):
 *
 * - authentication as kube-apiserver composes it (./request-authenticator.ts): bearer tokens —
 *   the kubeconfig's admin token and the `--token-auth-file` users (./tokens/token-file.ts),
 *   then ServiceAccount JWTs this cluster signed (./serviceaccount) — each authenticated user
 *   also in `system:authenticated`; a request without credentials is `system:anonymous` in
 *   `system:unauthenticated`; a token nobody accepts is an error (401), never anonymous;
 * - authorization: a union as kube-apiserver builds it for `--authorization-mode=RBAC` — members
 *   of `system:masters` may do everything, then RBAC over the cluster's own Roles, ClusterRoles
 *   and bindings (./rbac);
 * - rules reviews: RBAC's.
 * With `--authorization-mode AlwaysAllow` every request is allowed instead (./always-allow.ts).
 *
 * The admin is `kubernetes-admin` in `system:masters`, the name and group kind's and kubeadm's
 * admin kubeconfig carries (there as a client certificate, here as a bearer token).
 * `rbac` carries the rest of RBAC the cluster runs: the bootstrap policy, the aggregation
 * controller and the escalation guard of RBAC writes. `tokenRequest` is what TokenRequest signs
 * with and checks against.
 */
import type { KubeObject } from '../core/types';
import { alwaysAllowAuthorizer } from './always-allow';
import { createClusterRbac, type ClusterRbac } from './rbac/cluster-rbac';
import type { RbacStore } from './rbac/store-source';
import { requestAuthenticator } from './request-authenticator';
import type { SigningKey } from './serviceaccount/signing-key';
import {
  serviceAccountTokenAuthenticator,
  type ServiceAccountTokenGetter,
} from './serviceaccount/token-authenticator';
import type { TokenRequestContext } from './serviceaccount/token-request';
import { DEFAULT_ISSUER } from './serviceaccount/tokens';
import {
  bearerTokenAuthenticator,
  audienceAgnostic,
  unionTokenAuthenticator,
  type RequestAuthenticator,
} from './tokens/token-authenticator';
import { staticTokenAuthenticator } from './tokens/token-file';
import type { Authorizer, RuleResolver, UserInfo } from './types';

export const ADMIN_USER: UserInfo = {
  username: 'kubernetes-admin',
  uid: '',
  groups: ['system:masters'],
};

/** What the ServiceAccount token checks read (any kind this cluster does not serve is absent). */
export interface AccessStore extends RbacStore {
  get(resource: string, namespace: string, name: string): KubeObject | undefined;
}

export type AuthorizationMode = 'RBAC' | 'AlwaysAllow';
export const AUTHORIZATION_MODES: readonly AuthorizationMode[] = ['RBAC', 'AlwaysAllow'];

export interface ClusterAccessOptions {
  /** The cluster's object store: RBAC reads its roles and bindings there, tokens their objects. */
  store: AccessStore;
  /** The kubeconfig's bearer token (the admin's). */
  adminToken: string;
  /** `--token-auth-file`'s users by token. */
  tokenUsers?: ReadonlyMap<string, UserInfo>;
  /** kube-apiserver's `--authorization-mode`: `RBAC` (the default) or `AlwaysAllow`. */
  authorizationMode?: AuthorizationMode;
  /** The key ServiceAccount tokens are signed with (`--service-account-key-file`'s part). */
  serviceAccountKey: SigningKey;
  minorVersion: number;
  now?: () => Date;
}

export interface ClusterAccess {
  authenticator: RequestAuthenticator;
  authorizer: Authorizer;
  ruleResolver: RuleResolver;
  /** RBAC's escalation checks on Role, ClusterRole and binding writes. */
  admit: ClusterRbac['checkWrite'];
  rbac: ClusterRbac;
  tokenRequest: TokenRequestContext;
}

function tokenGetter(store: AccessStore): ServiceAccountTokenGetter {
  const get = (resource: string, namespace: string, name: string) => {
    try {
      return store.get(resource, namespace, name);
    } catch {
      return undefined;
    }
  };
  return {
    getServiceAccount: (namespace, name) => get('serviceaccounts', namespace, name),
    getPod: (namespace, name) => get('pods', namespace, name),
    getSecret: (namespace, name) => get('secrets', namespace, name),
    getNode: (name) => get('nodes', '', name),
  };
}

export function embeddedClusterAccess(options: ClusterAccessOptions): ClusterAccess {
  const issuer = DEFAULT_ISSUER;
  const apiAudiences = [issuer];
  const getter = tokenGetter(options.store);
  const staticUsers = new Map(options.tokenUsers ?? []);
  staticUsers.set(options.adminToken, ADMIN_USER);
  const authenticator = requestAuthenticator([
    bearerTokenAuthenticator(
      unionTokenAuthenticator([
        // kube-apiserver wraps the token file so (pkg/kubeapiserver/authenticator/config.go):
        // its users hold for the apiserver's own audiences, which TokenReview checks.
        audienceAgnostic(apiAudiences, staticTokenAuthenticator(staticUsers)),
        serviceAccountTokenAuthenticator({
          issuer,
          apiAudiences,
          keys: [options.serviceAccountKey],
          getter,
          minorVersion: options.minorVersion,
          now: options.now,
        }),
      ]),
    ),
  ]);
  // The RBAC kinds and their bootstrap policy exist either way, as kube-apiserver serves them
  // whatever its authorization mode; only who may do what changes.
  const rbac = createClusterRbac(options.store);
  const rbacDecides = (options.authorizationMode ?? 'RBAC') === 'RBAC';
  return {
    authenticator,
    authorizer: rbacDecides ? rbac.authorizer : alwaysAllowAuthorizer,
    ruleResolver: rbacDecides ? rbac.authorizer : alwaysAllowAuthorizer,
    // Escalation is refused only where RBAC authorizes: under AlwaysAllow everyone may escalate.
    admit: rbacDecides ? rbac.checkWrite : () => undefined,
    rbac,
    tokenRequest: {
      issuer,
      apiAudiences,
      key: options.serviceAccountKey,
      getter,
      minorVersion: options.minorVersion,
      now: options.now,
    },
  };
}
