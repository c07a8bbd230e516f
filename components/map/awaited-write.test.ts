import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createValueStore } from '@/lib/store/value-store';
import { AWAITED_WRITE_MS, settleAwaitedWrite } from './awaited-write';

type Stores = Parameters<typeof settleAwaitedWrite>[0];

const LIVE = { sync: { kinds: {}, connection: 'live' }, stream: { state: 'open' }, paused: false };
const RECONNECTING = { ...LIVE, sync: { kinds: {}, connection: 'reconnecting' } };
const PAUSED = { ...LIVE, paused: true };

/** The map awaiting `shop/web`, just written, focused and not yet on the map. */
function awaiting(status: object = LIVE) {
  const ui = createValueStore({ params: { focus: 'shop/web' }, awaitedWrite: 'shop/web' });
  const shown = createValueStore<{ focus: string; selected: object | null; status: object }>({
    focus: 'shop/web',
    selected: null,
    status,
  });
  const stores = { ui, shown } as unknown as Stores;
  const awaited = () => ui.getState().awaitedWrite;
  return { ui, shown, stores, awaited };
}

test('awaited while the page has not shown it, then settled once it does', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { shown, stores, awaited } = awaiting();
  const stop = settleAwaitedWrite(stores);
  assert.equal(awaited(), 'shop/web');
  shown.update((s) => ({ ...s, selected: { name: 'web' } }));
  assert.equal(awaited(), null);
  stop();
});

test('the focus moved elsewhere: settled at once', () => {
  const { ui, stores, awaited } = awaiting();
  const stop = settleAwaitedWrite(stores);
  ui.update((s) => ({ ...s, params: { focus: 'shop/cart' } }));
  assert.equal(awaited(), null);
  stop();
});

test('never shown (a link that claims a write, or deleted again at once): settled after the wait, live', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { stores, awaited } = awaiting();
  const stop = settleAwaitedWrite(stores);
  t.mock.timers.tick(AWAITED_WRITE_MS - 1);
  assert.equal(awaited(), 'shop/web', 'still awaited just before the wait ends');
  t.mock.timers.tick(1);
  assert.equal(awaited(), null, 'its absence is an answer now');
  stop();
});

test('time spent reconnecting does not count: the wait starts again once live', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { shown, stores, awaited } = awaiting(RECONNECTING);
  const stop = settleAwaitedWrite(stores);
  t.mock.timers.tick(AWAITED_WRITE_MS * 3);
  assert.equal(awaited(), 'shop/web', 'not live: still awaited');
  shown.update((s) => ({ ...s, status: LIVE }));
  t.mock.timers.tick(AWAITED_WRITE_MS / 2);
  shown.update((s) => ({ ...s, status: RECONNECTING }));
  shown.update((s) => ({ ...s, status: LIVE }));
  t.mock.timers.tick(AWAITED_WRITE_MS - 1);
  assert.equal(awaited(), 'shop/web', 'the live time before the drop is not added up');
  t.mock.timers.tick(1);
  assert.equal(awaited(), null);
  stop();
});

test('time spent paused does not count: the changes held back may hold it', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { shown, stores, awaited } = awaiting(PAUSED);
  const stop = settleAwaitedWrite(stores);
  t.mock.timers.tick(AWAITED_WRITE_MS * 3);
  assert.equal(awaited(), 'shop/web');
  shown.update((s) => ({ ...s, status: LIVE }));
  t.mock.timers.tick(AWAITED_WRITE_MS);
  assert.equal(awaited(), null);
  stop();
});

test('another write awaited meanwhile gets its own full wait', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { ui, stores, awaited } = awaiting();
  const stop = settleAwaitedWrite(stores);
  t.mock.timers.tick(AWAITED_WRITE_MS - 1000);
  ui.update(() => ({ params: { focus: 'shop/cart' }, awaitedWrite: 'shop/cart' }));
  t.mock.timers.tick(AWAITED_WRITE_MS - 1);
  assert.equal(awaited(), 'shop/cart');
  t.mock.timers.tick(1);
  assert.equal(awaited(), null);
  stop();
});

test('stopped: no timer is left to fire', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { stores, awaited } = awaiting();
  settleAwaitedWrite(stores)();
  t.mock.timers.tick(AWAITED_WRITE_MS * 2);
  assert.equal(awaited(), 'shop/web');
});
