/**
 * The browser's cluster store: slim records keyed by uid, fed by the SSE stream.
 *
 * Contract (house-style §4.8, §5.5): `applyStreamEvents(state, events)` is a pure reducer that
 * returns the *same* state object when nothing changed, and a new immutable state (with a new
 * `version`) otherwise — so `useSyncExternalStore` can use the state itself as its snapshot.
 * The store queues incoming events and applies them once per animation frame (one notification
 * per batch). While paused, state-changing events are buffered and counted ("N updates
 * waiting"); connection `status` events still apply, because the user must always see whether
 * the picture is live. Isomorphic: no DOM access except through the injected scheduler.
 */
import type { ClusterInfo, StreamEvent, SyncState } from '../stream/protocol';
import type { SlimRecord } from '../topology/records';

export interface ClusterState {
  /** Increments on every change of records, cluster or sync. */
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
}

export interface StreamStatus {
  state: 'connecting' | 'open' | 'error';
  /** ISO time since which the stream has been down (set on the first error). */
  downSince?: string;
}

export function initialClusterState(init?: {
  cluster?: ClusterInfo | null;
  sync?: SyncState | null;
  records?: readonly SlimRecord[];
}): ClusterState {
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
  };
}

function sameRecord(a: SlimRecord | undefined, b: SlimRecord): boolean {
  // resourceVersion is opaque: equality only. A record with the same uid and RV is unchanged.
  return a !== undefined && a.kind === b.kind && a.meta.resourceVersion === b.meta.resourceVersion;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Applies a batch of stream events; returns `state` itself when nothing changed. */
export function applyStreamEvents(
  state: ClusterState,
  events: readonly StreamEvent[],
): ClusterState {
  let records: Map<string, SlimRecord> | null = null; // copied lazily, once per batch
  let cluster = state.cluster;
  let sync = state.sync;
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
        break;
      }
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
  if (!recordsChanged && cluster === state.cluster && sync === state.sync) return state;
  return {
    ...state,
    version: state.version + 1,
    recordsVersion: recordsChanged ? state.recordsVersion + 1 : state.recordsVersion,
    records: records ?? state.records,
    cluster,
    sync,
  };
}

/** Single-event form of the reducer (the batch form is what the store uses). */
export function applyStreamEvent(state: ClusterState, event: StreamEvent): ClusterState {
  return applyStreamEvents(state, [event]);
}

/** How many record changes an event carries (for the "N updates waiting" count). */
export function countChanges(event: StreamEvent): number {
  switch (event.type) {
    case 'snapshot':
      return 1;
    case 'upsert':
      return event.records.length;
    case 'delete':
      return event.refs.length;
    case 'status':
      return 0;
  }
}

export type Scheduler = (callback: () => void) => () => void;

/** requestAnimationFrame in a visible tab; a timer where rAF is missing or throttled to never. */
export const frameScheduler: Scheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') {
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      callback();
    };
    const frame = requestAnimationFrame(run);
    // Hidden tabs get no frames; a fallback keeps the store current so a tab shown later is true.
    const timer = setTimeout(run, 250);
    return () => {
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }
  const timer = setTimeout(callback, 16);
  return () => clearTimeout(timer);
};

export interface ClusterStore {
  getState(): ClusterState;
  subscribe(listener: () => void): () => void;
  /** Queues an event; it is applied with the others on the next frame. */
  push(event: StreamEvent): void;
  /** Applies everything queued now (tests, and the end of a frame). */
  flush(): void;
  setPaused(paused: boolean): void;
  setStreamStatus(status: StreamStatus): void;
  /** Listeners called after each applied batch with the events it carried (for announcements). */
  onBatch(listener: (events: readonly StreamEvent[], before: ClusterState) => void): () => void;
}

export function createClusterStore(
  initial: ClusterState,
  options: { schedule?: Scheduler } = {},
): ClusterStore {
  const schedule = options.schedule ?? frameScheduler;
  let state = initial;
  let queue: StreamEvent[] = [];
  /** Events held back while paused, in arrival order. */
  let held: StreamEvent[] = [];
  let cancel: (() => void) | null = null;
  const listeners = new Set<() => void>();
  const batchListeners = new Set<(events: readonly StreamEvent[], before: ClusterState) => void>();

  const set = (next: ClusterState) => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener();
  };

  const flush = () => {
    cancel?.();
    cancel = null;
    if (queue.length === 0) return;
    const events = queue;
    queue = [];
    const before = state;
    let toApply: StreamEvent[] = events;
    if (state.paused) {
      // Connection status stays live while paused; everything else waits for resume.
      toApply = [];
      let added = 0;
      for (const event of events) {
        if (event.type === 'status') toApply.push(event);
        else {
          held.push(event);
          added += countChanges(event);
        }
      }
      let next = applyStreamEvents(state, toApply);
      if (added > 0) next = { ...next, version: next.version + 1, pending: next.pending + added };
      set(next);
    } else {
      set(applyStreamEvents(state, events));
    }
    if (toApply.length > 0 && state !== before)
      for (const listener of batchListeners) listener(toApply, before);
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push(event) {
      queue.push(event);
      cancel ??= schedule(flush);
    },
    flush,
    setPaused(paused) {
      if (paused === state.paused) return;
      flush();
      if (paused) {
        set({ ...state, version: state.version + 1, paused: true, pending: 0 });
        return;
      }
      const events = held;
      held = [];
      const before = state;
      const applied = applyStreamEvents({ ...state, paused: false, pending: 0 }, events);
      set({ ...applied, version: Math.max(applied.version, state.version + 1) });
      if (events.length > 0) for (const listener of batchListeners) listener(events, before);
    },
    setStreamStatus(status) {
      if (sameJson(status, state.stream)) return;
      set({ ...state, version: state.version + 1, stream: status });
    },
    onBatch(listener) {
      batchListeners.add(listener);
      return () => batchListeners.delete(listener);
    },
  };
}
