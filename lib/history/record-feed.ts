/**
 * Feeds the record journal from a cluster cache: one fact per record change the cache emits,
 * and checkpoints of every record — the first once every kind has been listed, then after
 * `checkpointEveryFacts` (50,000) changes, or every `checkpointEveryMs` (10 min) once at least
 * `timedCheckpointMinFacts` (a tenth of the count) changes came since the last one.
 *
 * Why the floor on the timed one: a checkpoint holds every record (about 36 MiB at 150,000 pods,
 * the bytes of some 100,000 facts stored as changes), so one taken after a handful of changes
 * costs the database far more than the short range it saves a rebuild; the count bound alone
 * keeps every rebuild's range within 50,000 facts.
 *
 * Contract:
 * - synchronous and cheap on the watch path: a fact holds the record itself (records are
 *   immutable), a checkpoint the cache's array of references; serialising is the store's
 *   business, in the background (the sink is the batching writer, or the memory journal);
 * - times are strictly ordered around checkpoints: every fact handed over before a checkpoint
 *   has a time at or before it, every one after a later time, so "the nearest checkpoint ≤ T
 *   plus the facts after it" is exact (record-facts.ts);
 * - what the cache held before the first checkpoint (taken once every kind is listed) is in it,
 *   not in facts.
 */
import type { ChangeBatch } from '../k8s/cache';
import type { SlimRecord } from '../topology/records';
import { deleteFact, upsertFact, type JournalFact } from './record-facts';

export interface FeedSource {
  records(): SlimRecord[];
  subscribe(listener: (batch: ChangeBatch) => void): () => void;
}

export interface FeedOptions {
  /** True once every kind has completed its first list. */
  synced: () => boolean;
  now?: () => number;
  /** Take checkpoints after the first (the durable store's rebuilds start from them). */
  periodic?: boolean;
  checkpointEveryMs?: number;
  checkpointEveryFacts?: number;
  /** Fewest changes since the last checkpoint for the timed one to be taken. */
  timedCheckpointMinFacts?: number;
  /** How often to look for the first sync when no batch arrives (ms). */
  syncPollMs?: number;
}

export interface JournalFeed {
  /** Takes a checkpoint now (once synced). */
  checkpoint(): void;
  detach(): void;
}

export function feedJournal(
  cache: FeedSource,
  sink: (fact: JournalFact) => void,
  options: FeedOptions,
): JournalFeed {
  const now = options.now ?? Date.now;
  const everyFacts = options.checkpointEveryFacts ?? 50_000;
  let last = -Infinity;
  let first = false;
  let sinceCheckpoint = 0;
  const tick = () => (last = Math.max(now(), last));

  /** When the last checkpoint was taken (none yet in this process). */
  let previous: number | undefined;
  const checkpoint = () => {
    if (!options.synced()) return;
    const time = tick();
    const after = previous;
    sink({
      kind: 'checkpoint',
      time,
      records: cache.records(),
      ...(after !== undefined ? { after } : {}),
    });
    previous = time;
    // Whatever comes next is after the checkpoint, however fast.
    last = time + 1;
    first = true;
    sinceCheckpoint = 0;
  };

  const unsubscribe = cache.subscribe((batch) => {
    // Until the first checkpoint every change is in it: no facts (a first list of 150,000
    // records would otherwise fill the writer's backlog with facts the checkpoint repeats).
    if (!first) return checkpoint();
    const time = tick();
    for (const record of batch.upserts)
      sink(upsertFact(record, time, batch.previous?.get(record.meta.uid)));
    for (const ref of batch.deletes) sink(deleteFact(ref, time));
    sinceCheckpoint += batch.upserts.length + batch.deletes.length;
    if (options.periodic && sinceCheckpoint >= everyFacts) checkpoint();
  });

  const poll = setInterval(() => {
    if (first) clearInterval(poll);
    else checkpoint();
  }, options.syncPollMs ?? 1000);
  poll.unref?.();
  const timedMinFacts = options.timedCheckpointMinFacts ?? Math.ceil(everyFacts / 10);
  const periodic = options.periodic
    ? setInterval(
        () => {
          if (sinceCheckpoint >= timedMinFacts) checkpoint();
        },
        options.checkpointEveryMs ?? 10 * 60 * 1000,
      )
    : undefined;
  periodic?.unref?.();
  checkpoint();

  return {
    checkpoint,
    detach: () => {
      unsubscribe();
      clearInterval(poll);
      if (periodic) clearInterval(periodic);
    },
  };
}
