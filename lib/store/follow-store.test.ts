import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createValueStore } from './value-store';
import { followStore } from './follow-store';

interface State {
  a: number;
  b: number;
}

function follower(initial: State) {
  const store = createValueStore(initial);
  const requested: State[] = [];
  let selector = (s: State) => s.a;
  const stop = followStore(
    store,
    () => selector,
    initial,
    (s) => requested.push(s),
  );
  return { store, requested, stop, select: (next: (s: State) => number) => (selector = next) };
}

test('a change to the slice is requested; a change elsewhere is not', () => {
  const f = follower({ a: 1, b: 1 });
  f.store.update((s) => ({ ...s, b: 2 }));
  assert.equal(f.requested.length, 0);
  f.store.update((s) => ({ ...s, a: 2 }));
  assert.deepEqual(f.requested, [{ a: 2, b: 2 }]);
});

test('a slice put back before its request is rendered is requested again', () => {
  const f = follower({ a: 1, b: 1 });
  f.store.update((s) => ({ ...s, a: 2 }));
  // Not rendered yet: the reader still shows a = 1, but a = 1 again must replace the request.
  f.store.update((s) => ({ ...s, a: 1 }));
  assert.deepEqual(
    f.requested.map((s) => s.a),
    [2, 1],
  );
});

test('a change made before it subscribed is requested at once', () => {
  const initial = { a: 1, b: 1 };
  const store = createValueStore(initial);
  store.update(() => ({ a: 5, b: 1 }));
  const requested: State[] = [];
  followStore(
    store,
    () => (s: State) => s.a,
    initial,
    (s) => requested.push(s),
  );
  assert.deepEqual(requested, [{ a: 5, b: 1 }]);
});

test('the selector of the latest render is the one asked; after stop nothing is requested', () => {
  const f = follower({ a: 1, b: 1 });
  f.select((s) => s.b);
  f.store.update((s) => ({ ...s, b: 3 }));
  assert.equal(f.requested.length, 1);
  f.stop();
  f.store.update((s) => ({ ...s, b: 4 }));
  assert.equal(f.requested.length, 1);
});
