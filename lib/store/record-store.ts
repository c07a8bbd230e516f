/**
 * The browser's record store: the slim records of the cluster keyed by uid, as the SSE stream
 * (lib/store/stream-connection.ts) delivers them, plus what the page must always know about that
 * stream (connection status, pause) and the server's DNS answers.
 *
 * Contract: `getState()` returns an immutable `RecordStoreState` (lib/store/record-state.ts) that
 * changes identity only when something changed, so it is directly a `useSyncExternalStore`
 * snapshot and selectors (lib/store/selectors.ts) memoise on it. Incoming events are queued and
 * applied once per animation frame (or as the injected scheduler paces them): one notification
 * per applied batch. A snapshot into an empty store is applied at once, with what was queued
 * before it: there is no picture to pace against, and a first picture of a big cluster waited
 * for a timer the busy thread served late. While paused,
 * record-changing events are held back and counted ("N updates waiting"); connection `status`
 * events still apply, because the user must always see whether the picture is live.
 * `replaceRecords` puts a whole set of records in place at once (the map at a past instant,
 * lib/worker/records-source.ts), whatever the pause, dropping queued and held stream events.
 * Isomorphic: no DOM access except through the injected scheduler.
 */
import type { ClusterInfo, StreamEvent, SyncState } from '../stream/protocol';
import type { SlimRecord } from '../topology/records';
import type { DnsResults } from '../topology/diagnosis';
import {
  applyStreamEvents,
  countChanges,
  sameJson,
  type RecordStoreState,
  type StreamStatus,
} from './record-state';

export type Scheduler = (callback: () => void) => () => void;

/** requestAnimationFrame in a visible tab; a timer where rAF is missing or throttled to never. */
const frameScheduler: Scheduler = (callback) => {
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

export interface RecordStore {
  getState(): RecordStoreState;
  subscribe(listener: () => void): () => void;
  /** Queues an event; it is applied with the others on the next frame. */
  push(event: StreamEvent): void;
  /** Applies everything queued now (tests, and the end of a frame). */
  flush(): void;
  setPaused(paused: boolean): void;
  setStreamStatus(status: StreamStatus): void;
  /** Stores the server's DNS answers; equal answers keep the state (and the topology) as is. */
  setDnsResults(results: DnsResults | undefined): void;
  /** Replaces every record now (and the cluster's description, when given); nothing is held. */
  replaceRecords(records: SlimRecord[], cluster?: ClusterInfo): void;
}

export function createRecordStore(
  initial: RecordStoreState,
  options: { schedule?: Scheduler } = {},
): RecordStore {
  const schedule = options.schedule ?? frameScheduler;
  let state = initial;
  let queue: StreamEvent[] = [];
  /** Events held back while paused, in arrival order. */
  let held: StreamEvent[] = [];
  let cancel: (() => void) | null = null;
  const listeners = new Set<() => void>();

  const set = (next: RecordStoreState) => {
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
    if (!state.paused) return set(applyStreamEvents(state, events));
    // Connection status stays live while paused; everything else waits for resume.
    const toApply: StreamEvent[] = [];
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
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push(event) {
      queue.push(event);
      if (event.type === 'snapshot' && state.records.size === 0 && !state.paused) return flush();
      cancel ??= schedule(flush);
    },
    flush,
    setPaused(paused) {
      if (paused === state.paused) return;
      flush();
      if (paused) return set({ ...state, version: state.version + 1, paused: true, pending: 0 });
      const events = held;
      held = [];
      const applied = applyStreamEvents({ ...state, paused: false, pending: 0 }, events);
      set({ ...applied, version: Math.max(applied.version, state.version + 1) });
    },
    setStreamStatus(status) {
      if (sameJson(status, state.stream)) return;
      set({ ...state, version: state.version + 1, stream: status });
    },
    replaceRecords(records, cluster) {
      cancel?.();
      cancel = null;
      queue = [];
      held = [];
      const snapshot: StreamEvent = {
        type: 'snapshot',
        cluster: cluster ?? state.cluster ?? { name: '', simulated: false, readOnly: true },
        // The stream's sync state stays as it was: a snapshot event needs one, this keeps it.
        sync: state.sync as SyncState,
        records,
      };
      const applied = applyStreamEvents({ ...state, paused: false }, [snapshot]);
      set({
        ...applied,
        sync: state.sync,
        paused: state.paused,
        pending: 0,
        version: Math.max(applied.version, state.version + 1),
      });
    },
    setDnsResults(results) {
      if (sameJson(results, state.dns)) return;
      set({ ...state, version: state.version + 1, dns: results });
    },
  };
}
