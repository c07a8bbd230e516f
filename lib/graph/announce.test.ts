import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeChanges } from './announce';

test('summaries name added, removed and changed Services with before/after counts', () => {
  const before = new Map([
    ['a', { name: 'default/a', ready: 2, count: 2, health: 'healthy' }],
    ['b', { name: 'default/b', ready: 1, count: 1, health: 'healthy' }],
    ['c', { name: 'default/c', ready: 0, count: 0, health: 'broken' }],
  ]);
  const after = new Map([
    ['a', { name: 'default/a', ready: 1, count: 2, health: 'degraded' }],
    ['c', { name: 'default/c', ready: 0, count: 0, health: 'healthy' }],
    ['d', { name: 'default/d', ready: 0, count: 1, health: 'broken' }],
  ]);
  assert.deepEqual(summarizeChanges(before, after), [
    'default/a: 1 of 2 endpoints ready (was 2 of 2)',
    'default/c is now healthy',
    'default/d added, 0 of 1 endpoints ready',
    'default/b removed',
  ]);
  assert.deepEqual(summarizeChanges(after, after), []);
});
