/**
 * Covers, ported black-box from staging/src/k8s.io/component-helpers/auth/rbac/validation/
 * policy_comparator_test.go: the 23 TestCovers* cases (owner rules, servant rules, expected
 * coverage and the uncovered broken-down rules) and TestNonResourceURLCovers (14 pairs).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { covers, nonResourceURLCovers } from './policy-comparator';
import type { PolicyRule } from './types';

interface EscalationTest {
  ownerRules: PolicyRule[];
  servantRules: PolicyRule[];
  expectedCovered: boolean;
  expectedUncoveredRules: PolicyRule[];
}

const rule = (
  apiGroups: string[],
  verbs: string[],
  resources: string[],
  resourceNames?: string[],
): PolicyRule =>
  resourceNames ? { apiGroups, verbs, resources, resourceNames } : { apiGroups, verbs, resources };

/** rulesMatch: same length and every expected rule present (order free). */
function assertRulesMatch(expected: PolicyRule[], actual: PolicyRule[]) {
  const norm = (r: PolicyRule) =>
    JSON.stringify({
      apiGroups: r.apiGroups ?? [],
      resources: r.resources ?? [],
      verbs: r.verbs,
      resourceNames: r.resourceNames ?? [],
      nonResourceURLs: r.nonResourceURLs ?? [],
    });
  assert.equal(
    actual.length,
    expected.length,
    `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
  );
  const have = actual.map(norm);
  for (const e of expected)
    assert.ok(have.includes(norm(e)), `missing ${norm(e)} in ${JSON.stringify(actual)}`);
}

const cases: Record<string, EscalationTest> = {
  TestCoversExactMatch: {
    ownerRules: [rule(['v1'], ['get'], ['builds'])],
    servantRules: [rule(['v1'], ['get'], ['builds'])],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversSubresourceWildcard: {
    ownerRules: [rule(['v1'], ['get'], ['*/scale'])],
    servantRules: [rule(['v1'], ['get'], ['foo/scale'])],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversMultipleRulesCoveringSingleRule: {
    ownerRules: [
      rule(['v1'], ['delete'], ['deployments']),
      rule(['v1'], ['delete'], ['builds']),
      rule(['v1'], ['update'], ['builds', 'deployments']),
    ],
    servantRules: [rule(['v1'], ['delete', 'update'], ['builds', 'deployments'])],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversMultipleAPIGroupsCoveringSingleRule: {
    ownerRules: [
      rule(['group1'], ['delete'], ['deployments']),
      rule(['group1'], ['delete'], ['builds']),
      rule(['group1'], ['update'], ['builds', 'deployments']),
      rule(['group2'], ['delete'], ['deployments']),
      rule(['group2'], ['delete'], ['builds']),
      rule(['group2'], ['update'], ['builds', 'deployments']),
    ],
    servantRules: [rule(['group1', 'group2'], ['delete', 'update'], ['builds', 'deployments'])],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversSingleAPIGroupsCoveringMultiple: {
    ownerRules: [rule(['group1', 'group2'], ['delete', 'update'], ['builds', 'deployments'])],
    servantRules: [
      rule(['group1'], ['delete'], ['deployments']),
      rule(['group1'], ['delete'], ['builds']),
      rule(['group1'], ['update'], ['builds', 'deployments']),
      rule(['group2'], ['delete'], ['deployments']),
      rule(['group2'], ['delete'], ['builds']),
      rule(['group2'], ['update'], ['builds', 'deployments']),
    ],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversMultipleRulesMissingSingleVerbResourceCombination: {
    ownerRules: [
      rule(['v1'], ['delete', 'update'], ['builds', 'deployments']),
      rule(['v1'], ['delete'], ['pods']),
    ],
    servantRules: [rule(['v1'], ['delete', 'update'], ['builds', 'deployments', 'pods'])],
    expectedCovered: false,
    expectedUncoveredRules: [rule(['v1'], ['update'], ['pods'])],
  },
  TestCoversAPIGroupStarCoveringMultiple: {
    ownerRules: [rule(['*'], ['get'], ['roles'])],
    servantRules: [rule(['group1', 'group2'], ['get'], ['roles'])],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversEnumerationNotCoveringAPIGroupStar: {
    ownerRules: [rule(['dummy-group'], ['get'], ['roles'])],
    servantRules: [rule(['*'], ['get'], ['roles'])],
    expectedCovered: false,
    expectedUncoveredRules: [rule(['*'], ['get'], ['roles'])],
  },
  TestCoversAPIGroupStarCoveringStar: {
    ownerRules: [rule(['*'], ['get'], ['roles'])],
    servantRules: [rule(['*'], ['get'], ['roles'])],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversVerbStarCoveringMultiple: {
    ownerRules: [rule(['v1'], ['*'], ['roles'])],
    servantRules: [rule(['v1'], ['watch', 'list'], ['roles'])],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversEnumerationNotCoveringVerbStar: {
    ownerRules: [
      rule(['v1'], ['get', 'list', 'watch', 'create', 'update', 'delete', 'exec'], ['roles']),
    ],
    servantRules: [rule(['v1'], ['*'], ['roles'])],
    expectedCovered: false,
    expectedUncoveredRules: [rule(['v1'], ['*'], ['roles'])],
  },
  TestCoversVerbStarCoveringStar: {
    ownerRules: [rule(['v1'], ['*'], ['roles'])],
    servantRules: [rule(['v1'], ['*'], ['roles'])],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversResourceStarCoveringMultiple: {
    ownerRules: [rule(['v1'], ['get'], ['*'])],
    servantRules: [rule(['v1'], ['get'], ['resourcegroup:deployments'])],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversEnumerationNotCoveringResourceStar: {
    ownerRules: [rule(['v1'], ['get'], ['roles', 'resourcegroup:deployments'])],
    servantRules: [rule(['v1'], ['get'], ['*'])],
    expectedCovered: false,
    expectedUncoveredRules: [rule(['v1'], ['get'], ['*'])],
  },
  TestCoversResourceStarCoveringStar: {
    ownerRules: [rule(['v1'], ['get'], ['*'])],
    servantRules: [rule(['v1'], ['get'], ['*'])],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversResourceNameEmptyCoveringMultiple: {
    ownerRules: [rule(['v1'], ['get'], ['pods'], [])],
    servantRules: [rule(['v1'], ['get'], ['pods'], ['foo', 'bar'])],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversEnumerationNotCoveringResourceNameEmpty: {
    ownerRules: [rule(['v1'], ['get'], ['pods'], ['foo', 'bar'])],
    servantRules: [rule(['v1'], ['get'], ['pods'], [])],
    expectedCovered: false,
    expectedUncoveredRules: [rule(['v1'], ['get'], ['pods'])],
  },
  TestCoversNonResourceURLs: {
    ownerRules: [{ nonResourceURLs: ['/apis'], verbs: ['*'] }],
    servantRules: [{ nonResourceURLs: ['/apis'], verbs: ['*'] }],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversNonResourceURLsStar: {
    ownerRules: [{ nonResourceURLs: ['*'], verbs: ['*'] }],
    servantRules: [{ nonResourceURLs: ['/apis', '/apis/v1', '/'], verbs: ['*'] }],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversNonResourceURLsStarAfterPrefixDoesntCover: {
    ownerRules: [{ nonResourceURLs: ['/apis/*'], verbs: ['*'] }],
    servantRules: [{ nonResourceURLs: ['/apis', '/apis/v1'], verbs: ['get'] }],
    expectedCovered: false,
    expectedUncoveredRules: [{ nonResourceURLs: ['/apis'], verbs: ['get'] }],
  },
  TestCoversNonResourceURLsStarAfterPrefix: {
    ownerRules: [{ nonResourceURLs: ['/apis/*'], verbs: ['*'] }],
    servantRules: [{ nonResourceURLs: ['/apis/v1/foo', '/apis/v1'], verbs: ['get'] }],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversNonResourceURLsWithOtherFields: {
    ownerRules: [{ ...rule(['v1'], ['get'], ['builds']), nonResourceURLs: ['/apis'] }],
    servantRules: [{ ...rule(['v1'], ['get'], ['builds']), nonResourceURLs: ['/apis'] }],
    expectedCovered: true,
    expectedUncoveredRules: [],
  },
  TestCoversNonResourceURLsWithOtherFieldsFailure: {
    ownerRules: [rule(['v1'], ['get'], ['builds'])],
    servantRules: [{ ...rule(['v1'], ['get'], ['builds']), nonResourceURLs: ['/apis'] }],
    expectedCovered: false,
    expectedUncoveredRules: [{ nonResourceURLs: ['/apis'], verbs: ['get'] }],
  },
};

for (const [name, c] of Object.entries(cases)) {
  test(name, () => {
    const result = covers(c.ownerRules, c.servantRules);
    assert.equal(result.covered, c.expectedCovered);
    assertRulesMatch(c.expectedUncoveredRules, result.uncovered);
  });
}

test('TestNonResourceURLCovers', () => {
  const table: [string, string, boolean][] = [
    ['*', '', true],
    ['*', '/', true],
    ['*', '/api', true],
    ['/*', '', false],
    ['/*', '/', true],
    ['/*', '/foo', true],
    ['/api', '/api', true],
    ['/apis', '/api', false],
    ['/api/v1', '/api', false],
    ['/api/v1', '/api/v1', true],
    ['/api/*', '/api/v1', true],
    ['/api/*', '/api', false],
    ['/api/*/*', '/api/v1', false],
    ['/*/v1/*', '/api/v1', false],
  ];
  for (const [owner, requested, want] of table) {
    assert.equal(nonResourceURLCovers(owner, requested), want, `${owner} covers ${requested}`);
  }
});
