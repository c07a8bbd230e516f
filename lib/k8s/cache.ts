import 'server-only';
/**
 * The cluster cache: slim records per kind, keyed by uid, and the change batches they produce.
 *
 * Contract: one cache per cluster per process (the hub owns it). Every change is emitted once,
 * as a batch of upserts and deletes, to subscribers, synchronously. A record whose
 * resourceVersion equals the cached one is never re-emitted, and `replace` (a fresh list, e.g.
 * after a 410) emits only what differs: changed RV → upsert, missing → delete, new → upsert
 * (a relist after a 410 must not look like every object changed). Records are immutable once stored: a change replaces the object, so snapshots
 * and queued frames can hold references safely. The batch of a kind's first `replace` is marked
 * `initial`: what was there when watching began, not changes — the one definition every consumer
 * (the Service trail) uses, whatever order the kinds finish their first list in. Pod names, uids
 * and IPs repeated by slices and Endpoints share the pod records' strings (pod-strings.ts).
 */
import {
  toClusterSnapshot,
  type ClusterSnapshot,
  type RecordKind,
  type SlimRecord,
} from '../topology/records';
import { keepPodStrings, sharePodStrings } from './pod-strings';
import type { WatchEventType } from './watch-events';

export interface RecordRef {
  kind: RecordKind;
  uid: string;
  /** Where the deleted object was, so a delete reaches only the scopes that could see it. */
  namespace?: string;
  name?: string;
}

export interface ChangeBatch {
  upserts: SlimRecord[];
  deletes: RecordRef[];
  /** The records the upserts replaced, by uid (the stream sends what changed from them). */
  previous?: ReadonlyMap<string, SlimRecord>;
  /** The kind's first complete list: its records were there before watching began. */
  initial?: boolean;
}

export type ChangeListener = (batch: ChangeBatch) => void;

export class ClusterCache {
  private readonly byKind = new Map<RecordKind, Map<string, SlimRecord>>();
  private readonly listeners = new Set<ChangeListener>();
  /** Kinds whose first list has been taken in (later lists are relists: their differences are changes). */
  private readonly listed = new Set<RecordKind>();
  /** Emitted changes, for tests and benchmarks (spurious-update checks). */
  readonly counters = { upserts: 0, deletes: 0 };

  private kindMap(kind: RecordKind): Map<string, SlimRecord> {
    let m = this.byKind.get(kind);
    if (!m) {
      m = new Map();
      this.byKind.set(kind, m);
    }
    return m;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(batch: ChangeBatch): void {
    if (batch.upserts.length === 0 && batch.deletes.length === 0) return;
    this.counters.upserts += batch.upserts.length;
    this.counters.deletes += batch.deletes.length;
    for (const l of this.listeners) l(batch);
  }

  /** One watch event. */
  apply(type: WatchEventType, record: SlimRecord): void {
    const m = this.kindMap(record.kind);
    const current = m.get(record.meta.uid);
    if (type === 'DELETED') {
      if (!current) return;
      m.delete(record.meta.uid);
      this.emit({ upserts: [], deletes: [refOf(current)] });
      return;
    }
    if (current && current.meta.resourceVersion === record.meta.resourceVersion) return;
    this.share(record, current);
    m.set(record.meta.uid, record);
    const previous = current ? new Map([[current.meta.uid, current]]) : undefined;
    this.emit({ upserts: [record], deletes: [], previous });
  }

  /** A complete fresh list of one kind: emit only the differences. */
  replace(kind: RecordKind, records: SlimRecord[]): void {
    const m = this.kindMap(kind);
    const upserts: SlimRecord[] = [];
    const previous = new Map<string, SlimRecord>();
    // Nothing held yet (a first list): nothing can be missing from it, so no set of what was seen
    // (at 150,000 pods its table and the ones it outgrew are ~10 MiB of garbage at the peak).
    const seen = m.size > 0 ? new Set<string>() : undefined;
    for (const r of records) {
      seen?.add(r.meta.uid);
      const current = m.get(r.meta.uid);
      if (current && current.meta.resourceVersion === r.meta.resourceVersion) continue;
      if (current) previous.set(current.meta.uid, current);
      this.share(r, current);
      m.set(r.meta.uid, r);
      upserts.push(r);
    }
    const deletes: RecordRef[] = [];
    if (seen) {
      for (const [uid, record] of m) {
        if (!seen.has(uid)) deletes.push(refOf(record));
      }
    }
    for (const d of deletes) m.delete(d.uid);
    // Slices and Endpoints stored before these pods (kinds list in any order) share them now.
    if (kind === 'Pod' && upserts.length > 0) {
      for (const k of ['EndpointSlice', 'Endpoints'] as const) {
        for (const r of this.byKind.get(k)?.values() ?? []) sharePodStrings(r, m);
      }
    }
    const initial = !this.listed.has(kind);
    this.listed.add(kind);
    this.emit({ upserts, deletes, previous, ...(initial ? { initial } : {}) });
  }

  /** Before a record is stored: the strings it repeats point at the cached pods' (equal values). */
  private share(record: SlimRecord, current: SlimRecord | undefined): void {
    if (record.kind === 'Pod') keepPodStrings(record, current);
    else sharePodStrings(record, this.byKind.get('Pod'));
  }

  get(kind: RecordKind, uid: string): SlimRecord | undefined {
    return this.byKind.get(kind)?.get(uid);
  }

  size(kind: RecordKind): number {
    return this.byKind.get(kind)?.size ?? 0;
  }

  list<K extends RecordKind>(kind: K): Extract<SlimRecord, { kind: K }>[] {
    return [...(this.byKind.get(kind)?.values() ?? [])] as Extract<SlimRecord, { kind: K }>[];
  }

  /** Every record of every kind (references; records are immutable). */
  records(): SlimRecord[] {
    return [...this.values()];
  }

  private *values(): Generator<SlimRecord> {
    for (const m of this.byKind.values()) yield* m.values();
  }

  snapshot(): ClusterSnapshot {
    return toClusterSnapshot(this.values());
  }
}

/**
 * One `T` per cache, made from its records on first use and fed every change batch from then on,
 * subscribed in the same synchronous step, so it holds exactly the cache's records (the hub's
 * model, hub-model.ts; the address index, write/address-index.ts). Kept as long as the cache is.
 */
export function followerOf<T extends { apply(batch: ChangeBatch): void }>(
  make: (records: SlimRecord[]) => T,
): (cache: ClusterCache) => T {
  const made = new WeakMap<ClusterCache, T>();
  return (cache) => {
    let follower = made.get(cache);
    if (!follower) {
      const created = make(cache.records());
      cache.subscribe((batch) => created.apply(batch));
      made.set(cache, created);
      follower = created;
    }
    return follower;
  };
}

function refOf(record: SlimRecord): RecordRef {
  const { uid, namespace, name } = record.meta;
  return { kind: record.kind, uid, namespace, name };
}
