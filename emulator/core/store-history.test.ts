/** The resourceVersion clock and event window: eviction, resume, waiters and delivery order. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compactHistory,
  createEventHistory,
  eventsSince,
  nextResourceVersion,
  recordEvent,
  subscribe,
  waitForResourceVersion,
  type EventHistory,
} from './store-history';
import type { StoreEvent } from './types';

function commit(history: EventHistory, name: string): StoreEvent {
  const rv = String(nextResourceVersion(history));
  const event: StoreEvent = {
    type: 'ADDED',
    resource: 'namespaces',
    object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, resourceVersion: rv } },
  };
  recordEvent(history, event);
  return event;
}

const rvs = (events: StoreEvent[] | undefined) =>
  events?.map((e) => e.object.metadata.resourceVersion);

describe('event history', () => {
  it('resumes after any resourceVersion still in the window', () => {
    const h = createEventHistory(10);
    for (const n of ['a', 'b', 'c']) commit(h, n);
    assert.deepEqual(rvs(eventsSince(h, 0)), ['1', '2', '3']);
    assert.deepEqual(rvs(eventsSince(h, 2)), ['3']);
    assert.deepEqual(rvs(eventsSince(h, 3)), []);
  });

  it('evicts the oldest events and reports their resourceVersions as compacted', () => {
    const h = createEventHistory(3);
    for (const n of ['a', 'b', 'c', 'd', 'e']) commit(h, n);
    assert.equal(h.compacted, 2);
    assert.equal(eventsSince(h, 1), undefined);
    assert.deepEqual(rvs(eventsSince(h, 2)), ['3', '4', '5']);
    assert.deepEqual(rvs(eventsSince(h, 4)), ['5']);
  });

  it('compacts on demand, as etcd compaction does: older resourceVersions expire, newer resume', () => {
    const h = createEventHistory(10);
    for (const n of ['a', 'b', 'c', 'd']) commit(h, n);
    assert.equal(compactHistory(h, 2), 2);
    assert.equal(eventsSince(h, 1), undefined);
    assert.deepEqual(rvs(eventsSince(h, 2)), ['3', '4']);
    assert.equal(compactHistory(h, 1), 2, 'never moves back');
    assert.equal(compactHistory(h), 4, 'default: up to the current resourceVersion');
    assert.equal(eventsSince(h, 3), undefined);
    assert.deepEqual(rvs(eventsSince(h, 4)), []);
    assert.equal(compactHistory(h, 99), 4, 'never past the clock');
    for (const n of ['e', 'f']) commit(h, n);
    assert.deepEqual(rvs(eventsSince(h, 4)), ['5', '6']);
  });

  it('wakes waiters once the clock reaches their resourceVersion, or times out', async () => {
    const h = createEventHistory(10);
    const reached = waitForResourceVersion(h, 2, 60_000);
    const never = waitForResourceVersion(h, 99, 1);
    commit(h, 'a');
    commit(h, 'b');
    assert.equal(await reached, true);
    assert.equal(await never, false);
    assert.equal(await waitForResourceVersion(h, 1, 1), true);
    assert.equal(h.waiters.size, 0);
  });

  it('delivers in commit order, also for commits made by a subscriber', () => {
    const h = createEventHistory(10);
    const seen: string[] = [];
    subscribe(h, (e) => {
      seen.push(`first:${e.object.metadata.name}`);
      if (e.object.metadata.name === 'a') commit(h, 'from-subscriber');
    });
    const unsubscribe = subscribe(h, (e) => seen.push(`second:${e.object.metadata.name}`));
    commit(h, 'a');
    unsubscribe();
    commit(h, 'b');
    assert.deepEqual(seen, [
      'first:a',
      'second:a',
      'first:from-subscriber',
      'second:from-subscriber',
      'first:b',
    ]);
  });
});
