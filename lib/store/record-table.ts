/**
 * The record store's records by uid, as a map a batch copies only in part: the uids are spread
 * over `SHARDS` shards, and a new table shares every shard the batch did not write to with the
 * table before it. The store's states stay immutable (each batch gives a new table; the old one
 * reads as it did) without copying every record per batch: at 35k records the whole copy was
 * about 5 ms of every batch of the map's pipeline, at 210k about five times that.
 *
 * Contract: a `RecordTable` is a `ReadonlyMap<string, SlimRecord>` that never changes after it
 * is made. `edit(base)` starts a draft over any map of records (a table's draft shares its
 * shards); `set`/`delete` on the draft copy a shard on its first write; `done()` returns the new
 * table, or the base itself when nothing was written. Iteration goes shard by shard, each in
 * insertion order: the same records, not the order a `Map` would give them.
 * `clusterSnapshotOf(records)` is `toClusterSnapshot(records.values())`, made for a table from
 * each shard's records by kind, which a shard keeps while it is shared: a batch groups only the
 * shards it wrote.
 */
import {
  emptySnapshot,
  toClusterSnapshot,
  type ClusterSnapshot,
  type SlimRecord,
} from '../topology/records';

/** A power of two: a uid's shard is the low bits of a hash of its last characters. */
const SHARDS = 64;

function shardOf(uid: string): number {
  // UIDs end in random hex: their last characters spread them evenly enough.
  let h = 0;
  for (let i = Math.max(0, uid.length - 4); i < uid.length; i++)
    h = (h * 31 + uid.charCodeAt(i)) | 0;
  return h & (SHARDS - 1);
}

const EMPTY: ReadonlyMap<string, SlimRecord> = new Map();

export class RecordTable implements ReadonlyMap<string, SlimRecord> {
  /** The shards, never written to once the table is made (a draft copies one to write it). */
  readonly shards: readonly ReadonlyMap<string, SlimRecord>[];
  readonly size: number;

  constructor(shards: readonly ReadonlyMap<string, SlimRecord>[], size: number) {
    this.shards = shards;
    this.size = size;
  }

  static of(records: Iterable<SlimRecord>): RecordTable {
    const draft = edit(new RecordTable(new Array(SHARDS).fill(EMPTY), 0));
    for (const record of records) draft.set(record.meta.uid, record);
    return draft.done() as RecordTable;
  }

  get(uid: string): SlimRecord | undefined {
    return this.shards[shardOf(uid)]!.get(uid);
  }

  has(uid: string): boolean {
    return this.shards[shardOf(uid)]!.has(uid);
  }

  // Iteration collects the shards' entries into one array first: walking 64 shards through a
  // generator cost several times a Map's own iteration per element, and the pipeline walks
  // every record per batch.
  entries(): MapIterator<[string, SlimRecord]> {
    return this.collect((shard) => shard.entries());
  }

  keys(): MapIterator<string> {
    return this.collect((shard) => shard.keys());
  }

  values(): MapIterator<SlimRecord> {
    return this.collect((shard) => shard.values());
  }

  private collect<T>(of: (shard: ReadonlyMap<string, SlimRecord>) => Iterable<T>): MapIterator<T> {
    const all: T[] = [];
    for (const shard of this.shards) for (const item of of(shard)) all.push(item);
    return all.values() as unknown as MapIterator<T>;
  }

  [Symbol.iterator](): MapIterator<[string, SlimRecord]> {
    return this.entries();
  }

  forEach(
    callback: (value: SlimRecord, key: string, map: ReadonlyMap<string, SlimRecord>) => void,
    thisArg?: unknown,
  ): void {
    for (const shard of this.shards)
      for (const [key, value] of shard) callback.call(thisArg, value, key, this);
  }
}

export interface RecordTableDraft {
  get(uid: string): SlimRecord | undefined;
  has(uid: string): boolean;
  set(uid: string, record: SlimRecord): void;
  delete(uid: string): void;
  /** The new table; the base itself when nothing was written. */
  done(): ReadonlyMap<string, SlimRecord>;
}

/** A draft over `base` (a table, or any map of records, which the first write turns into one). */
export function edit(base: ReadonlyMap<string, SlimRecord>): RecordTableDraft {
  let table = base instanceof RecordTable ? base : null;
  let shards: ReadonlyMap<string, SlimRecord>[] | null = null;
  let copied: boolean[] = [];
  let size = 0;
  const writable = (uid: string): Map<string, SlimRecord> => {
    if (!shards) {
      table ??= RecordTable.of(base.values());
      shards = [...table.shards];
      size = table.size;
      copied = new Array<boolean>(SHARDS).fill(false);
    }
    const at = shardOf(uid);
    if (!copied[at]) {
      shards[at] = new Map(shards[at]);
      copied[at] = true;
    }
    return shards[at] as Map<string, SlimRecord>;
  };
  const read = (uid: string) =>
    shards ? shards[shardOf(uid)]!.get(uid) : (table ?? base).get(uid);
  return {
    get: read,
    has: (uid) => read(uid) !== undefined,
    set(uid, record) {
      const shard = writable(uid);
      if (!shard.has(uid)) size++;
      shard.set(uid, record);
    },
    delete(uid) {
      if (read(uid) === undefined) return;
      writable(uid).delete(uid);
      size--;
    },
    done: () => (shards ? new RecordTable(shards, size) : base),
  };
}

/** Each shard's records by kind: a shard is never written once its table is made. */
const shardSnapshots = new WeakMap<ReadonlyMap<string, SlimRecord>, ClusterSnapshot>();

function shardSnapshot(shard: ReadonlyMap<string, SlimRecord>): ClusterSnapshot {
  let snapshot = shardSnapshots.get(shard);
  if (!snapshot) shardSnapshots.set(shard, (snapshot = toClusterSnapshot(shard.values())));
  return snapshot;
}

/**
 * The records grouped by kind, in the table's order. The pipeline groups every record per batch:
 * at 35k records walking them all was about 5 ms of each batch; joining kept groups is a copy.
 */
export function clusterSnapshotOf(records: ReadonlyMap<string, SlimRecord>): ClusterSnapshot {
  if (!(records instanceof RecordTable)) return toClusterSnapshot(records.values());
  const parts = records.shards.map(shardSnapshot);
  const snapshot = emptySnapshot();
  for (const kind of Object.keys(snapshot) as (keyof ClusterSnapshot)[])
    if (kind !== 'visibility' && kind !== 'unread')
      (snapshot[kind] as SlimRecord[]) = ([] as SlimRecord[]).concat(
        ...parts.map((part) => part[kind] as SlimRecord[]),
      );
  return snapshot;
}
