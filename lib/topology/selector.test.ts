import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSelectorless, selectorEntries, selectorMatches, selectorToString } from './selector';

describe('selector matching', () => {
  it('matches when every key=value is on the pod (extra pod labels are fine)', () => {
    assert.ok(selectorMatches({ app: 'nginx' }, { app: 'nginx', 'pod-template-hash': 'abc' }));
    assert.ok(selectorMatches({ app: 'web', tier: 'fe' }, { tier: 'fe', app: 'web' }));
    assert.ok(!selectorMatches({ app: 'web', tier: 'fe' }, { app: 'web' }));
    assert.ok(!selectorMatches({ app: 'nginx' }, { app: 'ngnix' }));
    assert.ok(!selectorMatches({ app: '' }, {}), 'an empty value still needs the key');
    assert.ok(selectorMatches({ app: '' }, { app: '' }));
    assert.ok(!selectorMatches({ app: 'x' }, undefined));
  });

  it('treats an absent or empty selector as selector-less: it selects nothing', () => {
    assert.ok(isSelectorless(undefined));
    assert.ok(isSelectorless({}));
    assert.ok(!isSelectorless({ app: 'x' }));
    assert.ok(!selectorMatches(undefined, { app: 'x' }));
    assert.ok(!selectorMatches({}, { app: 'x' }));
  });

  it('prints selectors the way kubectl -l takes them, keys sorted', () => {
    assert.equal(selectorToString({ tier: 'fe', app: 'web' }), 'app=web,tier=fe');
    assert.deepEqual(selectorEntries({ b: '2', a: '1' }), [
      ['a', '1'],
      ['b', '2'],
    ]);
    assert.equal(selectorToString(undefined), '');
  });
});
