/**
 * The memory journal: the shared journal cases, its bounds (age and count) fold the oldest facts
 * into its base so the window stays exact, and the feed's first checkpoint waits for the sync.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterCache } from '../k8s/cache';
import { MemoryJournal } from './journal';
import type { JournalFact } from './record-facts';
import { feedJournal } from './record-feed';
import { journalCases, playChurn } from './testing/journal-cases';

describe('memory record journal', () => {
  journalCases(async () => {
    const journal = new MemoryJournal({ now: () => 1_000_000 });
    return { journal, sink: (f) => journal.add(f), flush: async () => {} };
  });

  it('keeps at most maxFacts: the oldest are folded into the base and the window stays exact', async () => {
    const journal = new MemoryJournal({ maxFacts: 50, now: () => 1_000_000 });
    const { truth } = playChurn(6, 150, (f) => journal.add(f), 1_000_000);
    assert.ok(journal.size <= 50);
    const since = await journal.retainedSince();
    assert.ok(since !== undefined && since > Math.min(...truth.keys()), 'the window moved');
    let checked = 0;
    for (const [time, expected] of truth) {
      const answer = await journal.recordsAt(time);
      if (time < since) {
        assert.deepEqual(answer, { before: true, retainedSince: since });
        continue;
      }
      assert.ok('records' in answer);
      assert.deepStrictEqual(
        answer.records.sort((a, b) =>
          `${a.kind}/${a.meta.uid}`.localeCompare(`${b.kind}/${b.meta.uid}`),
        ),
        expected,
      );
      checked++;
    }
    assert.ok(checked > 5);
  });

  it('forgets what is older than maxAgeMs', async () => {
    let now = 0;
    const journal = new MemoryJournal({ maxAgeMs: 10, now: () => now });
    const { end } = playChurn(7, 60, (f) => journal.add(f), 1_000_000);
    now = end + 5;
    const since = await journal.retainedSince();
    // Every fact older than end - 5 is folded: the base is at the last of them (steps are ≤ 3 ms apart).
    assert.ok(since !== undefined && since < end - 5 && since >= end - 8, `${since} vs ${end}`);
    assert.deepEqual(await journal.factsBetween(0, end - 6), { facts: [], unrebuilt: 0 });
  });

  it('takes the first checkpoint only once every kind has been listed', () => {
    const cache = new ClusterCache();
    const facts: JournalFact[] = [];
    let synced = false;
    const feed = feedJournal(cache, (f) => facts.push(f), {
      synced: () => synced,
      syncPollMs: 3_600_000,
    });
    cache.apply('ADDED', {
      kind: 'Namespace',
      meta: { uid: 'a', name: 'a', namespace: '', resourceVersion: '1' },
      phase: 'Active',
    });
    assert.equal(facts.length, 0, 'before the sync nothing: the first checkpoint will hold it');
    synced = true;
    cache.apply('ADDED', {
      kind: 'Namespace',
      meta: { uid: 'b', name: 'b', namespace: '', resourceVersion: '2' },
      phase: 'Active',
    });
    assert.equal(facts.length, 1);
    assert.equal(facts[0]?.kind, 'checkpoint');
    assert.equal(facts[0].kind === 'checkpoint' && facts[0].records.length, 2);
    feed.checkpoint();
    assert.equal(facts[1]?.kind, 'checkpoint');
    cache.apply('DELETED', {
      kind: 'Namespace',
      meta: { uid: 'a', name: 'a', namespace: '', resourceVersion: '3' },
      phase: 'Active',
    });
    assert.equal(facts[2]?.kind, 'record');
    assert.ok(facts[2]!.time > facts[1]!.time, 'a fact after a checkpoint is later than it');
    feed.detach();
  });
});
