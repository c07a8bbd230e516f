/**
 * ServiceAccount user names and groups (staging/src/k8s.io/apiserver/pkg/authentication/
 * serviceaccount/util.go): `system:serviceaccount:<namespace>:<name>`, in the groups
 * `system:serviceaccounts` and `system:serviceaccounts:<namespace>`. A user name parses as a
 * ServiceAccount only when both parts are valid names (a namespace is a DNS-1123 label, a
 * ServiceAccount name a DNS-1123 subdomain), as impersonation decides it.
 */
import { isDNS1123Label, isDNS1123Subdomain } from '../../core/names';
import { serviceAccountUsername } from '../rbac/subjects';
import type { UserInfo } from '../types';

const USERNAME_PREFIX = 'system:serviceaccount:';
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
const GROUP_PREFIX = 'system:serviceaccounts:';

/** SplitUsername: the namespace and name of a ServiceAccount user name, or undefined. */
export function splitServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(USERNAME_PREFIX)) return undefined;
  const parts = username.slice(USERNAME_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace = '', name = ''] = parts;
  if (isDNS1123Label(namespace).length || isDNS1123Subdomain(name).length) return undefined;
  return { namespace, name };
}

/** MakeGroupNames. */
export function serviceAccountGroups(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS_GROUP, `${GROUP_PREFIX}${namespace}`];
}

/** Extra keys a ServiceAccount token's user carries (pkg/serviceaccount and user.Info). */
export const EXTRA = {
  podName: 'authentication.kubernetes.io/pod-name',
  podUID: 'authentication.kubernetes.io/pod-uid',
  nodeName: 'authentication.kubernetes.io/node-name',
  nodeUID: 'authentication.kubernetes.io/node-uid',
  credentialID: 'authentication.kubernetes.io/credential-id',
} as const;

export interface ServiceAccountInfo {
  namespace: string;
  name: string;
  uid: string;
  podName?: string;
  podUID?: string;
  credentialID?: string;
  nodeName?: string;
  nodeUID?: string;
}

/** ServiceAccountInfo.UserInfo(). */
export function serviceAccountUser(info: ServiceAccountInfo): UserInfo {
  const user: UserInfo = {
    username: serviceAccountUsername(info.namespace, info.name),
    uid: info.uid,
    groups: serviceAccountGroups(info.namespace),
  };
  const extra: Record<string, string[]> = {};
  if (info.podName && info.podUID) {
    extra[EXTRA.podName] = [info.podName];
    extra[EXTRA.podUID] = [info.podUID];
  }
  if (info.credentialID) extra[EXTRA.credentialID] = [info.credentialID];
  if (info.nodeName) {
    extra[EXTRA.nodeName] = [info.nodeName];
    if (info.nodeUID) extra[EXTRA.nodeUID] = [info.nodeUID];
  }
  if (Object.keys(extra).length) user.extra = extra;
  return user;
}
