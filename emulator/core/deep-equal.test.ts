/** deepEqual and stableStringify: JSON's view of equality (key order, undefined keys). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deepEqual, stableStringify } from './deep-equal';

describe('deepEqual', () => {
  it('compares JSON values structurally, ignoring key order', () => {
    assert.equal(deepEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }), true);
    assert.equal(deepEqual({ a: 1 }, { a: 2 }), false);
    assert.equal(deepEqual([1, 2], [2, 1]), false);
    assert.equal(deepEqual([], {}), false);
    assert.equal(deepEqual({}, []), false);
    assert.equal(deepEqual(null, {}), false);
    assert.equal(deepEqual('1', 1), false);
    assert.equal(deepEqual(null, null), true);
  });

  it('treats an undefined key as absent, as JSON does', () => {
    assert.equal(deepEqual({ a: 1, b: undefined }, { a: 1 }), true);
    assert.equal(deepEqual({ a: 1 }, { a: 1, b: undefined }), true);
    assert.equal(deepEqual({ a: undefined }, { b: undefined }), true);
    assert.equal(deepEqual({ a: null }, {}), false);
    assert.equal(deepEqual([undefined], []), false);
  });
});

describe('stableStringify', () => {
  it('sorts keys at every level and drops undefined keys', () => {
    assert.equal(
      stableStringify({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } }),
      '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });

  it('gives equal strings exactly for deepEqual values', () => {
    const a = { x: [1, 'two', null], y: { z: true } };
    const b = { y: { z: true }, x: [1, 'two', null] };
    assert.equal(stableStringify(a), stableStringify(b));
    assert.notEqual(stableStringify(a), stableStringify({ ...a, x: [1, 'two'] }));
  });

  it('renders undefined as null, as inside a JSON array', () => {
    assert.equal(stableStringify(undefined), 'null');
    assert.equal(stableStringify([undefined, 1]), '[null,1]');
  });
});
