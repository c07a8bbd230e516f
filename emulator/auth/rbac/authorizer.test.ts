/**
 * The RBAC authorizer: TestAuthorizer of plugin/pkg/auth/authorizer/rbac/rbac_test.go ported
 * black-box (4 policies, 20 allowed and 14 refused requests, incl. non-resource URLs and
 * subresources), then the allow-reason and missing-role texts, rules reviews, and the cluster
 * union with the `system:masters` privileged group.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestAttributes } from '../types';
import { createRbacAuthorizer } from './authorizer';
import { createClusterAuthorizer, unionAuthorizer } from './cluster-authorizer';
import { staticRbacSource, type StaticPolicy } from './static-source';
import {
  bindToClusterRole,
  bindToRole,
  defaultAttributes as attrs,
  newClusterRole,
  newClusterRoleBinding,
  newRole,
  newRoleBinding,
  newRule,
  nonResourceAttributes,
  resourceAttributes,
  user,
} from './testing/builders';

interface AuthorizerCase extends StaticPolicy {
  shouldPass: RequestAttributes[];
  shouldFail: RequestAttributes[];
}

const named = (username: string) => user(username);
const inGroup = (group: string) => user('', [group]);

const upstreamCases: AuthorizerCase[] = [
  {
    clusterRoles: [newClusterRole('admin', newRule('*', '*', '*', '*'))],
    roleBindings: [newRoleBinding('ns1', 'admin', bindToClusterRole, 'User:admin', 'Group:admins')],
    shouldPass: [
      attrs('admin', '', 'get', 'Pods', '', 'ns1', ''),
      attrs('admin', '', 'watch', 'Pods', '', 'ns1', ''),
      attrs('admin', 'group1', 'watch', 'Foobar', '', 'ns1', ''),
      attrs('joe', 'admins', 'watch', 'Foobar', '', 'ns1', ''),
      attrs('joe', 'group1,admins', 'watch', 'Foobar', '', 'ns1', ''),
    ],
    shouldFail: [
      attrs('admin', '', 'GET', 'Pods', '', 'ns2', ''),
      attrs('admin', '', 'GET', 'Nodes', '', '', ''),
      attrs('admin', 'admins', 'GET', 'Pods', '', 'ns2', ''),
      attrs('admin', 'admins', 'GET', 'Nodes', '', '', ''),
    ],
  },
  {
    // Non-resource-url tests
    clusterRoles: [
      newClusterRole('non-resource-url-getter', newRule('get', '', '', '/apis')),
      newClusterRole('non-resource-url', newRule('*', '', '', '/apis')),
      newClusterRole('non-resource-url-prefix', newRule('get', '', '', '/apis/*')),
    ],
    clusterRoleBindings: [
      newClusterRoleBinding('non-resource-url-getter', 'User:foo', 'Group:bar'),
      newClusterRoleBinding('non-resource-url', 'User:admin', 'Group:admin'),
      newClusterRoleBinding('non-resource-url-prefix', 'User:prefixed', 'Group:prefixed'),
    ],
    shouldPass: [
      nonResourceAttributes(named('foo'), 'get', '/apis'),
      nonResourceAttributes(inGroup('bar'), 'get', '/apis'),
      nonResourceAttributes(named('admin'), 'get', '/apis'),
      nonResourceAttributes(inGroup('admin'), 'get', '/apis'),
      nonResourceAttributes(named('admin'), 'watch', '/apis'),
      nonResourceAttributes(inGroup('admin'), 'watch', '/apis'),
      nonResourceAttributes(named('prefixed'), 'get', '/apis/v1'),
      nonResourceAttributes(inGroup('prefixed'), 'get', '/apis/v1'),
      nonResourceAttributes(named('prefixed'), 'get', '/apis/v1/foobar'),
      nonResourceAttributes(inGroup('prefixed'), 'get', '/apis/v1/foorbar'),
    ],
    shouldFail: [
      // wrong verb
      nonResourceAttributes(named('foo'), 'watch', '/apis'),
      nonResourceAttributes(inGroup('bar'), 'watch', '/apis'),
      // wrong path
      nonResourceAttributes(named('foo'), 'get', '/api/v1'),
      nonResourceAttributes(inGroup('bar'), 'get', '/api/v1'),
      nonResourceAttributes(named('admin'), 'get', '/api/v1'),
      nonResourceAttributes(inGroup('admin'), 'get', '/api/v1'),
      // not covered by prefix
      nonResourceAttributes(named('prefixed'), 'get', '/api/v1'),
      nonResourceAttributes(inGroup('prefixed'), 'get', '/api/v1'),
    ],
  },
  {
    // test subresource resolution
    clusterRoles: [newClusterRole('admin', newRule('*', '*', 'pods', '*'))],
    roleBindings: [newRoleBinding('ns1', 'admin', bindToClusterRole, 'User:admin', 'Group:admins')],
    shouldPass: [attrs('admin', '', 'get', 'pods', '', 'ns1', '')],
    shouldFail: [attrs('admin', '', 'get', 'pods', 'status', 'ns1', '')],
  },
  {
    // test subresource resolution
    clusterRoles: [
      newClusterRole(
        'admin',
        newRule('*', '*', 'pods/status', '*'),
        newRule('*', '*', '*/scale', '*'),
      ),
    ],
    roleBindings: [newRoleBinding('ns1', 'admin', bindToClusterRole, 'User:admin', 'Group:admins')],
    shouldPass: [
      attrs('admin', '', 'get', 'pods', 'status', 'ns1', ''),
      attrs('admin', '', 'get', 'pods', 'scale', 'ns1', ''),
      attrs('admin', '', 'get', 'deployments', 'scale', 'ns1', ''),
      attrs('admin', '', 'get', 'anything', 'scale', 'ns1', ''),
    ],
    shouldFail: [attrs('admin', '', 'get', 'pods', '', 'ns1', '')],
  },
];

upstreamCases.forEach((c, i) => {
  test(`TestAuthorizer case ${i}`, () => {
    const authorizer = createRbacAuthorizer(staticRbacSource(c));
    for (const a of c.shouldPass) {
      assert.equal(
        authorizer.authorize(a).decision,
        'allow',
        `incorrectly restricted ${JSON.stringify(a)}`,
      );
    }
    for (const a of c.shouldFail) {
      assert.notEqual(
        authorizer.authorize(a).decision,
        'allow',
        `incorrectly passed ${JSON.stringify(a)}`,
      );
    }
  });
});

const teamPolicy: StaticPolicy = {
  clusterRoles: [
    newClusterRole('view', {
      verbs: ['get', 'list', 'watch'],
      apiGroups: [''],
      resources: ['pods'],
    }),
    newClusterRole('reader', { verbs: ['get'], nonResourceURLs: ['/metrics'] }),
  ],
  clusterRoleBindings: [
    { ...newClusterRoleBinding('reader', 'Group:monitoring'), metadata: { name: 'read-metrics' } },
  ],
  roles: [
    newRole('deployer', 'team-a', {
      verbs: ['create'],
      apiGroups: ['apps'],
      resources: ['deployments'],
    }),
  ],
  roleBindings: [
    {
      ...newRoleBinding('team-a', 'view', bindToClusterRole, 'User:alice'),
      metadata: { name: 'x', namespace: 'team-a' },
    },
    {
      ...newRoleBinding('team-a', 'deployer', bindToRole, 'ServiceAccount:builder'),
      metadata: { name: 'ci', namespace: 'team-a' },
    },
  ],
};

test('allow reasons name the binding, its role and the matched subject as upstream', () => {
  const authorizer = createRbacAuthorizer(staticRbacSource(teamPolicy));
  const list = resourceAttributes(user('alice'), {
    verb: 'list',
    resource: 'pods',
    namespace: 'team-a',
  });
  assert.deepEqual(authorizer.authorize(list), {
    decision: 'allow',
    reason: 'RBAC: allowed by RoleBinding "x/team-a" of ClusterRole "view" to User "alice"',
  });
  const metrics = nonResourceAttributes(user('bob', ['monitoring']), 'get', '/metrics');
  assert.deepEqual(authorizer.authorize(metrics), {
    decision: 'allow',
    reason:
      'RBAC: allowed by ClusterRoleBinding "read-metrics" of ClusterRole "reader" to Group "monitoring"',
  });
  const sa = user('system:serviceaccount:team-a:builder', ['system:serviceaccounts']);
  const create = resourceAttributes(sa, {
    verb: 'create',
    apiGroup: 'apps',
    resource: 'deployments',
    namespace: 'team-a',
  });
  assert.deepEqual(authorizer.authorize(create), {
    decision: 'allow',
    reason:
      'RBAC: allowed by RoleBinding "ci/team-a" of Role "deployer" to ServiceAccount "builder/team-a"',
  });
});

test('no matching rule: no opinion with an empty reason; other namespaces see no RoleBindings', () => {
  const authorizer = createRbacAuthorizer(staticRbacSource(teamPolicy));
  const elsewhere = resourceAttributes(user('alice'), {
    verb: 'list',
    resource: 'pods',
    namespace: 'team-b',
  });
  assert.deepEqual(authorizer.authorize(elsewhere), { decision: 'noOpinion', reason: '' });
  const allNamespaces = resourceAttributes(user('alice'), { verb: 'list', resource: 'pods' });
  assert.deepEqual(authorizer.authorize(allNamespaces), { decision: 'noOpinion', reason: '' });
});

test('a binding to a missing role: the denial carries the lister NotFound text', () => {
  const policy: StaticPolicy = {
    clusterRoleBindings: [
      { ...newClusterRoleBinding('gone', 'User:alice'), metadata: { name: 'b1' } },
    ],
    roleBindings: [
      {
        ...newRoleBinding('team-a', 'missing', bindToRole, 'User:alice'),
        metadata: { name: 'b2', namespace: 'team-a' },
      },
    ],
  };
  const authorizer = createRbacAuthorizer(staticRbacSource(policy));
  const a = resourceAttributes(user('alice'), {
    verb: 'get',
    resource: 'pods',
    namespace: 'team-a',
  });
  assert.deepEqual(authorizer.authorize(a), {
    decision: 'noOpinion',
    reason:
      'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, role.rbac.authorization.k8s.io "missing" not found]',
  });
  const cluster = resourceAttributes(user('alice'), { verb: 'get', resource: 'nodes' });
  assert.equal(
    authorizer.authorize(cluster).reason,
    'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
  );
});

test('rulesFor splits resource and non-resource rules; a missing role is an evaluationError', () => {
  const policy: StaticPolicy = {
    ...teamPolicy,
    clusterRoleBindings: [
      ...(teamPolicy.clusterRoleBindings ?? []),
      { ...newClusterRoleBinding('gone', 'User:alice'), metadata: { name: 'b1' } },
      { ...newClusterRoleBinding('reader', 'User:alice'), metadata: { name: 'b3' } },
    ],
  };
  const authorizer = createRbacAuthorizer(staticRbacSource(policy));
  assert.deepEqual(authorizer.rulesFor(user('alice'), 'team-a'), {
    resourceRules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] }],
    nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }],
    incomplete: false,
    evaluationError: 'clusterrole.rbac.authorization.k8s.io "gone" not found',
  });
  assert.deepEqual(authorizer.rulesFor(user('carol'), 'team-a'), {
    resourceRules: [],
    nonResourceRules: [],
    incomplete: false,
  });
});

test('cluster authorizer: system:masters is allowed with an empty reason, before RBAC', () => {
  const authorizer = createClusterAuthorizer(staticRbacSource(teamPolicy));
  const admin = user('kubernetes-admin', ['system:masters', 'system:authenticated']);
  const any = resourceAttributes(admin, { verb: 'delete', resource: 'nodes', name: 'n1' });
  assert.deepEqual(authorizer.authorize(any), { decision: 'allow', reason: '' });
  const alice = resourceAttributes(user('alice'), {
    verb: 'list',
    resource: 'pods',
    namespace: 'team-a',
  });
  assert.equal(authorizer.authorize(alice).decision, 'allow');
  const denied = resourceAttributes(user('alice'), {
    verb: 'delete',
    resource: 'pods',
    namespace: 'team-a',
  });
  assert.deepEqual(authorizer.authorize(denied), { decision: 'noOpinion', reason: '' });
  // system:masters has no rules of its own: reviews show only what RBAC grants.
  assert.deepEqual(authorizer.rulesFor(admin, 'default').resourceRules, []);
});

test('union: first allow or deny wins; no opinion joins the reasons with newlines', () => {
  const say = (decision: 'allow' | 'deny' | 'noOpinion', reason: string) => ({
    authorize: () => ({ decision, reason }),
  });
  const a = resourceAttributes(user('x'), { verb: 'get', resource: 'pods' });
  assert.deepEqual(unionAuthorizer([say('noOpinion', 'one'), say('deny', 'no')]).authorize(a), {
    decision: 'deny',
    reason: 'no',
  });
  assert.deepEqual(
    unionAuthorizer([
      say('noOpinion', 'one'),
      say('noOpinion', ''),
      say('noOpinion', 'two'),
    ]).authorize(a),
    {
      decision: 'noOpinion',
      reason: 'one\ntwo',
    },
  );
  assert.deepEqual(
    unionAuthorizer([say('allow', ''), say('deny', 'no')]).authorize(a).decision,
    'allow',
  );
});
