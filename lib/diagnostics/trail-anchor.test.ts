import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineEntry } from '../api/diagnostics';
import { causeChange } from './cause-link';
import { trailEntryId, trailEntryLink } from './trail-anchor';

const removed: TimelineEntry = {
  at: '2026-11-26T12:19:30.000Z',
  type: 'endpoint',
  change: 'removed',
  address: '10.244.0.2',
};
const scaled: TimelineEntry = {
  at: '2026-11-26T12:25:00.000Z',
  type: 'workload',
  workload: { kind: 'Deployment', name: 'api' },
  field: 'replicas',
  from: '2',
  to: '0',
  by: { manager: 'kubectl', operation: 'Update', subresource: 'scale' },
};
const scaledBack: TimelineEntry = { ...scaled, at: '2026-11-26T12:30:00.000Z', from: '0', to: '2' };

describe('trailEntryLink: the "Changed:" line links to its entry in the panel timeline', () => {
  it("goes to the row of the very entry the line quotes, by the timeline's own id", () => {
    const entries = [removed, scaled, scaledBack, { ...removed, at: '2026-11-26T12:31:00.000Z' }];
    const entry = causeChange('scaled-to-zero', entries)!;
    assert.equal(entry, scaled);
    const link = trailEntryLink('shop', 'api', entries, entry);
    // The timeline gives the row of entries[1] this id (trail-list.tsx, from the same function).
    assert.deepEqual(link, { id: 'trail-shop.api-1', href: '#trail-shop.api-1' });
    assert.equal(link?.id, trailEntryId('shop', 'api', 1));
  });

  it("rows of one trail, and of another Service's, never share an id", () => {
    const ids = new Set<string>();
    for (const [ns, name] of [
      ['shop', 'api'],
      ['shop', 'cart'],
      ['default', 'api'],
      ['a-b', 'c'],
      ['a', 'b-c'],
      ['a', 'b-1'],
      ['a', 'b'],
    ] as const)
      for (let i = 0; i < 12; i++) ids.add(trailEntryId(ns, name, i));
    assert.equal(ids.size, 7 * 12);
  });

  it('no link to an entry the trail shown does not hold (an equal copy is not it)', () => {
    assert.equal(trailEntryLink('shop', 'api', [removed], scaled), undefined);
    assert.equal(trailEntryLink('shop', 'api', [removed], { ...removed }), undefined);
  });
});
