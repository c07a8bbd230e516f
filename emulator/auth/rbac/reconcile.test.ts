/**
 * Bootstrap reconciliation, ported black-box from staging/src/k8s.io/component-helpers/auth/rbac/
 * reconciliation: TestComputeReconciledRoleRules (25 cases) and
 * TestComputeReconciledRoleAggregationRules (8) of reconcile_role_test.go, TestDiffObjectReferenceLists
 * (5) and TestComputeUpdate (7) of reconcile_rolebindings_test.go; then the protection annotation.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeReconciledRole, computeReconciledRoleBinding, diffSubjectLists } from './reconcile';
import { semanticEqual } from './semantic';
import type { AggregationRule, ClusterRole, PolicyRule, RoleBinding, Subject } from './types';

type SS = Record<string, string>;

function role(rules: PolicyRule[], labels?: SS, annotations?: SS): ClusterRole {
  const metadata: ClusterRole['metadata'] = {};
  if (labels) metadata.labels = labels;
  if (annotations) metadata.annotations = annotations;
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata, rules };
}

function rules(...resources: string[]): PolicyRule[] {
  return resources.map((resource) => ({ apiGroups: [''], verbs: ['get'], resources: [resource] }));
}

interface RoleCase {
  expectedRole: ClusterRole;
  actualRole: ClusterRole;
  removeExtraPermissions: boolean;
  expectedReconciledRole: ClusterRole | undefined;
  expectedReconciliationNeeded: boolean;
}

const ruleCases: Record<string, RoleCase> = {
  empty: {
    expectedRole: role(rules()),
    actualRole: role(rules()),
    removeExtraPermissions: true,
    expectedReconciledRole: undefined,
    expectedReconciliationNeeded: false,
  },
  'match without union': {
    expectedRole: role(rules('a')),
    actualRole: role(rules('a')),
    removeExtraPermissions: true,
    expectedReconciledRole: undefined,
    expectedReconciliationNeeded: false,
  },
  'match with union': {
    expectedRole: role(rules('a')),
    actualRole: role(rules('a')),
    removeExtraPermissions: false,
    expectedReconciledRole: undefined,
    expectedReconciliationNeeded: false,
  },
  'different rules without union': {
    expectedRole: role(rules('a')),
    actualRole: role(rules('b')),
    removeExtraPermissions: true,
    expectedReconciledRole: role(rules('a')),
    expectedReconciliationNeeded: true,
  },
  'different rules with union': {
    expectedRole: role(rules('a')),
    actualRole: role(rules('b')),
    removeExtraPermissions: false,
    expectedReconciledRole: role(rules('b', 'a')),
    expectedReconciliationNeeded: true,
  },
  'match labels without union': {
    expectedRole: role(rules('a'), { 1: 'a' }),
    actualRole: role(rules('a'), { 1: 'a' }),
    removeExtraPermissions: true,
    expectedReconciledRole: undefined,
    expectedReconciliationNeeded: false,
  },
  'match labels with union': {
    expectedRole: role(rules('a'), { 1: 'a' }),
    actualRole: role(rules('a'), { 1: 'a' }),
    removeExtraPermissions: false,
    expectedReconciledRole: undefined,
    expectedReconciliationNeeded: false,
  },
  'different labels without union': {
    expectedRole: role(rules('a'), { 1: 'a' }),
    actualRole: role(rules('a'), { 2: 'b' }),
    removeExtraPermissions: true,
    expectedReconciledRole: role(rules('a'), { 1: 'a', 2: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'different labels with union': {
    expectedRole: role(rules('a'), { 1: 'a' }),
    actualRole: role(rules('a'), { 2: 'b' }),
    removeExtraPermissions: false,
    expectedReconciledRole: role(rules('a'), { 1: 'a', 2: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'different labels and rules without union': {
    expectedRole: role(rules('a'), { 1: 'a' }),
    actualRole: role(rules('b'), { 2: 'b' }),
    removeExtraPermissions: true,
    expectedReconciledRole: role(rules('a'), { 1: 'a', 2: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'different labels and rules with union': {
    expectedRole: role(rules('a'), { 1: 'a' }),
    actualRole: role(rules('b'), { 2: 'b' }),
    removeExtraPermissions: false,
    expectedReconciledRole: role(rules('b', 'a'), { 1: 'a', 2: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'conflicting labels and rules without union': {
    expectedRole: role(rules('a'), { 1: 'a' }),
    actualRole: role(rules('b'), { 1: 'b' }),
    removeExtraPermissions: true,
    expectedReconciledRole: role(rules('a'), { 1: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'conflicting labels and rules with union': {
    expectedRole: role(rules('a'), { 1: 'a' }),
    actualRole: role(rules('b'), { 1: 'b' }),
    removeExtraPermissions: false,
    expectedReconciledRole: role(rules('b', 'a'), { 1: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'match annotations without union': {
    expectedRole: role(rules('a'), undefined, { 1: 'a' }),
    actualRole: role(rules('a'), undefined, { 1: 'a' }),
    removeExtraPermissions: true,
    expectedReconciledRole: undefined,
    expectedReconciliationNeeded: false,
  },
  'match annotations with union': {
    expectedRole: role(rules('a'), undefined, { 1: 'a' }),
    actualRole: role(rules('a'), undefined, { 1: 'a' }),
    removeExtraPermissions: false,
    expectedReconciledRole: undefined,
    expectedReconciliationNeeded: false,
  },
  'different annotations without union': {
    expectedRole: role(rules('a'), undefined, { 1: 'a' }),
    actualRole: role(rules('a'), undefined, { 2: 'b' }),
    removeExtraPermissions: true,
    expectedReconciledRole: role(rules('a'), undefined, { 1: 'a', 2: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'different annotations with union': {
    expectedRole: role(rules('a'), undefined, { 1: 'a' }),
    actualRole: role(rules('a'), undefined, { 2: 'b' }),
    removeExtraPermissions: false,
    expectedReconciledRole: role(rules('a'), undefined, { 1: 'a', 2: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'different annotations and rules without union': {
    expectedRole: role(rules('a'), undefined, { 1: 'a' }),
    actualRole: role(rules('b'), undefined, { 2: 'b' }),
    removeExtraPermissions: true,
    expectedReconciledRole: role(rules('a'), undefined, { 1: 'a', 2: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'different annotations and rules with union': {
    expectedRole: role(rules('a'), undefined, { 1: 'a' }),
    actualRole: role(rules('b'), undefined, { 2: 'b' }),
    removeExtraPermissions: false,
    expectedReconciledRole: role(rules('b', 'a'), undefined, { 1: 'a', 2: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'conflicting annotations and rules without union': {
    expectedRole: role(rules('a'), undefined, { 1: 'a' }),
    actualRole: role(rules('b'), undefined, { 1: 'b' }),
    removeExtraPermissions: true,
    expectedReconciledRole: role(rules('a'), undefined, { 1: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'conflicting annotations and rules with union': {
    expectedRole: role(rules('a'), undefined, { 1: 'a' }),
    actualRole: role(rules('b'), undefined, { 1: 'b' }),
    removeExtraPermissions: false,
    expectedReconciledRole: role(rules('b', 'a'), undefined, { 1: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'conflicting labels/annotations and rules without union': {
    expectedRole: role(rules('a'), { 3: 'd' }, { 1: 'a' }),
    actualRole: role(rules('b'), { 4: 'e' }, { 1: 'b' }),
    removeExtraPermissions: true,
    expectedReconciledRole: role(rules('a'), { 3: 'd', 4: 'e' }, { 1: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'conflicting labels/annotations and rules with union': {
    expectedRole: role(rules('a'), { 3: 'd' }, { 1: 'a' }),
    actualRole: role(rules('b'), { 4: 'e' }, { 1: 'b' }),
    removeExtraPermissions: false,
    expectedReconciledRole: role(rules('b', 'a'), { 3: 'd', 4: 'e' }, { 1: 'b' }),
    expectedReconciliationNeeded: true,
  },
  'complex labels/annotations and rules without union': {
    expectedRole: role(
      rules('pods', 'nodes', 'secrets'),
      { env: 'prod', color: 'blue' },
      { description: 'fancy', system: 'true' },
    ),
    actualRole: role(
      rules('nodes', 'images', 'projects'),
      { color: 'red', team: 'pm' },
      { system: 'false', owner: 'admin', vip: 'yes' },
    ),
    removeExtraPermissions: true,
    expectedReconciledRole: role(
      rules('pods', 'nodes', 'secrets'),
      { env: 'prod', color: 'red', team: 'pm' },
      { description: 'fancy', system: 'false', owner: 'admin', vip: 'yes' },
    ),
    expectedReconciliationNeeded: true,
  },
  'complex labels/annotations and rules with union': {
    expectedRole: role(
      rules('pods', 'nodes', 'secrets'),
      { env: 'prod', color: 'blue', manager: 'randy' },
      { description: 'fancy', system: 'true', up: 'true' },
    ),
    actualRole: role(
      rules('nodes', 'images', 'projects'),
      { color: 'red', team: 'pm' },
      { system: 'false', owner: 'admin', vip: 'yes', rate: 'down' },
    ),
    removeExtraPermissions: false,
    expectedReconciledRole: role(
      rules('nodes', 'images', 'projects', 'pods', 'secrets'),
      { env: 'prod', manager: 'randy', color: 'red', team: 'pm' },
      {
        description: 'fancy',
        system: 'false',
        owner: 'admin',
        vip: 'yes',
        rate: 'down',
        up: 'true',
      },
    ),
    expectedReconciliationNeeded: true,
  },
};

function aggregatedRole(aggregationRule: AggregationRule | undefined): ClusterRole {
  const r: ClusterRole = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {},
  };
  if (aggregationRule) r.aggregationRule = aggregationRule;
  return r;
}

function aggregationrule(selectors: SS[]): AggregationRule {
  return { clusterRoleSelectors: selectors.map((matchLabels) => ({ matchLabels })) };
}

const aggregationCases: Record<string, RoleCase> = {
  empty: {
    expectedRole: aggregatedRole({}),
    actualRole: aggregatedRole(undefined),
    removeExtraPermissions: true,
    expectedReconciledRole: undefined,
    expectedReconciliationNeeded: false,
  },
  'empty-2': {
    expectedRole: aggregatedRole({}),
    actualRole: aggregatedRole({}),
    removeExtraPermissions: true,
    expectedReconciledRole: undefined,
    expectedReconciliationNeeded: false,
  },
  'match without union': {
    expectedRole: aggregatedRole(aggregationrule([{ foo: 'bar' }])),
    actualRole: aggregatedRole(aggregationrule([{ foo: 'bar' }])),
    removeExtraPermissions: true,
    expectedReconciledRole: undefined,
    expectedReconciliationNeeded: false,
  },
  'match with union': {
    expectedRole: aggregatedRole(aggregationrule([{ foo: 'bar' }])),
    actualRole: aggregatedRole(aggregationrule([{ foo: 'bar' }])),
    removeExtraPermissions: false,
    expectedReconciledRole: undefined,
    expectedReconciliationNeeded: false,
  },
  'different rules without union': {
    expectedRole: aggregatedRole(aggregationrule([{ foo: 'bar' }])),
    actualRole: aggregatedRole(aggregationrule([{ alpha: 'bravo' }])),
    removeExtraPermissions: true,
    expectedReconciledRole: aggregatedRole(aggregationrule([{ foo: 'bar' }])),
    expectedReconciliationNeeded: true,
  },
  'different rules with union': {
    expectedRole: aggregatedRole(aggregationrule([{ foo: 'bar' }])),
    actualRole: aggregatedRole(aggregationrule([{ alpha: 'bravo' }])),
    removeExtraPermissions: false,
    expectedReconciledRole: aggregatedRole(aggregationrule([{ alpha: 'bravo' }, { foo: 'bar' }])),
    expectedReconciliationNeeded: true,
  },
  'unexpected aggregation': {
    // desired role is not aggregated; the existing one is
    expectedRole: role(rules('pods', 'nodes', 'secrets')),
    actualRole: aggregatedRole(aggregationrule([{ alpha: 'bravo' }])),
    removeExtraPermissions: false,
    expectedReconciledRole: role(rules('pods', 'nodes', 'secrets')),
    expectedReconciliationNeeded: true,
  },
  'unexpected aggregation with differing permissions': {
    expectedRole: role(rules('pods', 'nodes', 'secrets')),
    actualRole: {
      ...aggregatedRole(aggregationrule([{ alpha: 'bravo' }])),
      rules: rules('deployments'),
    },
    removeExtraPermissions: false,
    expectedReconciledRole: role(rules('deployments', 'pods', 'nodes', 'secrets')),
    expectedReconciliationNeeded: true,
  },
};

function runRoleCases(table: string, cases: Record<string, RoleCase>) {
  for (const [name, c] of Object.entries(cases)) {
    test(`${table}: ${name}`, () => {
      const result = computeReconciledRole(c.actualRole, c.expectedRole, c.removeExtraPermissions);
      assert.equal(result.operation !== 'none', c.expectedReconciliationNeeded);
      if (c.expectedReconciliationNeeded) {
        assert.ok(
          semanticEqual(result.role, c.expectedReconciledRole),
          `got ${JSON.stringify(result.role)}`,
        );
      }
    });
  }
}

runRoleCases('TestComputeReconciledRoleRules', ruleCases);
runRoleCases('TestComputeReconciledRoleAggregationRules', aggregationCases);

const subjects = (...names: string[]): Subject[] => names.map((name) => ({ kind: '', name }));

const diffCases: Record<
  string,
  { a: Subject[]; b: Subject[]; onlyA: Subject[]; onlyB: Subject[] }
> = {
  empty: { a: [], b: [], onlyA: [], onlyB: [] },
  'matching, order-independent': {
    a: subjects('foo', 'bar'),
    b: subjects('bar', 'foo'),
    onlyA: [],
    onlyB: [],
  },
  'partial match': {
    a: subjects('foo', 'bar'),
    b: subjects('foo', 'baz'),
    onlyA: subjects('bar'),
    onlyB: subjects('baz'),
  },
  missing: {
    a: subjects('foo'),
    b: subjects('bar'),
    onlyA: subjects('foo'),
    onlyB: subjects('bar'),
  },
  'remove duplicates': {
    a: subjects('foo', 'foo'),
    b: subjects('bar', 'bar'),
    onlyA: subjects('foo'),
    onlyB: subjects('bar'),
  },
};

for (const [name, c] of Object.entries(diffCases)) {
  test(`TestDiffObjectReferenceLists: ${name}`, () => {
    assert.deepEqual(diffSubjectLists(c.a, c.b), [c.onlyA, c.onlyB]);
  });
}

function binding(roleName: string, subjectList: Subject[]): RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {},
    roleRef: { apiGroup: '', kind: '', name: roleName },
    subjects: subjectList,
  };
}

const updateCases: Record<
  string,
  {
    expected: RoleBinding;
    actual: RoleBinding;
    removeExtraSubjects: boolean;
    updated?: RoleBinding;
    needed: boolean;
  }
> = {
  'match without union': {
    expected: binding('role', subjects('a')),
    actual: binding('role', subjects('a')),
    removeExtraSubjects: true,
    needed: false,
  },
  'match with union': {
    expected: binding('role', subjects('a')),
    actual: binding('role', subjects('a')),
    removeExtraSubjects: false,
    needed: false,
  },
  'different roleref with identical subjects': {
    expected: binding('role', subjects('a')),
    actual: binding('differentRole', subjects('a')),
    removeExtraSubjects: false,
    updated: binding('role', subjects('a')),
    needed: true,
  },
  'extra subjects without union': {
    expected: binding('role', subjects('a')),
    actual: binding('role', subjects('a', 'b')),
    removeExtraSubjects: true,
    updated: binding('role', subjects('a')),
    needed: true,
  },
  'extra subjects with union': {
    expected: binding('role', subjects('a')),
    actual: binding('role', subjects('a', 'b')),
    removeExtraSubjects: false,
    needed: false,
  },
  'missing subjects without union': {
    expected: binding('role', subjects('a', 'c')),
    actual: binding('role', subjects('a', 'b')),
    removeExtraSubjects: true,
    updated: binding('role', subjects('a', 'c')),
    needed: true,
  },
  'missing subjects with union': {
    expected: binding('role', subjects('a', 'c')),
    actual: binding('role', subjects('a', 'b')),
    removeExtraSubjects: false,
    updated: binding('role', subjects('a', 'b', 'c')),
    needed: true,
  },
};

for (const [name, c] of Object.entries(updateCases)) {
  test(`TestComputeUpdate: ${name}`, () => {
    const result = computeReconciledRoleBinding(c.actual, c.expected, c.removeExtraSubjects);
    assert.equal(result.operation !== 'none', c.needed);
    if (c.needed)
      assert.ok(semanticEqual(result.binding, c.updated), `got ${JSON.stringify(result.binding)}`);
  });
}

test('autoupdate "false" marks an object protected; a changed roleRef is recreated', () => {
  const existing = role(rules('b'), undefined, {
    'rbac.authorization.kubernetes.io/autoupdate': 'false',
  });
  const result = computeReconciledRole(existing, role(rules('a')), false);
  assert.equal(result.protected, true);
  assert.equal(result.operation, 'update');
  const b = binding('other', subjects('a'));
  assert.equal(
    computeReconciledRoleBinding(b, binding('role', subjects('a')), false).operation,
    'recreate',
  );
});
