/**
 * A Service's timeline while a durable history is still being read back at start: the answer
 * waits for it, so a panel opened right after a restart gets the restored trail, never an empty
 * one that reads as "nothing happened".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineEntry } from '../api/diagnostics';
import { EVERYTHING } from '../access/scope';
import type { Hub } from '../k8s/hub';
import type { ServiceRecord } from '../topology/records';
import type { ServiceHistory } from './service-history';
import { serviceTimeline } from './server';

const service = { kind: 'Service', meta: { namespace: 'shop', name: 'frontend' } } as ServiceRecord;
const scaled: TimelineEntry = {
  at: '2026-12-06T00:54:27.255Z',
  type: 'workload',
  workload: { kind: 'Deployment', name: 'frontend' },
  field: 'replicas',
  from: '3',
  to: '0',
};

/** A trail that holds `entries` once restored (before that, nothing: the start-up trail). */
function trail(entries: TimelineEntry[]): ServiceHistory {
  return {
    retainedSince: () => (entries.length ? '2026-12-06T00:52:40.906Z' : undefined),
    entries: () => entries,
    stateAt: () => undefined,
  } as unknown as ServiceHistory;
}

test('the timeline waits for the stored history, then answers the restored trail', async () => {
  let restored = false;
  let loaded!: () => void;
  const ready = new Promise<void>((resolve) => (loaded = resolve));
  const kept = {
    ready,
    current: () => trail(restored ? [scaled] : []),
    gap: () => undefined,
  };
  let answered = false;
  const answer = serviceTimeline(service, {}, EVERYTHING, {} as Hub, kept).then((timeline) => {
    answered = true;
    return timeline;
  });
  await new Promise((r) => setImmediate(r));
  assert.equal(answered, false, 'no answer from the empty start-up trail');
  restored = true;
  loaded();
  const timeline = await answer;
  assert.deepEqual(timeline.entries, [scaled]);
  assert.equal(timeline.retainedSince, '2026-12-06T00:52:40.906Z');
});
