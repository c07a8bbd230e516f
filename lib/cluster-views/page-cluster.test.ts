import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knownCluster, rootPage } from './page-cluster';

test('one cluster: / is its map, as it always was', () => {
  assert.deepEqual(rootPage(['only'], {}), { kind: 'map' });
  assert.deepEqual(rootPage(['only'], { focus: 'a/b' }), { kind: 'map' });
});

test('several clusters: / is the overview', () => {
  assert.deepEqual(rootPage(['a', 'b'], {}), { kind: 'overview' });
});

test('?cluster= goes to that cluster’s map with the rest of the query', () => {
  assert.deepEqual(rootPage(['a', 'b'], { cluster: 'b', focus: 'shop/cart' }), {
    kind: 'redirect',
    to: '/c/b?focus=shop%2Fcart',
  });
  assert.deepEqual(rootPage(['a', 'b'], { cluster: 'x' }), { kind: 'unknown', cluster: 'x' });
  assert.deepEqual(rootPage(['only'], { cluster: 'only' }), { kind: 'redirect', to: '/c/only' });
});

test('a map link without a cluster opens the default cluster’s map', () => {
  assert.deepEqual(rootPage(['a', 'b'], { focus: 'shop/cart', q: 'web' }), {
    kind: 'redirect',
    to: '/c/a?focus=shop%2Fcart&q=web',
  });
});

test('knownCluster accepts the segment raw or percent-encoded, and nothing unknown', () => {
  assert.equal(knownCluster(['a/b', 'c'], 'a%2Fb'), 'a/b');
  assert.equal(knownCluster(['a/b', 'c'], 'c'), 'c');
  assert.equal(knownCluster(['a/b'], 'd'), null);
  assert.equal(knownCluster(['a'], '%E0%A4%A'), null);
});
