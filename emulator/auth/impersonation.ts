/**
 * Impersonation as kube-apiserver decides it (staging/src/k8s.io/apiserver/pkg/endpoints/filters/
 * impersonation.go WithImpersonation and buildImpersonationRequests).
 *
 * `Impersonate-User`, `Impersonate-Group` (one header line per group), `Impersonate-Extra-<key>`
 * (one line per value) and `Impersonate-Uid` each become an `impersonate` request the caller must
 * be allowed by the authorizer:
 *
 *   users "<name>"                 (a `system:serviceaccount:NS:NAME` user: serviceaccounts in NS)
 *   groups "<group>"
 *   userextras/<key> "<value>"     in API group authentication.k8s.io
 *   uids "<uid>"                   in API group authentication.k8s.io
 *
 * The first refusal is upstream's 403 (`users "alice" is forbidden: User "bob" cannot impersonate
 * resource "users" in API group "" at the cluster scope`). Groups, extras or a uid without a user
 * is the filter's InternalError: a plain-text 500 `Internal Server Error: "<uri>": requested
 * [...] without impersonating a user` (ImpersonationHeadersError; the handler chain writes it). The impersonated user's groups are the requested ones — a ServiceAccount's own groups
 * when none are requested — plus `system:authenticated` (`system:unauthenticated` for
 * `system:anonymous`) unless already named.
 */
import { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, ANONYMOUS_USER } from './request-authenticator';
import { forbiddenError } from './rbac/forbidden';
import { serviceAccountUsername } from './rbac/subjects';
import { serviceAccountGroups, splitServiceAccountUsername } from './serviceaccount/names';
import type { Authorizer, RequestAttributes, UserInfo } from './types';

export const IMPERSONATE_USER = 'impersonate-user';
export const IMPERSONATE_GROUP = 'impersonate-group';
export const IMPERSONATE_UID = 'impersonate-uid';
export const IMPERSONATE_EXTRA_PREFIX = 'impersonate-extra-';

/**
 * A request's header lines by lower-case name. HTTP lets a header repeat, and upstream reads each
 * `Impersonate-Group` line as one group, so the lines must stay apart (a fetch `Headers` joins
 * them with ", ").
 */
export interface HeaderLines {
  values(name: string): string[];
  names(): string[];
}

/** Lines from Node's `headersDistinct`, or recovered from joined `Headers` (split on ", "). */
export function headerLines(headers: Headers, distinct?: Record<string, string[]>): HeaderLines {
  if (distinct) {
    return {
      values: (name) => distinct[name] ?? [],
      names: () => Object.keys(distinct),
    };
  }
  return {
    values: (name) => {
      const joined = headers.get(name);
      return joined === null ? [] : joined.split(', ');
    },
    names: () => [...headers.keys()],
  };
}

/** Impersonation headers that make no sense together (upstream answers a plain-text 500). */
export class ImpersonationHeadersError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImpersonationHeadersError';
  }
}

/** responsewriters.InternalError's body, with its HTML sanitizing of the text. */
export function internalErrorText(requestURI: string, error: Error): string {
  const text = `Internal Server Error: ${JSON.stringify(requestURI)}: ${error.message}`;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A v1.ObjectReference as buildImpersonationRequests makes it. */
interface ImpersonationRequest {
  kind: 'User' | 'ServiceAccount' | 'Group' | 'UserExtra' | 'UID';
  namespace: string;
  name: string;
  apiVersion: string;
  fieldPath: string;
}

const AUTHENTICATION_V1 = 'authentication.k8s.io/v1';

function objectReference(
  kind: ImpersonationRequest['kind'],
  name: string,
  extra: Partial<ImpersonationRequest> = {},
): ImpersonationRequest {
  return { kind, namespace: '', name, apiVersion: '', fieldPath: '', ...extra };
}

/** Go's %v of a []v1.ObjectReference: `[{Group  team-a    }]`. */
function goObjectReferences(requests: readonly ImpersonationRequest[]): string {
  const one = (r: ImpersonationRequest) =>
    `{${[r.kind, r.namespace, r.name, '', r.apiVersion, '', r.fieldPath].join(' ')}}`;
  return `[${requests.map(one).join(' ')}]`;
}

function unescapeExtraKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded; // upstream records malformed keys as they came
  }
}

/** buildImpersonationRequests: what the headers ask for, in upstream's order. */
export function impersonationRequests(headers: HeaderLines): ImpersonationRequest[] {
  const requests: ImpersonationRequest[] = [];
  const user = headers.values(IMPERSONATE_USER)[0] ?? '';
  if (user) {
    const sa = splitServiceAccountUsername(user);
    requests.push(
      sa
        ? objectReference('ServiceAccount', sa.name, { namespace: sa.namespace })
        : objectReference('User', user),
    );
  }
  const groups = headers.values(IMPERSONATE_GROUP);
  for (const group of groups) requests.push(objectReference('Group', group));
  let hasExtra = false;
  for (const name of headers.names()) {
    if (!name.startsWith(IMPERSONATE_EXTRA_PREFIX)) continue;
    hasExtra = true;
    const key = unescapeExtraKey(name.slice(IMPERSONATE_EXTRA_PREFIX.length).toLowerCase());
    for (const value of headers.values(name)) {
      requests.push(
        objectReference('UserExtra', value, { apiVersion: AUTHENTICATION_V1, fieldPath: key }),
      );
    }
  }
  const uid = headers.values(IMPERSONATE_UID)[0] ?? '';
  if (uid) requests.push(objectReference('UID', uid, { apiVersion: AUTHENTICATION_V1 }));
  if ((groups.length || hasExtra || uid) && !user) {
    throw new ImpersonationHeadersError(
      `requested ${goObjectReferences(requests)} without impersonating a user`,
    );
  }
  return requests;
}

function attributesFor(requester: UserInfo, request: ImpersonationRequest): RequestAttributes {
  const [group = '', version = ''] = request.apiVersion.includes('/')
    ? request.apiVersion.split('/')
    : ['', request.apiVersion];
  const base = {
    user: requester,
    verb: 'impersonate',
    isResourceRequest: true,
    path: '',
    apiGroup: group,
    apiVersion: version,
    subresource: '',
    namespace: request.namespace,
    name: request.name,
  };
  switch (request.kind) {
    case 'ServiceAccount':
      return { ...base, resource: 'serviceaccounts' };
    case 'User':
      return { ...base, resource: 'users' };
    case 'Group':
      return { ...base, resource: 'groups' };
    case 'UserExtra':
      return { ...base, resource: 'userextras', subresource: request.fieldPath };
    case 'UID':
      return { ...base, resource: 'uids' };
  }
}

/**
 * The user a request acts as: undefined when it impersonates nobody, otherwise the impersonated
 * user once every part was allowed. Throws upstream's 403 Status, or ImpersonationHeadersError.
 */
export function impersonatedUser(
  authorizer: Authorizer,
  requester: UserInfo,
  headers: HeaderLines,
): UserInfo | undefined {
  const requests = impersonationRequests(headers);
  if (requests.length === 0) return undefined;
  const groupsSpecified = headers.values(IMPERSONATE_GROUP).length > 0;
  let username = '';
  let uid = '';
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};
  for (const request of requests) {
    const attributes = attributesFor(requester, request);
    switch (request.kind) {
      case 'ServiceAccount':
        username = serviceAccountUsername(request.namespace, request.name);
        if (!groupsSpecified) groups = serviceAccountGroups(request.namespace);
        break;
      case 'User':
        username = request.name;
        break;
      case 'Group':
        groups.push(request.name);
        break;
      case 'UserExtra':
        (extra[request.fieldPath] ??= []).push(request.name);
        break;
      case 'UID':
        uid = request.name;
        break;
    }
    const decision = authorizer.authorize(attributes);
    if (decision.decision !== 'allow') throw forbiddenError(attributes, decision.reason);
  }
  if (username !== ANONYMOUS_USER.username) {
    if (!groups.some((g) => g === ALL_AUTHENTICATED || g === ALL_UNAUTHENTICATED)) {
      groups.push(ALL_AUTHENTICATED);
    }
  } else if (!groups.includes(ALL_UNAUTHENTICATED)) {
    groups.push(ALL_UNAUTHENTICATED);
  }
  const user: UserInfo = { username, groups };
  if (uid) user.uid = uid;
  if (Object.keys(extra).length) user.extra = extra;
  return user;
}
