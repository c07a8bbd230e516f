/**
 * Rule matching, ported black-box from TestRuleMatches of
 * plugin/pkg/auth/authorizer/rbac/rbac_test.go (8 rules, 70 requests), plus cases for
 * resourceNames and for what is not a wildcard upstream (`pods/*`, `*` user names).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleAllows, rulesAllow } from './rule-matching';
import { nonresourceRequest, resourceRequest } from './testing/builders';
import type { PolicyRule } from './types';

type Case = {
  name: string;
  rule: PolicyRule;
  requests: [ReturnType<typeof resourceRequest>, boolean][];
};

const r = resourceRequest;
const u = nonresourceRequest;

const upstream: Case[] = [
  {
    name: 'star verb, exact match other',
    rule: { verbs: ['*'], apiGroups: ['group1'], resources: ['resource1'] },
    requests: [
      [r('verb1', 'group1', 'resource1'), true],
      [r('verb1', 'group2', 'resource1'), false],
      [r('verb1', 'group1', 'resource2'), false],
      [r('verb1', 'group2', 'resource2'), false],
      [r('verb2', 'group1', 'resource1'), true],
      [r('verb2', 'group2', 'resource1'), false],
      [r('verb2', 'group1', 'resource2'), false],
      [r('verb2', 'group2', 'resource2'), false],
    ],
  },
  {
    name: 'star group, exact match other',
    rule: { verbs: ['verb1'], apiGroups: ['*'], resources: ['resource1'] },
    requests: [
      [r('verb1', 'group1', 'resource1'), true],
      [r('verb1', 'group2', 'resource1'), true],
      [r('verb1', 'group1', 'resource2'), false],
      [r('verb1', 'group2', 'resource2'), false],
      [r('verb2', 'group1', 'resource1'), false],
      [r('verb2', 'group2', 'resource1'), false],
      [r('verb2', 'group1', 'resource2'), false],
      [r('verb2', 'group2', 'resource2'), false],
    ],
  },
  {
    name: 'star resource, exact match other',
    rule: { verbs: ['verb1'], apiGroups: ['group1'], resources: ['*'] },
    requests: [
      [r('verb1', 'group1', 'resource1'), true],
      [r('verb1', 'group2', 'resource1'), false],
      [r('verb1', 'group1', 'resource2'), true],
      [r('verb1', 'group2', 'resource2'), false],
      [r('verb2', 'group1', 'resource1'), false],
      [r('verb2', 'group2', 'resource1'), false],
      [r('verb2', 'group1', 'resource2'), false],
      [r('verb2', 'group2', 'resource2'), false],
    ],
  },
  {
    name: 'tuple expansion',
    rule: {
      verbs: ['verb1', 'verb2'],
      apiGroups: ['group1', 'group2'],
      resources: ['resource1', 'resource2'],
    },
    requests: [
      [r('verb1', 'group1', 'resource1'), true],
      [r('verb1', 'group2', 'resource1'), true],
      [r('verb1', 'group1', 'resource2'), true],
      [r('verb1', 'group2', 'resource2'), true],
      [r('verb2', 'group1', 'resource1'), true],
      [r('verb2', 'group2', 'resource1'), true],
      [r('verb2', 'group1', 'resource2'), true],
      [r('verb2', 'group2', 'resource2'), true],
    ],
  },
  {
    name: 'subresource expansion',
    rule: { verbs: ['*'], apiGroups: ['*'], resources: ['resource1/subresource1'] },
    requests: [
      [r('verb1', 'group1', 'resource1', 'subresource1'), true],
      [r('verb1', 'group2', 'resource1', 'subresource2'), false],
      [r('verb1', 'group1', 'resource2', 'subresource1'), false],
      [r('verb1', 'group2', 'resource2', 'subresource1'), false],
      [r('verb2', 'group1', 'resource1', 'subresource1'), true],
      [r('verb2', 'group2', 'resource1', 'subresource2'), false],
      [r('verb2', 'group1', 'resource2', 'subresource1'), false],
      [r('verb2', 'group2', 'resource2', 'subresource1'), false],
    ],
  },
  {
    name: 'star nonresource, exact match other',
    rule: { verbs: ['verb1'], nonResourceURLs: ['*'] },
    requests: [
      [u('verb1', '/foo'), true],
      [u('verb1', '/foo/bar'), true],
      [u('verb1', '/foo/baz'), true],
      [u('verb1', '/foo/bar/one'), true],
      [u('verb1', '/foo/baz/one'), true],
      [u('verb2', '/foo'), false],
      [u('verb2', '/foo/bar'), false],
      [u('verb2', '/foo/baz'), false],
      [u('verb2', '/foo/bar/one'), false],
      [u('verb2', '/foo/baz/one'), false],
    ],
  },
  {
    name: 'star nonresource subpath',
    rule: { verbs: ['verb1'], nonResourceURLs: ['/foo/*'] },
    requests: [
      [u('verb1', '/foo'), false],
      [u('verb1', '/foo/bar'), true],
      [u('verb1', '/foo/baz'), true],
      [u('verb1', '/foo/bar/one'), true],
      [u('verb1', '/foo/baz/one'), true],
      [u('verb1', '/notfoo'), false],
      [u('verb1', '/notfoo/bar'), false],
      [u('verb1', '/notfoo/baz'), false],
      [u('verb1', '/notfoo/bar/one'), false],
      [u('verb1', '/notfoo/baz/one'), false],
    ],
  },
  {
    name: 'star verb, exact nonresource',
    rule: { verbs: ['*'], nonResourceURLs: ['/foo', '/foo/bar/one'] },
    requests: [
      [u('verb1', '/foo'), true],
      [u('verb1', '/foo/bar'), false],
      [u('verb1', '/foo/baz'), false],
      [u('verb1', '/foo/bar/one'), true],
      [u('verb1', '/foo/baz/one'), false],
      [u('verb2', '/foo'), true],
      [u('verb2', '/foo/bar'), false],
      [u('verb2', '/foo/baz'), false],
      [u('verb2', '/foo/bar/one'), true],
      [u('verb2', '/foo/baz/one'), false],
    ],
  },
];

for (const c of upstream) {
  test(`TestRuleMatches: ${c.name}`, () => {
    for (const [request, expected] of c.requests) {
      const where = `${request.verb} ${request.apiGroup}/${request.resource}/${request.subresource} ${request.path}`;
      assert.equal(ruleAllows(request, c.rule), expected, where);
    }
  });
}

test('resourceNames: a rule with names matches only those names, never a nameless request', () => {
  const rule: PolicyRule = {
    verbs: ['get', 'list'],
    apiGroups: [''],
    resources: ['configmaps'],
    resourceNames: ['app-config'],
  };
  assert.equal(ruleAllows(r('get', '', 'configmaps', '', 'app-config'), rule), true);
  assert.equal(ruleAllows(r('get', '', 'configmaps', '', 'other'), rule), false);
  // list and create carry no name, so a named rule cannot allow them.
  assert.equal(ruleAllows(r('list', '', 'configmaps'), rule), false);
});

test('resourceNames apply to subresources of the named object', () => {
  const rule: PolicyRule = {
    verbs: ['update'],
    apiGroups: ['apps'],
    resources: ['deployments/scale'],
    resourceNames: ['web'],
  };
  assert.equal(ruleAllows(r('update', 'apps', 'deployments', 'scale', 'web'), rule), true);
  assert.equal(ruleAllows(r('update', 'apps', 'deployments', 'scale', 'db'), rule), false);
  assert.equal(ruleAllows(r('update', 'apps', 'deployments', '', 'web'), rule), false);
});

test('`*/scale` matches any resource scale; `pods/*` is not a wildcard upstream', () => {
  const star: PolicyRule = { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] };
  assert.equal(ruleAllows(r('get', 'apps', 'deployments', 'scale'), star), true);
  assert.equal(ruleAllows(r('get', 'apps', 'deployments'), star), false);
  assert.equal(ruleAllows(r('get', 'apps', 'deployments', 'status'), star), false);

  const podsStar: PolicyRule = { verbs: ['get'], apiGroups: [''], resources: ['pods/*'] };
  assert.equal(ruleAllows(r('get', '', 'pods', 'status'), podsStar), false);
  assert.equal(ruleAllows(r('get', '', 'pods', 'log'), podsStar), false);
  assert.equal(ruleAllows(r('get', '', 'pods'), podsStar), false);
  assert.equal(ruleAllows(r('get', '', 'pods', '*'), podsStar), true);
});

test('a trailing `*` is a prefix match on the raw path (no segment boundary)', () => {
  const rule: PolicyRule = { verbs: ['get'], nonResourceURLs: ['/healthz*'] };
  assert.equal(ruleAllows(u('get', '/healthz'), rule), true);
  assert.equal(ruleAllows(u('get', '/healthz/etcd'), rule), true);
  assert.equal(ruleAllows(u('get', '/healthzfoo'), rule), true);
  assert.equal(ruleAllows(u('get', '/health'), rule), false);
});

test('rulesAllow is any-of; resource rules never match non-resource requests', () => {
  const rules: PolicyRule[] = [
    { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    { verbs: ['get'], nonResourceURLs: ['/version'] },
  ];
  assert.equal(rulesAllow(u('get', '/version'), rules), true);
  assert.equal(rulesAllow(u('get', '/metrics'), rules), false);
  assert.equal(rulesAllow(r('delete', 'apps', 'deployments'), rules), true);
  assert.equal(rulesAllow(u('get', '/version'), []), false);
});
