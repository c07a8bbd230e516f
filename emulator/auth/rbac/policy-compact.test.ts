/**
 * Compaction of missing-permission lists, ported black-box from pkg/registry/rbac/validation/
 * policy_compact_test.go: TestCompactRules (6 cases, each also checked to cover and be covered by
 * its input, and not to mutate it) and TestIsSimpleResourceRule (12 cases); then CompactString.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { covers } from './policy-comparator';
import {
  compactRules,
  compactString,
  isSimpleResourceRule,
  type SimpleResource,
} from './policy-compact';
import type { PolicyRule } from './types';

const r = (
  verbs: string[],
  apiGroups: string[],
  resources: string[],
  extra: Partial<PolicyRule> = {},
) => ({
  verbs,
  apiGroups,
  resources,
  ...extra,
});

const compactCases: Record<string, { rules: PolicyRule[]; expected: PolicyRule[] }> = {
  empty: { rules: [], expected: [] },
  simple: {
    rules: [
      r(['get'], [''], ['builds']),
      r(['list'], [''], ['builds']),
      r(['update', 'patch'], [''], ['builds']),
      r(['create'], ['extensions'], ['daemonsets']),
      r(['delete'], ['extensions'], ['daemonsets']),
      r(['patch'], ['extensions'], ['daemonsets'], { resourceNames: [''] }),
      r(['get'], ['extensions'], ['daemonsets'], { resourceNames: ['foo'] }),
      r(['list'], ['extensions'], ['daemonsets'], { resourceNames: ['foo'] }),
      r(['educate'], [''], ['dolphins']),
      // no verbs are preserved in non-merge cases: the pirates who don't do anything.
      r([], [''], ['pirates']),
      // merging into an empty verb list
      r([], [''], ['pods']),
      r(['create'], [''], ['pods']),
    ],
    expected: [
      r(['create', 'delete'], ['extensions'], ['daemonsets']),
      r(['patch'], ['extensions'], ['daemonsets'], { resourceNames: [''] }),
      r(['get', 'list'], ['extensions'], ['daemonsets'], { resourceNames: ['foo'] }),
      r(['get', 'list', 'update', 'patch'], [''], ['builds']),
      r(['educate'], [''], ['dolphins']),
      r([], [''], ['pirates']),
      r(['create'], [''], ['pods']),
    ],
  },
  'complex multi-group': {
    rules: [
      r(['get'], ['', 'builds.openshift.io'], ['builds']),
      r(['list'], ['', 'builds.openshift.io'], ['builds']),
    ],
    expected: [
      r(['get'], ['', 'builds.openshift.io'], ['builds']),
      r(['list'], ['', 'builds.openshift.io'], ['builds']),
    ],
  },
  'complex multi-resource': {
    rules: [r(['get'], [''], ['builds', 'images']), r(['list'], [''], ['builds', 'images'])],
    expected: [r(['get'], [''], ['builds', 'images']), r(['list'], [''], ['builds', 'images'])],
  },
  'complex named-resource': {
    rules: [
      r(['get'], [''], ['builds'], { resourceNames: ['mybuild'] }),
      r(['list'], [''], ['builds'], { resourceNames: ['mybuild2'] }),
    ],
    expected: [
      r(['get'], [''], ['builds'], { resourceNames: ['mybuild'] }),
      r(['list'], [''], ['builds'], { resourceNames: ['mybuild2'] }),
    ],
  },
  'complex non-resource': {
    rules: [
      r(['get'], [''], ['builds'], { nonResourceURLs: ['/'] }),
      r(['get'], [''], ['builds'], { nonResourceURLs: ['/foo'] }),
    ],
    expected: [
      r(['get'], [''], ['builds'], { nonResourceURLs: ['/'] }),
      r(['get'], [''], ['builds'], { nonResourceURLs: ['/foo'] }),
    ],
  },
};

const sorted = (rules: PolicyRule[]) => rules.map((x) => JSON.stringify(x)).sort();

for (const [name, c] of Object.entries(compactCases)) {
  test(`TestCompactRules: ${name}`, () => {
    const original = structuredClone(c.rules);
    const compacted = compactRules(c.rules);
    assert.deepEqual(c.rules, original, 'CompactRules mutated rules');
    assert.ok(covers(compacted, c.rules).covered, 'compacted rules did not cover original rules');
    assert.ok(covers(c.rules, compacted).covered, 'original rules did not cover compacted rules');
    assert.deepEqual(sorted(compacted), sorted(c.expected));
  });
}

const none: SimpleResource | undefined = undefined;
const simpleCases: Record<string, [PolicyRule, SimpleResource | undefined]> = {
  'simple, no verbs': [
    r([], [''], ['builds']),
    { group: '', resource: 'builds', resourceNameExist: false, resourceName: '' },
  ],
  'simple, one verb': [
    r(['get'], [''], ['builds']),
    { group: '', resource: 'builds', resourceNameExist: false, resourceName: '' },
  ],
  'simple, one empty resource name': [
    r(['get'], [''], ['builds'], { resourceNames: [''] }),
    { group: '', resource: 'builds', resourceNameExist: true, resourceName: '' },
  ],
  'simple, one resource name': [
    r(['get'], [''], ['builds'], { resourceNames: ['foo'] }),
    { group: '', resource: 'builds', resourceNameExist: true, resourceName: 'foo' },
  ],
  'simple, multi verb': [
    r(['get', 'list'], [''], ['builds']),
    { group: '', resource: 'builds', resourceNameExist: false, resourceName: '' },
  ],
  'complex, empty': [{ verbs: [] }, none],
  'complex, no group': [r(['get'], [], ['builds']), none],
  'complex, multi group': [r(['get'], ['a', 'b'], ['builds']), none],
  'complex, no resource': [r(['get'], [''], []), none],
  'complex, multi resource': [r(['get'], [''], ['builds', 'images']), none],
  'complex, resource names': [
    r(['get'], [''], ['builds'], { resourceNames: ['foo', 'bar'] }),
    none,
  ],
  'complex, non-resource urls': [r(['get'], [''], ['builds'], { nonResourceURLs: ['/'] }), none],
};

for (const [name, [rule, expected]] of Object.entries(simpleCases)) {
  test(`TestIsSimpleResourceRule: ${name}`, () => {
    assert.deepEqual(isSimpleResourceRule(rule), expected);
  });
}

test('CompactString prints Go %q lists and leaves empty fields out', () => {
  assert.equal(
    compactString(r(['get', 'list'], ['apps'], ['deployments'])),
    '{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}',
  );
  assert.equal(
    compactString(r(['get'], [''], ['pods'], { resourceNames: ['web'] })),
    '{APIGroups:[""], Resources:["pods"], ResourceNames:["web"], Verbs:["get"]}',
  );
  assert.equal(
    compactString({ verbs: ['get'], nonResourceURLs: ['/metrics'] }),
    '{NonResourceURLs:["/metrics"], Verbs:["get"]}',
  );
});
