/**
 * The trail cut at a past instant: the QA case — coredns scaled to 0, then back to 2 six seconds
 * later, the map shown three seconds after the first — explains the Service at 0 by the scale to
 * 0, never by the scale back that came after.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceTimeline, TimelineEntry } from '../api/diagnostics';
import { causeChange, causeText } from './cause-link';
import { entriesUpTo, timelineAt } from './trail-at';

const coredns = { kind: 'Deployment', name: 'coredns' };
const byKubectl = { manager: 'kubectl', operation: 'Update' as const };
const down: TimelineEntry = {
  at: '2026-12-05T06:40:19.412Z',
  type: 'workload',
  workload: coredns,
  field: 'replicas',
  from: '2',
  to: '0',
  by: byKubectl,
};
const gone: TimelineEntry = {
  at: '2026-12-05T06:40:19.650Z',
  type: 'endpoint',
  change: 'removed',
  address: '10.244.0.5',
  from: 'ready',
};
const up: TimelineEntry = { ...down, at: '2026-12-05T06:40:25.431Z', from: '0', to: '2' };
const timeline: ServiceTimeline = { service: 'kube-system/kube-dns', entries: [down, gone, up] };
const shown = '2026-12-05T06:40:22Z';

describe('the trail as of a past instant', () => {
  it('keeps what had happened by then, nothing after', () => {
    assert.deepEqual(entriesUpTo(timeline.entries, shown), [down, gone]);
    assert.deepEqual(timelineAt(timeline, shown).entries, [down, gone]);
  });

  it('keeps a change made at the instant itself (the records at T include it)', () => {
    assert.deepEqual(entriesUpTo(timeline.entries, up.at), [down, gone, up]);
    assert.deepEqual(entriesUpTo(timeline.entries, '2026-12-05T06:40:19.411Z'), []);
  });

  it('is the timeline itself when live or when nothing comes after', () => {
    assert.equal(timelineAt(timeline, null), timeline);
    assert.equal(timelineAt(timeline, '2026-12-05T06:41:00Z'), timeline);
  });

  it('"Changed:" under scaled-to-zero names the scale to 0, not the later scale back', () => {
    // Live, the scale back is newer, but a scale to 2 never explains scaled-to-zero.
    assert.equal(causeChange('scaled-to-zero', timeline.entries), down);
    const cause = causeChange('scaled-to-zero', timelineAt(timeline, shown).entries);
    assert.equal(cause, down);
    assert.match(causeText(cause!, '06:40:19'), /replicas 2 → 0 at 06:40:19/);
  });
});
