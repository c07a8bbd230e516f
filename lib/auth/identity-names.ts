/**
 * The names a sign-in may hand the dashboard, whatever the mode (token, OIDC, proxy): which group
 * names are kept, and which user and group names are refused because the dashboard would then
 * impersonate (or filter reads as) one of the cluster's own identities.
 *
 * Contract:
 * - `groupNames`: the strings of a groups list, without empty names and repeats, in order. An
 *   empty group is what kube-apiserver's `--token-auth-file` gives a user whose groups column is
 *   empty (`strings.Split("", ",")`, staging/src/k8s.io/apiserver/pkg/authentication/token/
 *   tokenfile/tokenfile.go); it names no RBAC subject, so it is dropped wherever groups are read;
 * - `reservedName`: a username under `system:` is refused, and so is every group under
 *   `system:` except `system:authenticated`. That one is allowed because some proxies and
 *   identity providers pass it on, and it grants nothing: the API server adds it to every
 *   authenticated user anyway (staging/src/k8s.io/apiserver/pkg/authentication/group/
 *   authenticated_group_adder.go), and impersonation adds it too. Any other `system:` group
 *   (`system:masters`, `system:nodes`, `system:serviceaccounts`, …) is how the cluster marks its
 *   own components and superusers, which no sign-in speaks for. OIDC and proxy sign-in share this
 *   rule (docs/SIGN-IN.md).
 * Pure; no runtime imports.
 */
import type { UserIdentity } from './viewer';

/** The one `system:` group a sign-in may name (see the header). */
export const AUTHENTICATED_GROUP = 'system:authenticated';

const SYSTEM_PREFIX = 'system:';

export function groupNames(groups: readonly unknown[]): string[] {
  const names = groups.filter((g): g is string => typeof g === 'string' && g !== '');
  return [...new Set(names)];
}

export function isReservedUsername(username: string): boolean {
  return username.startsWith(SYSTEM_PREFIX);
}

export function isReservedGroup(group: string): boolean {
  return group.startsWith(SYSTEM_PREFIX) && group !== AUTHENTICATED_GROUP;
}

/** The first name of `user` no sign-in may claim, or undefined when there is none. */
export function reservedName(user: UserIdentity): string | undefined {
  if (isReservedUsername(user.username)) return user.username;
  return user.groups.find(isReservedGroup);
}
