/**
 * Who a request comes from, as the embedded cluster decides it today: `Authenticator`s
 * (./types.ts) tried in order by `unionAuthenticator`, as kube-apiserver's union authenticator
 * (staging/src/k8s.io/apiserver/pkg/authentication/request/union) tries its token, certificate
 * and ServiceAccount authenticators.
 *
 * Today's identities:
 * - the bearer token of the kubeconfig `switchboard cluster` writes: the cluster admin;
 * - the users of `--auth FILE` by their bearer tokens (./auth-file.ts);
 * - every other request, with no token or an unknown one: also the cluster admin. The embedded
 *   cluster has been an open door; `everyoneIsAdmin` is that door, last in the union, and the one
 *   place that changes when requests without valid credentials become anonymous or get a 401.
 *
 * The admin is in `system:masters`, the group kube-apiserver's privileged-group authorizer allows
 * everything, so no deny rule applies to it.
 */
import type { AuthenticationResult, Authenticator, UserInfo } from './types';

export const ADMIN_USER: UserInfo = {
  username: 'admin',
  groups: ['system:masters', 'system:authenticated'],
};

/** The token of an `Authorization: Bearer <token>` header (bearertoken.Authenticator's parse). */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization') ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  return token || undefined;
}

/** Bearer tokens that name users (the shape of a token file). */
export function tokenAuthenticator(users: ReadonlyMap<string, UserInfo>): Authenticator {
  return {
    authenticate(request) {
      const token = bearerToken(request);
      const user = token === undefined ? undefined : users.get(token);
      return user ? { ok: true, user } : undefined;
    },
  };
}

/** The kubeconfig's admin token. */
export function adminTokenAuthenticator(token: string): Authenticator {
  return tokenAuthenticator(new Map([[token, ADMIN_USER]]));
}

/** Today's open door: whatever a request carries, it is the admin. */
export const everyoneIsAdmin: Authenticator = {
  authenticate: () => ({ ok: true, user: ADMIN_USER }),
};

/**
 * The first authenticator that recognises the request decides. Failures (credentials that are
 * present but invalid) are kept and reported only when nobody succeeds, as upstream's union does.
 */
export function unionAuthenticator(authenticators: readonly Authenticator[]): Authenticator {
  return {
    async authenticate(request) {
      const errors: string[] = [];
      for (const authenticator of authenticators) {
        const result: AuthenticationResult | undefined = await authenticator.authenticate(request);
        if (!result) continue;
        if (result.ok) return result;
        errors.push(result.error);
      }
      return errors.length ? { ok: false, error: errors.join(', ') } : undefined;
    },
  };
}
