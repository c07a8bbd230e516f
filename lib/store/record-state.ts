/**
 * The state of the browser's record store (lib/store/record-store.ts) and the pure reducer that
 * applies stream events (lib/stream/protocol.ts) to it.
 *
 * Contract: `applyStreamEvents(state, events)` returns the *same* state object when nothing
 * changed, and a new immutable state (with a new `version`) otherwise, so React's
 * `useSyncExternalStore` can use the state itself as its snapshot and selectors can memoise on
 * identities. resourceVersion is opaque: compared for equality only. A `delta` frame's patch
 * (lib/stream/record-patch.ts) applies only to the record at the version it names; one that
 * does not (a frame was missed) is not applied and sets `resync`: the stream connection then
 * starts again from a fresh snapshot, which clears it. Isomorphic, no DOM.
 */
import type { StreamRefusal } from './stream-refusal';
import type { ClusterInfo, StreamEvent, SyncState } from '../stream/protocol';
import type { DnsResults } from '../topology/diagnosis';
import type { RecordChanges } from '../topology/live-model';
import type { SlimRecord } from '../topology/records';
import { applyRecordPatch } from '../stream/record-patch';
import { edit, RecordTable, type RecordTableDraft } from './record-table';

export interface RecordStoreState {
  /** Increments on every change of records, cluster, sync, stream, pause or DNS answers. */
  version: number;
  /** Increments only when `records` changes (what the derived topology depends on). */
  recordsVersion: number;
  /** By uid; a `RecordTable` once a batch has changed them (a batch copies only what it wrote). */
  records: ReadonlyMap<string, SlimRecord>;
  /**
   * What the batch that made `to` (these `records`) changed, relative to `from` (the records
   * before it), so the derived view need not compare the two maps; absent when a snapshot
   * replaced them.
   */
  recordDelta?: RecordChanges & {
    from: ReadonlyMap<string, SlimRecord>;
    to: ReadonlyMap<string, SlimRecord>;
  };
  cluster: ClusterInfo | null;
  sync: SyncState | null;
  /** Browser-side view of the stream itself (EventSource open/closed). */
  stream: StreamStatus;
  paused: boolean;
  /** Record changes buffered while paused. */
  pending: number;
  /**
   * The server's DNS answers for ExternalName targets: the browser cannot resolve names itself,
   * and the diagnosis needs them. Undefined while there is no ExternalName Service.
   */
  dns: DnsResults | undefined;
  /**
   * A patch did not fit the record held (a frame was missed): the picture may be wrong until a
   * fresh snapshot, which the stream connection asks for (lib/store/stream-connection.ts).
   */
  resync: boolean;
  /**
   * How many records the server held when the page was made, left for the stream's first
   * snapshot to bring (too many to carry in the page: lib/k8s/server.ts); null once a snapshot
   * has arrived, or when the page carried its records itself.
   */
  arriving: number | null;
}

export interface StreamStatus {
  /** `refused`: the server refused the person (stream-refusal.ts); the stream is not retried. */
  state: 'connecting' | 'open' | 'error' | 'refused';
  /** ISO time since which the stream has been down (set on the first error). */
  downSince?: string;
  /** With `refused`: the status and the server's words. */
  refusal?: StreamRefusal;
}

export function initialRecordStoreState(init?: {
  cluster?: ClusterInfo | null;
  sync?: SyncState | null;
  records?: readonly SlimRecord[];
  arriving?: number;
}): RecordStoreState {
  return {
    version: 0,
    recordsVersion: 0,
    records: RecordTable.of(init?.records ?? []),
    cluster: init?.cluster ?? null,
    sync: init?.sync ?? null,
    stream: { state: 'connecting' },
    paused: false,
    pending: 0,
    dns: undefined,
    resync: false,
    arriving: init?.arriving ?? null,
  };
}

function sameRecord(a: SlimRecord | undefined, b: SlimRecord): boolean {
  // A record with the same uid and resourceVersion is unchanged.
  return a !== undefined && a.kind === b.kind && a.meta.resourceVersion === b.meta.resourceVersion;
}

/** Structural equality of small JSON values (cluster info, sync state, DNS answers). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Applies a batch of stream events; returns `state` itself when nothing changed. */
export function applyStreamEvents(
  state: RecordStoreState,
  events: readonly StreamEvent[],
): RecordStoreState {
  // The records as the batch goes: `base`, with `draft`'s writes once there are any. A draft
  // copies only the shards it writes to (lib/store/record-table.ts).
  let base = state.records;
  let draft: RecordTableDraft | null = null;
  let replaced = false;
  const touched = new Set<string>();
  let cluster = state.cluster;
  let sync = state.sync;
  let resync = state.resync;
  let arriving = state.arriving;
  const read = (uid: string) => (draft ? draft.get(uid) : base.get(uid));
  const write = (uid: string, record: SlimRecord | null) => {
    draft ??= edit(base);
    if (record) draft.set(uid, record);
    else draft.delete(uid);
    touched.add(uid);
  };
  const settled = () => {
    if (draft) base = draft.done();
    draft = null;
    return base;
  };

  for (const event of events) {
    switch (event.type) {
      case 'snapshot': {
        const before = settled();
        let changed = before.size !== event.records.length;
        if (!changed) {
          for (const record of event.records) {
            if (!sameRecord(before.get(record.meta.uid), record)) {
              changed = true;
              break;
            }
          }
        }
        if (changed) {
          base = RecordTable.of(event.records);
          replaced = true;
        }
        if (!sameJson(cluster, event.cluster)) cluster = event.cluster;
        if (!sameJson(sync, event.sync)) sync = event.sync;
        resync = false;
        arriving = null;
        break;
      }
      case 'delta':
        for (const ref of event.deletes ?? []) if (read(ref.uid)) write(ref.uid, null);
        for (const record of event.upserts ?? []) {
          if (sameRecord(read(record.meta.uid), record)) continue;
          write(record.meta.uid, record);
        }
        for (const patch of event.patches ?? []) {
          const held = read(patch.u);
          const next = held && applyRecordPatch(held, patch);
          if (next) write(patch.u, next);
          else resync = true;
        }
        break;
      case 'upsert':
        for (const record of event.records) {
          if (sameRecord(read(record.meta.uid), record)) continue;
          write(record.meta.uid, record);
        }
        break;
      case 'delete':
        for (const ref of event.refs) if (read(ref.uid)) write(ref.uid, null);
        break;
      case 'status':
        if (!sameJson(sync, event.sync)) sync = event.sync;
        break;
    }
  }

  const records = settled();
  const recordsChanged = records !== state.records;
  const same =
    cluster === state.cluster &&
    sync === state.sync &&
    resync === state.resync &&
    arriving === state.arriving;
  if (!recordsChanged && same) return state;
  const next: RecordStoreState = {
    ...state,
    version: state.version + 1,
    recordsVersion: recordsChanged ? state.recordsVersion + 1 : state.recordsVersion,
    records,
    cluster,
    sync,
    resync,
    arriving,
  };
  delete next.recordDelta;
  if (recordsChanged && !replaced) next.recordDelta = deltaOf(state.records, records, touched);
  return next;
}

/** What changed from `from` to `to` among the `touched` uids (each once, as it ends up). */
function deltaOf(
  from: ReadonlyMap<string, SlimRecord>,
  to: ReadonlyMap<string, SlimRecord>,
  touched: ReadonlySet<string>,
): NonNullable<RecordStoreState['recordDelta']> {
  const upserts: SlimRecord[] = [];
  const deletes: RecordChanges['deletes'][number][] = [];
  for (const uid of touched) {
    const now = to.get(uid);
    const before = from.get(uid);
    if (now) {
      if (now !== before) upserts.push(now);
    } else if (before) deletes.push({ kind: before.kind, uid });
  }
  return { from, to, upserts, deletes };
}

/** How many record changes an event carries (for the "N updates waiting" count). */
export function countChanges(event: StreamEvent): number {
  switch (event.type) {
    case 'snapshot':
      return 1;
    case 'upsert':
      return event.records.length;
    case 'delta':
      return (
        (event.upserts?.length ?? 0) + (event.patches?.length ?? 0) + (event.deletes?.length ?? 0)
      );
    case 'delete':
      return event.refs.length;
    case 'status':
      return 0;
  }
}
