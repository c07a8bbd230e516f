/**
 * Upstream's TestImpersonationFilter (staging/src/k8s.io/apiserver/pkg/endpoints/filters/
 * impersonation_test.go) with its impersonateAuthorizer, plus the 403 texts through the RBAC
 * authorizer and the header-line handling a fetch `Headers` needs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isApiError } from '../core/errors';
import {
  headerLines,
  impersonatedUser,
  ImpersonationHeadersError,
  internalErrorText,
} from './impersonation';
import { createRbacAuthorizer } from './rbac/authorizer';
import { staticRbacSource } from './rbac/static-source';
import { newClusterRole, newClusterRoleBinding, newRule } from './rbac/testing/builders';
import type { Authorizer, Decision, RequestAttributes, UserInfo } from './types';

const allow: Decision = { decision: 'allow', reason: '' };
const deny: Decision = { decision: 'noOpinion', reason: 'deny by default' };

/** upstream's impersonateAuthorizer, case for case. */
const impersonateAuthorizer: Authorizer = {
  authorize(a: RequestAttributes): Decision {
    const { username, groups } = a.user;
    const g0 = groups[0];
    const g1 = groups[1];
    const imp = a.verb === 'impersonate';
    if (username === 'system:admin') return allow;
    if (username === 'tester') return { decision: 'noOpinion', reason: '' };
    if (username === 'deny-me') return { decision: 'noOpinion', reason: 'denied' };
    if (g0 === 'wheel' && imp && a.resource === 'users') return allow;
    if (g0 === 'sa-impersonater' && imp && a.resource === 'serviceaccounts') return allow;
    if (g0 === 'regular-impersonater' && imp && a.resource === 'users') return allow;
    if (g1 === 'group-impersonater' && imp && a.resource === 'groups') return allow;
    if (
      g1 === 'extra-setter-scopes' &&
      imp &&
      a.resource === 'userextras' &&
      a.subresource === 'scopes'
    ) {
      return allow;
    }
    if (g1 === 'escaped-scopes' || g1 === 'almost-escaped-scopes') return allow;
    if (
      g1 === 'extra-setter-particular-scopes' &&
      imp &&
      a.resource === 'userextras' &&
      a.subresource === 'scopes' &&
      a.name === 'scope-a' &&
      a.apiGroup === 'authentication.k8s.io'
    ) {
      return allow;
    }
    if (
      g1 === 'extra-setter-project' &&
      imp &&
      a.resource === 'userextras' &&
      a.subresource === 'project' &&
      a.apiGroup === 'authentication.k8s.io'
    ) {
      return allow;
    }
    if (g0 === 'everything-impersonater' && imp) {
      if (a.resource === 'users' && a.apiGroup === '') return allow;
      if (
        a.resource === 'uids' &&
        a.name === 'some-uid' &&
        a.apiGroup === 'authentication.k8s.io'
      ) {
        return allow;
      }
      if (a.resource === 'groups' && a.apiGroup === '') return allow;
      if (
        a.resource === 'userextras' &&
        a.subresource === 'scopes' &&
        a.apiGroup === 'authentication.k8s.io'
      ) {
        return allow;
      }
    }
    return deny;
  },
};

interface Case {
  name: string;
  user: UserInfo;
  impersonationUser?: string;
  impersonationGroups?: string[];
  impersonationUserExtras?: Record<string, string[]>;
  impersonationUid?: string;
  /** undefined: acts as itself. */
  expectedUser?: UserInfo;
  /** 200, 403, or 500 (the plain-text InternalError). */
  expectedCode: 200 | 403 | 500;
}

const u = (username: string, groups: string[] = []): UserInfo => ({ username, groups });

const CASES: Case[] = [
  { name: 'not-impersonating', user: u('tester'), expectedCode: 200 },
  {
    name: 'impersonating-error',
    user: u('tester'),
    impersonationUser: 'anyone',
    expectedCode: 403,
  },
  {
    name: 'impersonating-group-without-user',
    user: u('tester'),
    impersonationGroups: ['some-group'],
    expectedCode: 500,
  },
  {
    name: 'impersonating-extra-without-user',
    user: u('tester'),
    impersonationUserExtras: { scopes: ['scope-a'] },
    expectedCode: 500,
  },
  {
    name: 'impersonating-uid-without-user',
    user: u('tester'),
    impersonationUid: 'some-uid',
    expectedCode: 500,
  },
  {
    name: 'disallowed-group',
    user: u('dev', ['wheel']),
    impersonationUser: 'system:admin',
    impersonationGroups: ['some-group'],
    expectedCode: 403,
  },
  {
    name: 'allowed-group',
    user: u('dev', ['wheel', 'group-impersonater']),
    impersonationUser: 'system:admin',
    impersonationGroups: ['some-group'],
    expectedUser: u('system:admin', ['some-group', 'system:authenticated']),
    expectedCode: 200,
  },
  {
    name: 'disallowed-userextra-1',
    user: u('dev', ['wheel']),
    impersonationUser: 'system:admin',
    impersonationGroups: ['some-group'],
    impersonationUserExtras: { scopes: ['scope-a'] },
    expectedCode: 403,
  },
  {
    name: 'disallowed-userextra-2',
    user: u('dev', ['wheel', 'extra-setter-project']),
    impersonationUser: 'system:admin',
    impersonationGroups: ['some-group'],
    impersonationUserExtras: { scopes: ['scope-a'] },
    expectedCode: 403,
  },
  {
    name: 'disallowed-userextra-3',
    user: u('dev', ['wheel', 'extra-setter-particular-scopes']),
    impersonationUser: 'system:admin',
    impersonationGroups: ['some-group'],
    impersonationUserExtras: { scopes: ['scope-a', 'scope-b'] },
    expectedCode: 403,
  },
  {
    name: 'allowed-userextras',
    user: u('dev', ['wheel', 'extra-setter-scopes']),
    impersonationUser: 'system:admin',
    impersonationUserExtras: { scopes: ['scope-a', 'scope-b'] },
    expectedUser: {
      ...u('system:admin', ['system:authenticated']),
      extra: { scopes: ['scope-a', 'scope-b'] },
    },
    expectedCode: 200,
  },
  {
    name: 'percent-escaped-userextras',
    user: u('dev', ['wheel', 'escaped-scopes']),
    impersonationUser: 'system:admin',
    impersonationUserExtras: { 'example.com%2fescaped%e1%9b%84scopes': ['scope-a', 'scope-b'] },
    expectedUser: {
      ...u('system:admin', ['system:authenticated']),
      extra: { 'example.com/escapedᛄscopes': ['scope-a', 'scope-b'] },
    },
    expectedCode: 200,
  },
  {
    name: 'almost-percent-escaped-userextras',
    user: u('dev', ['wheel', 'almost-escaped-scopes']),
    impersonationUser: 'system:admin',
    impersonationUserExtras: { 'almost%zzpercent%xxencoded': ['scope-a', 'scope-b'] },
    expectedUser: {
      ...u('system:admin', ['system:authenticated']),
      extra: { 'almost%zzpercent%xxencoded': ['scope-a', 'scope-b'] },
    },
    expectedCode: 200,
  },
  {
    name: 'allowed-users-impersonation',
    user: u('dev', ['regular-impersonater']),
    impersonationUser: 'tester',
    expectedUser: u('tester', ['system:authenticated']),
    expectedCode: 200,
  },
  {
    name: 'disallowed-impersonating',
    user: u('dev', ['sa-impersonater']),
    impersonationUser: 'tester',
    expectedCode: 403,
  },
  {
    name: 'allowed-sa-impersonating',
    user: u('dev', ['sa-impersonater']),
    impersonationUser: 'system:serviceaccount:foo:default',
    expectedUser: u('system:serviceaccount:foo:default', [
      'system:serviceaccounts',
      'system:serviceaccounts:foo',
      'system:authenticated',
    ]),
    expectedCode: 200,
  },
  {
    name: 'anonymous-username-prevents-adding-authenticated-group',
    user: u('system:admin'),
    impersonationUser: 'system:anonymous',
    expectedUser: u('system:anonymous', ['system:unauthenticated']),
    expectedCode: 200,
  },
  {
    name: 'unauthenticated-group-prevents-adding-authenticated-group',
    user: u('system:admin'),
    impersonationUser: 'unknown',
    impersonationGroups: ['system:unauthenticated'],
    expectedUser: u('unknown', ['system:unauthenticated']),
    expectedCode: 200,
  },
  {
    name: 'unauthenticated-group-prevents-double-adding-authenticated-group',
    user: u('system:admin'),
    impersonationUser: 'unknown',
    impersonationGroups: ['system:authenticated'],
    expectedUser: u('unknown', ['system:authenticated']),
    expectedCode: 200,
  },
  {
    name: 'specified-authenticated-group-prevents-double-adding-authenticated-group',
    user: u('dev', ['wheel', 'group-impersonater']),
    impersonationUser: 'system:admin',
    impersonationGroups: ['some-group', 'system:authenticated'],
    expectedUser: u('system:admin', ['some-group', 'system:authenticated']),
    expectedCode: 200,
  },
  {
    name: 'anonymous-user-should-include-unauthenticated-group',
    user: u('system:admin'),
    impersonationUser: 'system:anonymous',
    expectedUser: u('system:anonymous', ['system:unauthenticated']),
    expectedCode: 200,
  },
  {
    name: 'anonymous-user-prevents-double-adding-unauthenticated-group',
    user: u('system:admin'),
    impersonationUser: 'system:anonymous',
    impersonationGroups: ['system:unauthenticated'],
    expectedUser: u('system:anonymous', ['system:unauthenticated']),
    expectedCode: 200,
  },
  {
    name: 'allowed-user-impersonation-with-uid',
    user: u('dev', ['everything-impersonater']),
    impersonationUser: 'tester',
    impersonationUid: 'some-uid',
    expectedUser: { ...u('tester', ['system:authenticated']), uid: 'some-uid' },
    expectedCode: 200,
  },
  {
    name: 'disallowed-user-impersonation-with-uid',
    user: u('dev', ['everything-impersonater']),
    impersonationUser: 'tester',
    impersonationUid: 'disallowed-uid',
    expectedCode: 403,
  },
  {
    name: 'allowed-impersonation-with-all-headers',
    user: u('dev', ['everything-impersonater']),
    impersonationUser: 'tester',
    impersonationUid: 'some-uid',
    impersonationGroups: ['system:authenticated'],
    impersonationUserExtras: { scopes: ['scope-a', 'scope-b'] },
    expectedUser: {
      ...u('tester', ['system:authenticated']),
      uid: 'some-uid',
      extra: { scopes: ['scope-a', 'scope-b'] },
    },
    expectedCode: 200,
  },
];

function linesOf(c: Case) {
  const distinct: Record<string, string[]> = {};
  if (c.impersonationUser) distinct['impersonate-user'] = [c.impersonationUser];
  if (c.impersonationGroups) distinct['impersonate-group'] = c.impersonationGroups;
  for (const [key, values] of Object.entries(c.impersonationUserExtras ?? {})) {
    distinct[`impersonate-extra-${key}`] = values;
  }
  if (c.impersonationUid) distinct['impersonate-uid'] = [c.impersonationUid];
  return headerLines(new Headers(), distinct);
}

for (const c of CASES) {
  test(`TestImpersonationFilter ${c.name}`, () => {
    let acting: UserInfo | undefined;
    let code = 200;
    try {
      acting = impersonatedUser(impersonateAuthorizer, c.user, linesOf(c)) ?? c.user;
    } catch (error) {
      if (isApiError(error)) code = error.code;
      else if (error instanceof ImpersonationHeadersError) code = 500;
      else throw error;
    }
    assert.equal(code, c.expectedCode);
    if (code === 200) assert.deepEqual(acting, c.expectedUser ?? c.user);
  });
}

test('groups without a user: the filter InternalError text', () => {
  const lines = headerLines(new Headers(), {
    'impersonate-group': ['team-a'],
    'impersonate-uid': ['u1'],
  });
  assert.throws(
    () => impersonatedUser(impersonateAuthorizer, u('dev'), lines),
    (error: unknown) => {
      assert.ok(error instanceof ImpersonationHeadersError);
      assert.equal(
        error.message,
        'requested [{Group  team-a    } {UID  u1  authentication.k8s.io/v1  }] without impersonating a user',
      );
      assert.equal(
        internalErrorText('/api/v1/pods?a=1&b=<2>', error),
        'Internal Server Error: "/api/v1/pods?a=1&amp;b=&lt;2&gt;": requested [{Group  team-a    } {UID  u1  authentication.k8s.io/v1  }] without impersonating a user',
      );
      return true;
    },
  );
});

test('refusals through RBAC: upstream 403 texts for users, groups, serviceaccounts, uids', () => {
  const rbac = createRbacAuthorizer(
    staticRbacSource({
      clusterRoles: [
        newClusterRole('impersonate-alice', {
          ...newRule('impersonate', '', 'users', ''),
          resourceNames: ['alice'],
        }),
      ],
      clusterRoleBindings: [newClusterRoleBinding('impersonate-alice', 'User:bob')],
    }),
  );
  const bob = u('bob', ['system:authenticated']);
  const refusal = (distinct: Record<string, string[]>) => {
    try {
      impersonatedUser(rbac, bob, headerLines(new Headers(), distinct));
    } catch (error) {
      assert.ok(isApiError(error));
      assert.equal(error.code, 403);
      return error.message;
    }
    return 'allowed';
  };
  assert.equal(refusal({ 'impersonate-user': ['alice'] }), 'allowed');
  assert.equal(
    refusal({ 'impersonate-user': ['carol'] }),
    'users "carol" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope',
  );
  assert.equal(
    refusal({ 'impersonate-user': ['alice'], 'impersonate-group': ['team-a'] }),
    'groups "team-a" is forbidden: User "bob" cannot impersonate resource "groups" in API group "" at the cluster scope',
  );
  assert.equal(
    refusal({ 'impersonate-user': ['system:serviceaccount:ci:deployer'] }),
    'serviceaccounts "deployer" is forbidden: User "bob" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "ci"',
  );
  assert.equal(
    refusal({ 'impersonate-user': ['alice'], 'impersonate-uid': ['1234'] }),
    'uids.authentication.k8s.io "1234" is forbidden: User "bob" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope',
  );
  assert.equal(
    refusal({ 'impersonate-user': ['alice'], 'impersonate-extra-scopes': ['view'] }),
    'userextras.authentication.k8s.io "view" is forbidden: User "bob" cannot impersonate resource "userextras/scopes" in API group "authentication.k8s.io" at the cluster scope',
  );
});

test('header lines from a fetch Headers: repeated lines were joined with ", "', () => {
  const headers = new Headers();
  headers.append('Impersonate-User', 'alice');
  headers.append('Impersonate-Group', 'team-a');
  headers.append('Impersonate-Group', 'team-b');
  headers.append('Impersonate-Extra-Scopes', 'one');
  const lines = headerLines(headers);
  assert.deepEqual(lines.values('impersonate-group'), ['team-a', 'team-b']);
  // client-node's one comma-joined line stays one group, as upstream reads it.
  const joined = new Headers({ 'Impersonate-User': 'alice', 'Impersonate-Group': 'team-a,team-b' });
  assert.deepEqual(headerLines(joined).values('impersonate-group'), ['team-a,team-b']);
  const user = impersonatedUser(impersonateAuthorizer, u('system:admin'), lines);
  assert.deepEqual(user, {
    username: 'alice',
    groups: ['team-a', 'team-b', 'system:authenticated'],
    extra: { scopes: ['one'] },
  });
});
