/**
 * Test builders for the RBAC engine's ported upstream cases, named and shaped like the helpers of
 * plugin/pkg/auth/authorizer/rbac/rbac_test.go (newRule, newRole, newClusterRole, newRoleBinding,
 * newClusterRoleBinding, resourceRequest/nonresourceRequest) so each ported table reads like its
 * original. Comma lists split as Go's strings.Split does (an empty string is one empty element).
 */
import type { RequestAttributes, UserInfo } from '../../types';
import {
  RBAC_GROUP,
  type ClusterRole,
  type ClusterRoleBinding,
  type PolicyRule,
  type Role,
  type RoleBinding,
  type Subject,
} from '../types';

export function split(list: string): string[] {
  return list.split(',');
}

export function newRule(
  verbs: string,
  apiGroups: string,
  resources: string,
  nonResourceURLs: string,
): PolicyRule {
  return {
    verbs: split(verbs),
    apiGroups: split(apiGroups),
    resources: split(resources),
    nonResourceURLs: split(nonResourceURLs),
  };
}

export function newRole(name: string, namespace: string, ...rules: PolicyRule[]): Role {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, namespace },
    rules,
  };
}

export function newClusterRole(name: string, ...rules: PolicyRule[]): ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules,
  };
}

/** `Kind:name` entries (`User:alice`, `Group:devs`, `ServiceAccount:builder`), split at the first colon. */
function subjects(list: string[]): Subject[] {
  return list.map((entry) => {
    const colon = entry.indexOf(':');
    const kind = entry.slice(0, colon);
    const name = entry.slice(colon + 1);
    if (kind === 'ServiceAccount') return { kind, apiGroup: '', name };
    if (kind === 'User' || kind === 'Group') return { kind, apiGroup: RBAC_GROUP, name };
    throw new Error(`invalid kind ${kind}`);
  });
}

export function newClusterRoleBinding(
  roleName: string,
  ...subjectList: string[]
): ClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: '' },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: roleName },
    subjects: subjects(subjectList),
  };
}

export const bindToRole = 0;
export const bindToClusterRole = 1;

export function newRoleBinding(
  namespace: string,
  roleName: string,
  bindType: number,
  ...subjectList: string[]
): RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: '', namespace },
    roleRef: {
      apiGroup: RBAC_GROUP,
      kind: bindType === bindToRole ? 'Role' : 'ClusterRole',
      name: roleName,
    },
    subjects: subjects(subjectList),
  };
}

export function user(username: string, groups: string[] = []): UserInfo {
  return { username, groups };
}

const EMPTY: Omit<RequestAttributes, 'user' | 'verb' | 'isResourceRequest'> = {
  path: '',
  apiGroup: '',
  apiVersion: '',
  resource: '',
  subresource: '',
  namespace: '',
  name: '',
};

/** upstream's defaultAttributes{user, groups, verb, resource, subresource, namespace, apiGroup}. */
export function defaultAttributes(
  username: string,
  groups: string,
  verb: string,
  resource: string,
  subresource: string,
  namespace: string,
  apiGroup: string,
): RequestAttributes {
  return {
    ...EMPTY,
    user: user(username, split(groups)),
    verb,
    isResourceRequest: true,
    resource,
    subresource,
    namespace,
    apiGroup,
  };
}

/** authorizer.AttributesRecord{User, Verb, Path} for a non-resource request. */
export function nonResourceAttributes(
  who: UserInfo,
  verb: string,
  path: string,
): RequestAttributes {
  return { ...EMPTY, user: who, verb, isResourceRequest: false, path };
}

/** A resource request with everything given explicitly (AttributesRecord). */
export function resourceAttributes(
  who: UserInfo,
  fields: Partial<Omit<RequestAttributes, 'user' | 'isResourceRequest'>> & { verb: string },
): RequestAttributes {
  return { ...EMPTY, ...fields, user: who, isResourceRequest: true };
}

/** resourceRequest(verb).Group(g).Resource(r).Subresource(s).Name(n).New() */
export function resourceRequest(
  verb: string,
  group: string,
  resource: string,
  subresource = '',
  name = '',
): RequestAttributes {
  return resourceAttributes(user(''), { verb, apiGroup: group, resource, subresource, name });
}

/** nonresourceRequest(verb).URL(url).New() */
export function nonresourceRequest(verb: string, url: string): RequestAttributes {
  return nonResourceAttributes(user(''), verb, url);
}
