/** A write handed from a form's own page to the map: taken once, for its cluster, while fresh. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HANDOFF_KEY, HANDOFF_MS, handOffWrite, takeHandedOffWrite } from './write-handoff';
import type { WriteDone } from './write-results';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const created = { status: 'created', focus: '/?focus=default/web' } as WriteDone;
const deleted = { status: 'deleted', focus: '/?focus=default/web' } as WriteDone;

test('taken once by the map of the cluster it was made in', () => {
  const storage = memoryStorage();
  handOffWrite(storage, 'prod', created, 1000);
  assert.deepEqual(takeHandedOffWrite(storage, 'prod', 1500), created);
  assert.equal(takeHandedOffWrite(storage, 'prod', 1600), null, 'a reload confirms nothing');
  handOffWrite(storage, null, deleted, 1000);
  assert.deepEqual(takeHandedOffWrite(storage, null, 1000 + HANDOFF_MS), deleted);
});

test('another cluster’s, a stale or a future one is not confirmed, and is forgotten', () => {
  const storage = memoryStorage();
  for (const [cluster, now] of [
    ['staging', 1500],
    [null, 1500],
    ['prod', 1001 + HANDOFF_MS],
    ['prod', 999],
  ] as const) {
    handOffWrite(storage, 'prod', created, 1000);
    assert.equal(takeHandedOffWrite(storage, cluster, now), null, `${cluster} at ${now}`);
    assert.equal(storage.items.size, 0);
  }
});

test('what is not a handed-off write is no confirmation', () => {
  const storage = memoryStorage();
  for (const text of [
    'not json',
    'null',
    '{}',
    JSON.stringify({ cluster: null, at: 1000, done: { status: 'preview', focus: '/?focus=a/b' } }),
    JSON.stringify({ cluster: null, at: 1000, done: { status: 'created' } }),
    JSON.stringify({ cluster: null, at: '1000', done: created }),
  ]) {
    storage.items.set(HANDOFF_KEY, text);
    assert.equal(takeHandedOffWrite(storage, null, 1000), null, text);
  }
});

test('storage missing or refusing: no confirmation, no error', () => {
  const refusing = {
    getItem: () => {
      throw new Error('SecurityError');
    },
    setItem: () => {
      throw new Error('QuotaExceededError');
    },
    removeItem: () => {},
  };
  assert.doesNotThrow(() => handOffWrite(refusing, null, created, 1000));
  assert.equal(takeHandedOffWrite(refusing, null, 1000), null);
  assert.doesNotThrow(() => handOffWrite(undefined, null, created, 1000));
  assert.equal(takeHandedOffWrite(undefined, null, 1000), null);
});
