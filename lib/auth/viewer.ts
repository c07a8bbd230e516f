/**
 * Who is looking: the identity every request is served as, decided once per request by
 * lib/auth/request-viewer.ts and carried to everything that reads or writes for it.
 *
 * Contract:
 * - `Viewer` is what the server acts as. `none` (no sign-in, the default on loopback): the
 *   dashboard's own credentials, nothing filtered. `oidc` / `proxy`: a person named as the
 *   cluster's RBAC names them (prefixes applied); reads are filtered by what they may list, and
 *   writes impersonate them. `token`: a person who pasted a Kubernetes bearer token; reads are
 *   filtered the same way, and writes are sent with their token. A token never leaves the server.
 *   A token is a credential of the cluster that issued it: the viewer a request starts with is
 *   who the session's cluster says; lib/auth/cluster-viewer.ts answers who they are in another.
 * - `ViewerInfo` is the only part a browser ever gets: the mode, the name and the groups.
 * Isomorphic; no runtime imports.
 */

export const AUTH_MODES = ['none', 'oidc', 'proxy', 'token'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** A person as the cluster's RBAC subjects name them: `User` name and `Group` names. */
export interface UserIdentity {
  username: string;
  groups: string[];
}

export type Viewer =
  | { mode: 'none' }
  | { mode: 'oidc' | 'proxy'; user: UserIdentity }
  | {
      mode: 'token';
      /** As `cluster` names the token's owner (another cluster may name them otherwise). */
      user: UserIdentity;
      token: string;
      /** The cluster whose TokenReview named `user`; absent: the default cluster. */
      cluster?: string;
    };

/** What the page shows about who is signed in; never a credential. */
export interface ViewerInfo {
  mode: AuthMode;
  username?: string;
  groups?: string[];
}

export function viewerInfoOf(viewer: Viewer): ViewerInfo {
  if (viewer.mode === 'none') return { mode: 'none' };
  return { mode: viewer.mode, username: viewer.user.username, groups: [...viewer.user.groups] };
}

/** A signed-in person (as opposed to the dashboard acting as itself). */
export function userOf(viewer: Viewer): UserIdentity | undefined {
  return viewer.mode === 'none' ? undefined : viewer.user;
}
