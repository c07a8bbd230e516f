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
import type { ClusterInfo, StreamEvent, SyncState } from '../stream/protocol';
import type { DnsResults } from '../topology/diagnosis';
import type { SlimRecord } from '../topology/records';
import { applyRecordPatch } from '../stream/record-patch';

export interface RecordStoreState {
  /** Increments on every change of records, cluster, sync, stream, pause or DNS answers. */
  version: number;
  /** Increments only when `records` changes (what the derived topology depends on). */
  recordsVersion: number;
  records: ReadonlyMap<string, SlimRecord>;
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
  state: 'connecting' | 'open' | 'error';
  /** ISO time since which the stream has been down (set on the first error). */
  downSince?: string;
}

export function initialRecordStoreState(init?: {
  cluster?: ClusterInfo | null;
  sync?: SyncState | null;
  records?: readonly SlimRecord[];
  arriving?: number;
}): RecordStoreState {
  const records = new Map<string, SlimRecord>();
  for (const record of init?.records ?? []) records.set(record.meta.uid, record);
  return {
    version: 0,
    recordsVersion: 0,
    records,
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
  let records: Map<string, SlimRecord> | null = null; // copied lazily, once per batch
  let cluster = state.cluster;
  let sync = state.sync;
  let resync = state.resync;
  let arriving = state.arriving;
  const current = () => records ?? state.records;
  const writable = () => (records ??= new Map(state.records));

  for (const event of events) {
    switch (event.type) {
      case 'snapshot': {
        const before = current();
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
          records = new Map();
          for (const record of event.records) records.set(record.meta.uid, record);
        }
        if (!sameJson(cluster, event.cluster)) cluster = event.cluster;
        if (!sameJson(sync, event.sync)) sync = event.sync;
        resync = false;
        arriving = null;
        break;
      }
      case 'delta':
        for (const ref of event.deletes ?? []) {
          if (current().has(ref.uid)) writable().delete(ref.uid);
        }
        for (const record of event.upserts ?? []) {
          if (sameRecord(current().get(record.meta.uid), record)) continue;
          writable().set(record.meta.uid, record);
        }
        for (const patch of event.patches ?? []) {
          const held = current().get(patch.u);
          const next = held && applyRecordPatch(held, patch);
          if (next) writable().set(patch.u, next);
          else resync = true;
        }
        break;
      case 'upsert':
        for (const record of event.records) {
          if (sameRecord(current().get(record.meta.uid), record)) continue;
          writable().set(record.meta.uid, record);
        }
        break;
      case 'delete':
        for (const ref of event.refs) {
          if (!current().has(ref.uid)) continue;
          writable().delete(ref.uid);
        }
        break;
      case 'status':
        if (!sameJson(sync, event.sync)) sync = event.sync;
        break;
    }
  }

  const recordsChanged = records !== null;
  const same =
    cluster === state.cluster &&
    sync === state.sync &&
    resync === state.resync &&
    arriving === state.arriving;
  if (!recordsChanged && same) return state;
  return {
    ...state,
    version: state.version + 1,
    recordsVersion: recordsChanged ? state.recordsVersion + 1 : state.recordsVersion,
    records: records ?? state.records,
    cluster,
    sync,
    resync,
    arriving,
  };
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
