/**
 * metav1.LabelSelector: LabelSelectorAsSelector's conversion and matching, Service-style label
 * sets, ValidateLabelSelector's causes and the string form.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  goLabelSelector,
  labelSelectorAsRequirements,
  labelSelectorIsEmpty,
  labelSelectorToString,
  matchesLabelSelector,
  matchesMapSelector,
  newRequirement,
  validateLabelSelector,
  type LabelSelector,
} from './label-selectors';

const labels = { app: 'web', tier: 'frontend' };

describe('matching metav1.LabelSelector', () => {
  it('nil selects nothing, {} selects everything', () => {
    assert.equal(matchesLabelSelector(undefined, labels), false);
    assert.equal(matchesLabelSelector({}, labels), true);
    assert.equal(matchesLabelSelector({}, undefined), true);
  });

  it('matchLabels and every operator', () => {
    const cases: [LabelSelector, boolean][] = [
      [{ matchLabels: { app: 'web' } }, true],
      [{ matchLabels: { app: 'db' } }, false],
      [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'x'] }] }, true],
      [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] }, false],
      [{ matchExpressions: [{ key: 'gone', operator: 'NotIn', values: ['x'] }] }, true],
      [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
      [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
      [
        {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'gone', operator: 'DoesNotExist' }],
        },
        true,
      ],
    ];
    for (const [selector, want] of cases) {
      assert.equal(matchesLabelSelector(selector, labels), want, JSON.stringify(selector));
      assert.equal(matchesLabelSelector(Object.freeze(selector), labels), want);
    }
  });

  it('a selector NewRequirement refuses matches nothing', () => {
    for (const selector of [
      { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] },
      { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] },
      { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] },
      { matchLabels: { 'bad key': 'web' } },
    ]) {
      assert.equal(labelSelectorAsRequirements(selector), undefined, JSON.stringify(selector));
      assert.equal(matchesLabelSelector(selector, { ...labels, 'bad key': 'web' }), false);
    }
  });

  it('converts to requirements sorted by key', () => {
    assert.deepEqual(
      labelSelectorAsRequirements({
        matchLabels: { z: '1' },
        matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x'] }],
      }),
      [
        { key: 'a', operator: 'notin', values: ['x'] },
        { key: 'z', operator: '=', values: ['1'] },
      ],
    );
  });

  it('NewRequirement refuses values for exists with upstream text', () => {
    assert.throws(
      () => newRequirement('app', 'exists', ['x']),
      /values: Invalid value: \[\]string\{"x"\}: values set must be empty for exists and does not exist/,
    );
  });
});

describe('Service-style selectors', () => {
  it('every pair must be present; {} selects everything', () => {
    assert.equal(matchesMapSelector({ app: 'web' }, labels), true);
    assert.equal(matchesMapSelector({ app: 'web', tier: 'x' }, labels), false);
    assert.equal(matchesMapSelector({}, undefined), true);
    assert.equal(matchesMapSelector({ app: 'web' }, undefined), false);
  });
});

describe('ValidateLabelSelector', () => {
  it('reports each rule with upstream paths and messages', () => {
    const causes = validateLabelSelector(
      {
        matchLabels: { app: '-bad' },
        matchExpressions: [
          { key: 'a', operator: 'In' },
          { key: 'b', operator: 'Exists', values: ['x'] },
          { key: 'c', operator: 'Gt', values: ['1'] },
          { key: 'Bad_Key-', operator: 'In', values: ['ok', '-no'] },
        ],
      },
      'spec.selector',
    );
    assert.deepEqual(
      causes.map((c) => `${c.field}: ${c.message.split(':')[0]}`),
      [
        'spec.selector.matchLabels: Invalid value',
        'spec.selector.matchExpressions[0].values: Required value',
        'spec.selector.matchExpressions[1].values: Forbidden',
        'spec.selector.matchExpressions[2].operator: Invalid value',
        'spec.selector.matchExpressions[3].key: Invalid value',
        'spec.selector.matchExpressions[3].values[1]: Invalid value',
      ],
    );
    assert.equal(causes[3]?.message, 'Invalid value: "Gt": not a valid selector operator');
    assert.deepEqual(validateLabelSelector(undefined, 'spec.selector'), []);
  });

  it('knows an empty selector', () => {
    assert.equal(labelSelectorIsEmpty({}), true);
    assert.equal(labelSelectorIsEmpty({ matchLabels: {}, matchExpressions: [] }), true);
    assert.equal(labelSelectorIsEmpty({ matchLabels: { a: 'b' } }), false);
  });
});

describe('string and Go forms', () => {
  it('renders metav1.LabelSelector as the apiserver does', () => {
    assert.equal(
      labelSelectorToString({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['b', 'a'] },
          { key: 'gone', operator: 'DoesNotExist' },
        ],
      }),
      'app=web,!gone,tier in (a,b)',
    );
    assert.equal(labelSelectorToString(undefined), '');
  });

  it("prints Go's %#v for error values", () => {
    assert.equal(
      goLabelSelector({ matchLabels: { app: 'web' } }).go,
      'v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    );
  });
});
