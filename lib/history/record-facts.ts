/**
 * The record journal's facts: every change the cluster cache makes to a slim record
 * (lib/topology/records.ts), and checkpoints of every record at one instant — and the one fold
 * that rebuilds the records at an instant from them.
 *
 * Contract:
 * - a `RecordFact` is keyed by (cluster, uid, version): `version` is the record's
 *   resourceVersion, or `deleted` for its deletion, so replicas watching one cluster (and a
 *   process relisting after a restart) store each change once; `record` is the whole slim record
 *   (null when deleted); `replaced`, when the cache had the record before, is the version this
 *   one replaced — the store writes the change as a patch against it (journal-patches.ts) and
 *   never reads it back;
 * - a `CheckpointFact` holds every record the cache held at `time` — a rebuild starts from the
 *   nearest checkpoint at or before the instant and folds the facts after it, in (time, order
 *   written); a checkpoint is written after every fact with an earlier or equal time and before
 *   any with a later one (record-feed.ts keeps the times of one process strictly ordered around
 *   it);
 * - `foldRecords` never mutates a record: records are immutable, the map holds references.
 * Times are epoch milliseconds. Isomorphic.
 */
import type { RecordKind, SlimRecord } from '../topology/records';

export const DELETED_VERSION = 'deleted';

/** One change of one record, as the cache made it. */
export interface RecordFact {
  kind: 'record';
  time: number;
  recordKind: RecordKind;
  uid: string;
  /** The record's resourceVersion, or `deleted`. */
  version: string;
  /** Where the object is ('' for cluster-scoped kinds; kept for deletions too). */
  namespace: string;
  name: string;
  record: SlimRecord | null;
  /** The record this one replaced in the cache, if it had one (upserts only). */
  replaced?: SlimRecord;
}

/** Every record at `time`. */
export interface CheckpointFact {
  kind: 'checkpoint';
  time: number;
  records: readonly SlimRecord[];
  /**
   * When the feed took its checkpoint before this one (absent for a process's first): a store
   * that holds another writer's checkpoint after that instant needs no second one (store.ts).
   */
  after?: number;
}

export type JournalFact = RecordFact | CheckpointFact;

/** The key of a record within one cluster's state. */
export function recordKey(kind: RecordKind, uid: string): string {
  return `${kind}/${uid}`;
}

export function upsertFact(record: SlimRecord, time: number, replaced?: SlimRecord): RecordFact {
  const fact: RecordFact = {
    kind: 'record',
    time,
    recordKind: record.kind,
    uid: record.meta.uid,
    version: record.meta.resourceVersion,
    namespace: record.meta.namespace,
    name: record.meta.name,
    record,
  };
  if (replaced) fact.replaced = replaced;
  return fact;
}

export function deleteFact(
  ref: { kind: RecordKind; uid: string; namespace?: string; name?: string },
  time: number,
): RecordFact {
  return {
    kind: 'record',
    time,
    recordKind: ref.kind,
    uid: ref.uid,
    version: DELETED_VERSION,
    namespace: ref.namespace ?? '',
    name: ref.name ?? '',
    record: null,
  };
}

/** A state from a checkpoint's records. */
export function stateOf(records: Iterable<SlimRecord>): Map<string, SlimRecord> {
  const state = new Map<string, SlimRecord>();
  for (const record of records) state.set(recordKey(record.kind, record.meta.uid), record);
  return state;
}

/** Folds facts (oldest first) into `state`, in place. */
export function foldRecords(
  state: Map<string, SlimRecord>,
  facts: Iterable<RecordFact>,
): Map<string, SlimRecord> {
  for (const fact of facts) {
    const key = recordKey(fact.recordKind, fact.uid);
    if (fact.record) state.set(key, fact.record);
    else state.delete(key);
  }
  return state;
}
