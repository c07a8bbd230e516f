import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoizeLast } from './memo';
import { createValueStore } from './value-store';

test('memoizeLast recomputes only when an argument changes identity', () => {
  let runs = 0;
  const f = memoizeLast((list: number[], k: number) => {
    runs++;
    return { sum: list.reduce((a, b) => a + b, 0) * k };
  });
  const list = [1, 2];
  const first = f(list, 2);
  assert.equal(f(list, 2), first);
  assert.equal(runs, 1);
  assert.notEqual(f([1, 2], 2), first, 'an equal but new array is a new input');
  assert.equal(runs, 2);
});

test('a value store notifies only when the value changes identity', () => {
  const store = createValueStore({ n: 0 });
  let notified = 0;
  const unsubscribe = store.subscribe(() => notified++);
  store.update((v) => v);
  assert.equal(notified, 0);
  store.update((v) => ({ n: v.n + 1 }));
  assert.deepEqual(store.getState(), { n: 1 });
  assert.equal(notified, 1);
  unsubscribe();
  store.update((v) => ({ n: v.n + 1 }));
  assert.equal(notified, 1);
});
