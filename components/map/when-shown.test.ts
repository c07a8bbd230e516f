import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createValueStore } from '@/lib/store/value-store';
import { whenShown } from './when-shown';

const stores = () => {
  const first = { n: 0 };
  return {
    mirror: createValueStore(first),
    shown: createValueStore(first),
  } as unknown as Parameters<typeof whenShown>[0];
};

test('caught up: at once', () => {
  const s = stores();
  let calls = 0;
  whenShown(s, () => calls++);
  assert.equal(calls, 1);
});

test('behind: once, in the commit that shows the latest mirror, not an earlier one', () => {
  const s = stores();
  const one = { n: 1 };
  const two = { n: 2 };
  s.mirror.update(() => one as never);
  let calls = 0;
  whenShown(s, () => calls++);
  s.mirror.update(() => two as never);
  assert.equal(calls, 0);
  s.shown.update(() => one as never);
  assert.equal(calls, 0, 'the page shows an older mirror');
  s.shown.update(() => two as never);
  assert.equal(calls, 1);
  s.shown.update(() => ({ n: 3 }) as never);
  s.mirror.update(() => s.shown.getState());
  s.shown.update(() => s.mirror.getState());
  assert.equal(calls, 1, 'called once only');
});
