/**
 * ID token claims → the person as the cluster's RBAC names them, mapped exactly as the
 * apiserver's own OIDC authenticator maps the same token (legacy `--oidc-*` flags), so a
 * RoleBinding written for the cluster matches the name the dashboard impersonates.
 *
 * Contract (upstream: `pkg/kubeapiserver/options/authentication.go` and
 * `staging/src/k8s.io/apiserver/plugin/pkg/authenticator/token/oidc/oidc.go`):
 * - the username is the string in the username claim (default `email`); a missing or empty
 *   claim refuses the sign-in;
 * - with the `email` claim, an `email_verified` claim that is present must be `true`;
 * - the username prefix: none given and a claim other than `email` → `<issuer>#`; `-` → none;
 *   else the prefix as given;
 * - groups come from the groups claim (default `groups`), an array of strings or one string;
 *   absent → no groups; the groups prefix goes before each;
 * - a resulting user name under `system:`, or group under `system:` other than
 *   `system:authenticated`, is refused: the dashboard impersonates this person, and no identity
 *   provider speaks for the cluster's own users and groups (one rule with proxy sign-in:
 *   lib/auth/identity-names.ts); empty group names are dropped.
 * Pure; no I/O.
 */
import type { OidcSignInError } from './oidc-errors';
import type { UserIdentity } from './viewer';
import { groupNames, reservedName } from './identity-names';

export interface OidcClaimSettings {
  issuer: string;
  usernameClaim: string;
  groupsClaim: string;
  /** As given on the command line; undefined when not given (the default rule applies). */
  usernamePrefix?: string;
  groupsPrefix?: string;
}

export type IdentityAnswer =
  { ok: true; user: UserIdentity } | { ok: false; error: OidcSignInError; detail: string };

/** The prefix the apiserver puts before the username claim's value. */
export function effectiveUsernamePrefix(settings: OidcClaimSettings): string {
  const given = settings.usernamePrefix ?? '';
  if (given === '' && settings.usernameClaim !== 'email') return `${settings.issuer}#`;
  if (given === '-') return '';
  return given;
}

export function identityFromClaims(
  claims: Record<string, unknown>,
  settings: OidcClaimSettings,
): IdentityAnswer {
  const name = claims[settings.usernameClaim];
  if (typeof name !== 'string' || name === '') {
    return refuse('missing-claim', `the ID token has no string claim "${settings.usernameClaim}"`);
  }
  if (settings.usernameClaim === 'email' && 'email_verified' in claims) {
    if (claims.email_verified !== true) {
      return refuse('email-not-verified', `email_verified is ${String(claims.email_verified)}`);
    }
  }
  const groupsClaim = settings.groupsClaim ? claims[settings.groupsClaim] : undefined;
  let groups: string[] = [];
  if (typeof groupsClaim === 'string') groups = [groupsClaim];
  else if (Array.isArray(groupsClaim) && groupsClaim.every((g) => typeof g === 'string')) {
    groups = groupsClaim as string[];
  } else if (groupsClaim !== undefined && groupsClaim !== null) {
    return refuse(
      'missing-claim',
      `the groups claim "${settings.groupsClaim}" is neither a string nor a list of strings`,
    );
  }
  const user: UserIdentity = {
    username: effectiveUsernamePrefix(settings) + name,
    groups: groupNames(groups).map((group) => (settings.groupsPrefix ?? '') + group),
  };
  const reserved = reservedName(user);
  if (reserved !== undefined) {
    return refuse('reserved-name', `the ID token names "${reserved}", under system:`);
  }
  return { ok: true, user };
}

function refuse(error: OidcSignInError, detail: string): IdentityAnswer {
  return { ok: false, error, detail };
}
