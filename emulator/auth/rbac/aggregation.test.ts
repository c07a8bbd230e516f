/**
 * ClusterRole aggregation, ported black-box from TestSyncClusterRole of
 * pkg/controller/clusterroleaggregation/clusterroleaggregation_controller_test.go (6 cases: the
 * rules the aggregated role ends with, or no write at all). Then selectors with expressions and
 * the empty selector.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregatedRules } from './aggregation';
import type { ClusterRole, PolicyRule } from './types';

const hammerRules = (): PolicyRule[] => [
  { verbs: ['hammer'], resources: ['nails'] },
  { verbs: ['hammer'], resources: ['wedges'] },
];
const chiselRules = (): PolicyRule[] => [{ verbs: ['chisel'], resources: ['mortises'] }];
const sawRules = (): PolicyRule[] => [{ verbs: ['saw'], resources: ['boards'] }];

function role(name: string, labels: Record<string, string>, rules: PolicyRule[]): ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels },
    rules,
  };
}

function combinedRole(selectors: Record<string, string>[], ...rules: PolicyRule[][]): ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'combined' },
    aggregationRule: { clusterRoleSelectors: selectors.map((matchLabels) => ({ matchLabels })) },
    rules: rules.flat(),
  };
}

const cases: { name: string; starting: ClusterRole[]; expected: PolicyRule[] | undefined }[] = [
  {
    name: 'remove dead rules',
    starting: [
      role('hammer', { foo: 'bar' }, hammerRules()),
      combinedRole([{ foo: 'bar' }], sawRules()),
    ],
    expected: hammerRules(),
  },
  {
    name: 'strip rules',
    starting: [
      role('hammer', { foo: 'not-bar' }, hammerRules()),
      combinedRole([{ foo: 'bar' }], hammerRules()),
    ],
    expected: [],
  },
  {
    name: 'select properly and put in order',
    starting: [
      role('hammer', { foo: 'bar' }, hammerRules()),
      role('chisel', { foo: 'bar' }, chiselRules()),
      role('saw', { foo: 'not-bar' }, sawRules()),
      combinedRole([{ foo: 'bar' }]),
    ],
    expected: [...chiselRules(), ...hammerRules()],
  },
  {
    name: 'select properly with multiple selectors',
    starting: [
      role('hammer', { foo: 'bar' }, hammerRules()),
      role('chisel', { foo: 'bar' }, chiselRules()),
      role('saw', { foo: 'not-bar' }, sawRules()),
      combinedRole([{ foo: 'bar' }, { foo: 'not-bar' }]),
    ],
    expected: [...chiselRules(), ...hammerRules(), ...sawRules()],
  },
  {
    name: 'select properly remove duplicates',
    starting: [
      role('hammer', { foo: 'bar' }, hammerRules()),
      role('chisel', { foo: 'bar' }, chiselRules()),
      role('saw', { foo: 'bar' }, sawRules()),
      role('other-saw', { foo: 'not-bar' }, sawRules()),
      combinedRole([{ foo: 'bar' }, { foo: 'not-bar' }]),
    ],
    expected: [...chiselRules(), ...hammerRules(), ...sawRules()],
  },
  {
    name: 'no diff skip',
    starting: [
      role('hammer', { foo: 'bar' }, hammerRules()),
      combinedRole([{ foo: 'bar' }], hammerRules()),
    ],
    expected: undefined,
  },
];

for (const c of cases) {
  test(`TestSyncClusterRole: ${c.name}`, () => {
    const combined = c.starting.find((r) => r.metadata.name === 'combined')!;
    assert.deepEqual(aggregatedRules(combined, c.starting), c.expected);
  });
}

test('a role without an aggregationRule is left alone', () => {
  const plain = role('plain', {}, sawRules());
  assert.equal(
    aggregatedRules(plain, [plain, role('hammer', { foo: 'bar' }, hammerRules())]),
    undefined,
  );
});

test('matchExpressions select as label selectors do; the aggregated role never selects itself', () => {
  const combined: ClusterRole = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'combined', labels: { tier: 'tools' } },
    aggregationRule: {
      clusterRoleSelectors: [
        { matchExpressions: [{ key: 'tier', operator: 'In', values: ['tools', 'cuts'] }] },
      ],
    },
    rules: [{ verbs: ['old'], resources: ['x'] }],
  };
  const all = [
    combined,
    role('hammer', { tier: 'tools' }, hammerRules()),
    role('saw', { tier: 'cuts' }, sawRules()),
    role('chisel', {}, chiselRules()),
  ];
  assert.deepEqual(aggregatedRules(combined, all), [...hammerRules(), ...sawRules()]);
});

test('an empty selector selects every other ClusterRole (LabelSelectorAsSelector of {})', () => {
  const combined: ClusterRole = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'combined' },
    aggregationRule: { clusterRoleSelectors: [{}] },
  };
  const all = [combined, role('saw', {}, sawRules()), role('chisel', { a: 'b' }, chiselRules())];
  assert.deepEqual(aggregatedRules(combined, all), [...chiselRules(), ...sawRules()]);
  // No selectors at all: nothing is selected, so the rules become empty.
  const none: ClusterRole = { ...combined, aggregationRule: {}, rules: sawRules() };
  assert.deepEqual(aggregatedRules(none, all), []);
});
