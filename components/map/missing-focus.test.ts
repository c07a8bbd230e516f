import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingFocus, type FocusState } from './missing-focus';

const live: FocusState = {
  focus: 'shop/nope',
  answered: 'shop/nope',
  found: false,
  loading: false,
  history: { mode: 'live' },
  awaitedWrite: null,
};

test('a focus the pipeline answered with no Service is missing', () => {
  assert.deepEqual(missingFocus(live), { name: 'shop/nope', past: false });
});

test('at a past instant it is missing then', () => {
  const shown = { mode: 'shown', at: 'a', now: 'n', retainedSince: 'r' } as const;
  assert.deepEqual(missingFocus({ ...live, history: shown }), { name: 'shop/nope', past: true });
});

test('no claim without an answer for this focus, while loading, or when found', () => {
  assert.equal(missingFocus({ ...live, focus: null, answered: null }), null);
  assert.equal(missingFocus({ ...live, answered: undefined }), null);
  assert.equal(missingFocus({ ...live, answered: 'shop/cart' }), null);
  assert.equal(missingFocus({ ...live, found: true }), null);
  assert.equal(missingFocus({ ...live, loading: true }), null);
  assert.equal(missingFocus({ ...live, history: { mode: 'loading', at: 'a' } }), null);
  assert.equal(
    missingFocus({ ...live, history: { mode: 'failed', at: 'a', message: 'gone' } }),
    null,
  );
});

test('a Service just written is not missing until the map has held it', () => {
  assert.equal(missingFocus({ ...live, awaitedWrite: 'shop/nope' }), null);
  // Another write awaited says nothing about this focus.
  assert.deepEqual(missingFocus({ ...live, awaitedWrite: 'shop/cart' }), {
    name: 'shop/nope',
    past: false,
  });
});
