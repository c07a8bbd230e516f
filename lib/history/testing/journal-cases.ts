/**
 * The record journal's test cases, defined once and run against the memory journal and the
 * durable store on every driver (journal.test.ts, store.pglite.test.ts, store.postgres.test.ts).
 *
 * Contract: `journalCases(open)` inside a `describe`; `open()` gives a fresh, empty journal of
 * a cluster of its own, the sink the feed writes to, and `flush()` that resolves once what was
 * handed to the sink is readable. Test-only.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterCache } from '../../k8s/cache';
import { Churn } from '../../topology/testing/churn';
import type { SlimRecord } from '../../topology/records';
import { EVERYTHING } from '../../access/scope';
import type { TrailItem } from '../../diagnostics/service-history';
import {
  allChanges,
  healthChanges,
  type ChangesHistory,
  type ChangesRange,
} from '../changes-answer';
import type { RecordJournal } from '../journal';
import type { JournalFact, RecordFact } from '../record-facts';
import { feedJournal } from '../record-feed';

export interface OpenedJournal {
  journal: RecordJournal;
  sink: (fact: JournalFact) => void;
  flush: () => Promise<void>;
  /** The durable store's retention at a cutoff (absent for the memory journal). */
  retain?: (cutoffMs: number) => Promise<void>;
  /**
   * The same journal read through a database handle that, before its first statement matching
   * `before`, runs `meanwhile` to its end (absent for the memory journal).
   */
  overtaken?: (before: RegExp, meanwhile: () => Promise<void>) => RecordJournal;
}

/** Records in a fixed order, for deep comparison. */
export function sorted(records: readonly SlimRecord[]): SlimRecord[] {
  return [...records].sort((a, b) =>
    `${a.kind}/${a.meta.uid}`.localeCompare(`${b.kind}/${b.meta.uid}`),
  );
}

/** The records at `from` with `facts` (a window after it) folded on, sorted. */
export async function foldedOnto(
  journal: RecordJournal,
  from: number,
  facts: readonly RecordFact[],
): Promise<SlimRecord[]> {
  const start = await journal.recordsAt(from);
  assert.ok('records' in start);
  const state = new Map(start.records.map((r) => [`${r.kind}/${r.meta.uid}`, r]));
  for (const f of facts) {
    const key = `${f.recordKind}/${f.uid}`;
    if (f.record) state.set(key, f.record);
    else state.delete(key);
  }
  return sorted([...state.values()]);
}

/**
 * Applies a churn batch to a real cache (one watch event per record). The churn names uids
 * after objects, so a re-created object would get its old uid back; Kubernetes never reuses a
 * uid (the journal keys a deletion by uid), so each lifetime gets a uid of its own here.
 */
export function applyToCache(
  cache: ClusterCache,
  batch: ReturnType<Churn['step']>,
  lives: Map<string, number>,
): void {
  const uid = (base: string) => `${base}.${lives.get(base) ?? 0}`;
  for (const record of batch.upserts) {
    cache.apply('MODIFIED', { ...record, meta: { ...record.meta, uid: uid(record.meta.uid) } });
  }
  for (const ref of batch.deletes) {
    const record = cache.get(ref.kind, uid(ref.uid));
    if (record) cache.apply('DELETED', record);
    lives.set(ref.uid, (lives.get(ref.uid) ?? 0) + 1);
  }
}

/**
 * A seeded random change sequence through a cache and the feed, with the cache's records
 * captured at every instant (several batches may share one millisecond: the last state of
 * that millisecond is the state at it).
 */
export function playChurn(
  seed: number,
  steps: number,
  sink: (fact: JournalFact) => void,
  checkpointEveryFacts: number,
) {
  const churn = new Churn(seed);
  const cache = new ClusterCache();
  let time = 1_000_000;
  // The feed's own times (it may move a fact past a checkpoint's millisecond) are the instants.
  let last = -Infinity;
  const feed = feedJournal(
    cache,
    (fact) => {
      last = fact.time;
      sink(fact);
    },
    {
      synced: () => true,
      now: () => time,
      periodic: true,
      checkpointEveryFacts,
      syncPollMs: 3_600_000,
    },
  );
  const truth = new Map<number, SlimRecord[]>();
  // After every batch the cache emits (the feed, subscribed first, has handed its facts over).
  const unsubscribe = cache.subscribe(() => truth.set(last, sorted(cache.records())));
  const lives = new Map<string, number>();
  applyToCache(cache, churn.seed(), lives);
  for (let step = 0; step < steps; step++) {
    time += churn.int(3);
    applyToCache(cache, churn.step(), lives);
  }
  unsubscribe();
  feed.detach();
  return { truth, end: last };
}

export function journalCases(open: () => Promise<OpenedJournal>): void {
  it('rebuilds the records at every instant of a seeded random sequence exactly', async () => {
    for (const [seed, every] of [
      [1, 25],
      [2, 7],
      [3, 1_000_000],
    ] as const) {
      const { journal, sink, flush } = await open();
      const { truth } = playChurn(seed, 120, sink, every);
      await flush();
      for (const [time, expected] of truth) {
        const answer = await journal.recordsAt(time);
        assert.ok('records' in answer, `seed ${seed}: ${time} is retained`);
        assert.deepStrictEqual(sorted(answer.records), expected, `seed ${seed}, at ${time}`);
      }
    }
  });

  it('answers "before" for an instant before its first checkpoint, and says how far back it goes', async () => {
    const { journal, sink, flush } = await open();
    assert.deepEqual(await journal.recordsAt(5), { before: true, retainedSince: undefined });
    const { truth } = playChurn(4, 10, sink, 1_000_000);
    await flush();
    const first = await journal.retainedSince();
    assert.ok(first !== undefined && first <= Math.min(...truth.keys()));
    assert.deepEqual(await journal.recordsAt(first - 1), { before: true, retainedSince: first });
  });

  it('lists the changes between two instants, oldest first, excluding the first instant', async () => {
    const { journal, sink, flush } = await open();
    const fed: JournalFact[] = [];
    const { truth } = playChurn(
      5,
      40,
      (fact) => {
        fed.push(fact);
        sink(fact);
      },
      10,
    );
    await flush();
    const times = [...truth.keys()];
    const from = times[Math.floor(times.length / 3)]!;
    const to = times[Math.floor((times.length * 2) / 3)]!;
    const { facts, unrebuilt } = await journal.factsBetween(from, to);
    assert.equal(unrebuilt, 0);
    assert.ok(facts.length > 0);
    const checkpointsInside = fed.filter(
      (f) => f.kind === 'checkpoint' && f.time > from && f.time <= to,
    );
    assert.ok(checkpointsInside.length > 0, 'the range crosses checkpoints');
    const changes = fed.filter((f) => f.kind === 'record' && f.time > from && f.time <= to);
    assert.equal(facts.length, changes.length, 'a checkpoint that equals the facts adds none');
    assert.ok(facts.every((f) => f.time > from && f.time <= to));
    for (let i = 1; i < facts.length; i++) assert.ok(facts[i - 1]!.time <= facts[i]!.time);
    // Folding them onto the state at `from` gives the state at `to`.
    assert.deepStrictEqual(await foldedOnto(journal, from, facts), truth.get(to));
  });

  it('answers the health changes alone as the whole answer has them, never reading the trails', async () => {
    const { journal, sink, flush } = await open();
    const { truth, end } = playChurn(10, 150, sink, 30);
    await flush();
    const times = [...truth.keys()];
    const third = times[Math.floor(times.length / 3)]!;
    // One trail entry in the window, so the whole answer has something the health one leaves out.
    const item: TrailItem = {
      namespace: 'ns-0',
      name: 'svc-0',
      time: third + 1,
      entry: { type: 'service', change: 'created', at: new Date(third + 1).toISOString() },
    };
    let trailReads = 0;
    const history: ChangesHistory = {
      journal,
      entriesBetween: (from, to) => {
        trailReads++;
        return Promise.resolve([item].filter((i) => i.time > from && i.time <= to));
      },
    };
    const windows: ChangesRange[] = [
      { from: 0, to: end, clampFrom: true },
      { from: third, to: end },
      { from: times[1]!, to: third + 1 },
    ];
    const whole = await allChanges(history, EVERYTHING, windows[0]!, end);
    const namespace = whole.transitions[0]?.namespace;
    assert.ok(namespace !== undefined, 'the sequence breaks and recovers Services');
    windows.push({ from: 0, to: end, clampFrom: true, namespace });
    let entries = 0;
    for (const range of windows) {
      const { entries: left, ...expected } = await allChanges(history, EVERYTHING, range, end);
      entries += left.length;
      const reads = trailReads;
      assert.deepStrictEqual(
        await healthChanges(history, EVERYTHING, range, end),
        expected,
        JSON.stringify(range),
      );
      assert.equal(trailReads, reads, 'the health answer reads no trail');
    }
    assert.ok(entries > 0, 'some whole answer had entries to leave out');
  });

  it('retention at a cutoff keeps every later instant exact and refuses earlier ones', async () => {
    const opened = await open();
    if (!opened.retain) return;
    const { truth } = playChurn(8, 80, opened.sink, 15);
    await opened.flush();
    const times = [...truth.keys()];
    const cutoff = times[Math.floor(times.length / 2)]!;
    await opened.retain(cutoff);
    assert.equal(await opened.journal.retainedSince(), cutoff);
    for (const [time, expected] of truth) {
      const answer = await opened.journal.recordsAt(time);
      if (time < cutoff) {
        assert.deepEqual(answer, { before: true, retainedSince: cutoff });
        continue;
      }
      assert.ok('records' in answer);
      assert.deepStrictEqual(sorted(answer.records), expected, `at ${time}`);
    }
    assert.deepEqual(await opened.journal.factsBetween(0, cutoff), { facts: [], unrebuilt: 0 });
  });

  it('a rebuild that retention cuts while it reads is read again from the cutoff, exact', async () => {
    // Each statement of a rebuild in turn: the facts' keys, the checkpoint's keys, its parts,
    // the facts' records.
    for (const before of [
      /string_agg/,
      /SELECT part, kind, keys/,
      /SELECT part, records/,
      /uid = ANY/,
    ]) {
      const opened = await open();
      if (!opened.retain || !opened.overtaken) return;
      const checkpoints: number[] = [];
      const { truth } = playChurn(
        9,
        60,
        (fact) => {
          if (fact.kind === 'checkpoint') checkpoints.push(fact.time);
          opened.sink(fact);
        },
        40,
      );
      await opened.flush();
      // An instant read from a checkpoint with records (not the first, taken of an empty
      // cache) that is before the cutoff, so retention deletes it.
      const [cutoff, at] = instantsBetweenCheckpoints(checkpoints.slice(1), [...truth.keys()]);
      let cut = false;
      const journal = opened.overtaken(before, async () => {
        await opened.retain!(cutoff);
        cut = true;
      });
      const answer = await journal.recordsAt(at);
      assert.ok(cut, `retention ran before ${before}`);
      assert.ok('records' in answer, `${at} is retained`);
      assert.deepStrictEqual(sorted(answer.records), truth.get(at), `cut before ${before}`);
      assert.equal(answer.retainedSince, cutoff);
    }
  });
}

/** Two instants after one checkpoint and before the next one. */
function instantsBetweenCheckpoints(checkpoints: number[], times: number[]): [number, number] {
  for (const [i, from] of checkpoints.entries()) {
    const to = checkpoints[i + 1] ?? Infinity;
    const inside = times.filter((time) => time > from && time < to);
    if (inside.length >= 2) return [inside[0]!, inside[inside.length - 1]!];
  }
  throw new Error('no checkpoint with two instants after it');
}
