/**
 * Rule resolution and subject matching, ported black-box from pkg/registry/rbac/validation/
 * rule_test.go: TestDefaultRuleResolver (4 cases) and TestAppliesTo (9 cases, with the index of the
 * matching subject).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UserInfo } from '../types';
import { aggregateErrorMessage, rulesFor } from './rule-resolver';
import { staticRbacSource, type StaticPolicy } from './static-source';
import { appliesTo } from './subjects';
import { user } from './testing/builders';
import type { PolicyRule, Subject } from './types';

const ruleReadPods: PolicyRule = {
  verbs: ['GET', 'WATCH'],
  apiGroups: ['v1'],
  resources: ['pods'],
};
const ruleReadServices: PolicyRule = {
  verbs: ['GET', 'WATCH'],
  apiGroups: ['v1'],
  resources: ['services'],
};
const ruleWriteNodes: PolicyRule = {
  verbs: ['PUT', 'CREATE', 'UPDATE'],
  apiGroups: ['v1'],
  resources: ['nodes'],
};
const ruleAdmin: PolicyRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };

const staticRoles1: StaticPolicy = {
  roles: [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { namespace: 'namespace1', name: 'readthings' },
      rules: [ruleReadPods, ruleReadServices],
    },
  ],
  clusterRoles: [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'cluster-admin' },
      rules: [ruleAdmin],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'write-nodes' },
      rules: [ruleWriteNodes],
    },
  ],
  roleBindings: [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { namespace: 'namespace1' },
      subjects: [
        { kind: 'User', name: 'foobar' },
        { kind: 'Group', name: 'group1' },
      ],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'readthings' },
    },
  ],
  clusterRoleBindings: [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: {},
      subjects: [
        { kind: 'User', name: 'admin' },
        { kind: 'Group', name: 'admin' },
      ],
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'cluster-admin',
      },
    },
  ],
};

const resolverCases: { user: UserInfo; namespace: string; effectiveRules: PolicyRule[] }[] = [
  {
    user: user('foobar'),
    namespace: 'namespace1',
    effectiveRules: [ruleReadPods, ruleReadServices],
  },
  { user: user('foobar'), namespace: 'namespace2', effectiveRules: [] },
  // Same as above but without a namespace. Only cluster rules should apply.
  { user: user('foobar', ['admin']), namespace: '', effectiveRules: [ruleAdmin] },
  { user: user(''), namespace: '', effectiveRules: [] },
];

const byJson = (a: PolicyRule, b: PolicyRule) =>
  JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0;

resolverCases.forEach((c, i) => {
  test(`TestDefaultRuleResolver case ${i}`, () => {
    const { rules, errors } = rulesFor(staticRbacSource(staticRoles1), c.user, c.namespace);
    assert.deepEqual(errors, []);
    assert.deepEqual([...rules].sort(byJson), [...c.effectiveRules].sort(byJson));
  });
});

const appliesToCases: {
  subjects: Subject[];
  user: UserInfo;
  namespace?: string;
  appliesTo: boolean;
  index?: number;
  testCase: string;
}[] = [
  {
    subjects: [{ kind: 'User', name: 'foobar' }],
    user: user('foobar'),
    appliesTo: true,
    index: 0,
    testCase: 'single subject that matches username',
  },
  {
    subjects: [
      { kind: 'User', name: 'barfoo' },
      { kind: 'User', name: 'foobar' },
    ],
    user: user('foobar'),
    appliesTo: true,
    index: 1,
    testCase: 'multiple subjects, one that matches username',
  },
  {
    subjects: [
      { kind: 'User', name: 'barfoo' },
      { kind: 'User', name: 'foobar' },
    ],
    user: user('zimzam'),
    appliesTo: false,
    testCase: 'multiple subjects, none that match username',
  },
  {
    subjects: [
      { kind: 'User', name: 'barfoo' },
      { kind: 'Group', name: 'foobar' },
    ],
    user: user('zimzam', ['foobar']),
    appliesTo: true,
    index: 1,
    testCase: 'multiple subjects, one that match group',
  },
  {
    subjects: [
      { kind: 'User', name: 'barfoo' },
      { kind: 'Group', name: 'foobar' },
    ],
    user: user('zimzam', ['foobar']),
    namespace: 'namespace1',
    appliesTo: true,
    index: 1,
    testCase: 'multiple subjects, one that match group, should ignore namespace',
  },
  {
    subjects: [
      { kind: 'User', name: 'barfoo' },
      { kind: 'Group', name: 'foobar' },
      { kind: 'ServiceAccount', namespace: 'kube-system', name: 'default' },
    ],
    user: user('system:serviceaccount:kube-system:default'),
    namespace: 'default',
    appliesTo: true,
    index: 2,
    testCase: 'multiple subjects with a service account that matches',
  },
  {
    subjects: [{ kind: 'User', name: '*' }],
    user: user('foobar'),
    namespace: 'default',
    appliesTo: false,
    testCase: "* user subject name doesn't match all users",
  },
  {
    subjects: [
      { kind: 'Group', name: 'system:authenticated' },
      { kind: 'Group', name: 'system:unauthenticated' },
    ],
    user: user('foobar', ['system:authenticated']),
    namespace: 'default',
    appliesTo: true,
    index: 0,
    testCase:
      'binding to all authenticated and unauthenticated subjects matches authenticated user',
  },
  {
    subjects: [
      { kind: 'Group', name: 'system:authenticated' },
      { kind: 'Group', name: 'system:unauthenticated' },
    ],
    user: user('system:anonymous', ['system:unauthenticated']),
    namespace: 'default',
    appliesTo: true,
    index: 1,
    testCase: 'binding to all authenticated and unauthenticated subjects matches anonymous user',
  },
];

for (const c of appliesToCases) {
  test(`TestAppliesTo: ${c.testCase}`, () => {
    const index = appliesTo(c.user, c.subjects, c.namespace ?? '');
    assert.equal(index >= 0, c.appliesTo);
    if (c.appliesTo) assert.equal(index, c.index);
  });
}

test('a ServiceAccount subject without a namespace means the RoleBinding namespace', () => {
  const sa = user('system:serviceaccount:team-a:builder');
  const subject: Subject = { kind: 'ServiceAccount', name: 'builder' };
  assert.equal(appliesTo(sa, [subject], 'team-a'), 0);
  assert.equal(appliesTo(sa, [subject], 'team-b'), -1);
  // In a ClusterRoleBinding there is no namespace to default to: it matches nobody.
  assert.equal(appliesTo(sa, [subject], ''), -1);
  // A prefix of the name is not the name.
  assert.equal(appliesTo(user('system:serviceaccount:team-a:builder2'), [subject], 'team-a'), -1);
});

test('aggregate error texts: one as is, several de-duplicated and bracketed', () => {
  assert.equal(aggregateErrorMessage([]), '');
  assert.equal(aggregateErrorMessage(['a']), 'a');
  assert.equal(aggregateErrorMessage(['a', 'a']), 'a');
  assert.equal(aggregateErrorMessage(['a', 'b', 'a']), '[a, b]');
});
