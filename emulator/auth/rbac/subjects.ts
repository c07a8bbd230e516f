/**
 * Which binding subjects a user is (appliesTo/appliesToUser of pkg/registry/rbac/validation/rule.go)
 * and how a matched subject is described in an allow reason (describeSubject).
 *
 * User subjects match the user name exactly (`*` is not a wildcard); Group subjects match any of
 * the user's groups; ServiceAccount subjects match `system:serviceaccount:<ns>:<name>`, where an
 * empty subject namespace means the namespace of the RoleBinding (a ClusterRoleBinding's
 * ServiceAccount subject without a namespace matches nobody).
 */
import type { UserInfo } from '../types';
import { goQuote } from './go-format';
import type { Subject } from './types';

const SERVICE_ACCOUNT_USERNAME_PREFIX = 'system:serviceaccount:';

/** k8s.io/apiserver/pkg/authentication/serviceaccount.MakeUsername. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USERNAME_PREFIX}${namespace}:${name}`;
}

export function appliesToUser(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const saNamespace = subject.namespace ? subject.namespace : namespace;
      if (saNamespace.length === 0) return false;
      return user.username === serviceAccountUsername(saNamespace, subject.name);
    }
    default:
      return false;
  }
}

/** The index of the first subject that applies to the user, or -1. */
export function appliesTo(user: UserInfo, subjects: readonly Subject[], namespace: string): number {
  return subjects.findIndex((subject) => appliesToUser(user, subject, namespace));
}

/** `User "alice"`, `Group "devs"`, `ServiceAccount "builder/team-a"` (name/namespace). */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    const namespace = subject.namespace ? subject.namespace : bindingNamespace;
    return `${subject.kind} ${goQuote(`${subject.name}/${namespace}`)}`;
  }
  return `${subject.kind} ${goQuote(subject.name)}`;
}
