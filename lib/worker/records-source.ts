/**
 * Where the pipeline's record store gets its records: the live stream (`/api/stream`), or the
 * records of one past instant (`GET /api/records?at=`) for the map's history mode. Runs beside the
 * pipeline, in the worker or in the page (the same code either way).
 *
 * Contract: `show(null)` is live: the stream is (re)opened and its first snapshot replaces
 * whatever was shown. `show(at)` closes the stream — live updates are held by not being read at
 * all; returning to live starts from a fresh snapshot — then loads the instant's records and puts
 * them in the store, whatever the pause. Live records and a past instant's are never shown under
 * the other's name: leaving live empties the store before the instant loads (the page shows the
 * loading state, never the live map under a "History" label), and returning to live empties it
 * until the stream's snapshot arrives. Between two instants the one shown stays until the next
 * arrives. A newer `show` wins over a load still on its way. Every change of mode is reported
 * (`HistoryStatus`); a refused instant (malformed, in the future, before the retained history)
 * keeps the instant shown before, if any, and reports the problem's words. While an instant is
 * shown or loading the store's stream status is `open` (the closed stream is not an outage).
 * `close()` ends the stream and any load.
 */
import type { RecordsAtResponse } from '../api/history';
import { readProblem } from '../api/problem';
import type { RecordStore } from '../store/record-store';

/** What the map is showing: live data, or one instant of the past. */
export type HistoryStatus =
  | { mode: 'live' }
  | { mode: 'loading'; at: string }
  | { mode: 'shown'; at: string; now: string; retainedSince: string }
  | { mode: 'failed'; at: string; message: string; retainedSince?: string };

export interface RecordsSource {
  show(at: string | null): void;
  /** True while the store holds (or is about to hold) a past instant rather than live data. */
  inHistory(): boolean;
  /** The instant shown or on its way; null when live. */
  shown(): string | null;
  close(): void;
}

export interface RecordsSourceDeps {
  /** Opens the live stream into the store; returns its close (lib/store/stream-connection.ts). */
  connect: (store: RecordStore) => () => void;
  fetch: typeof fetch;
  /** Where a cluster's records are read (lib/api/paths.ts); the first cluster's by default. */
  recordsUrl?: string;
}

export const RECORDS_URL = '/api/records';

export function createRecordsSource(
  store: RecordStore,
  report: (status: HistoryStatus) => void,
  deps: RecordsSourceDeps,
): RecordsSource {
  let closeStream: (() => void) | null = null;
  let load: AbortController | null = null;
  let wanted: string | null = null;
  /** What the store holds: live records (or the server's first, live, ones), else an instant's. */
  let holdsLive = true;

  const load_ = async (at: string, signal: AbortSignal) => {
    try {
      const response = await deps.fetch(
        `${deps.recordsUrl ?? RECORDS_URL}?at=${encodeURIComponent(at)}`,
        {
          signal,
          headers: { accept: 'application/json' },
        },
      );
      if (!response.ok) {
        const problem = await readProblem(response);
        const since = (problem as { retainedSince?: unknown }).retainedSince;
        if (signal.aborted) return;
        report({
          mode: 'failed',
          at,
          message: problem.detail ?? problem.title,
          ...(typeof since === 'string' ? { retainedSince: since } : {}),
        });
        return;
      }
      const body = (await response.json()) as RecordsAtResponse;
      if (signal.aborted) return;
      store.replaceRecords(body.records, body.cluster);
      // An instant's records are whole and exact, not a stream's last word: nothing shown is
      // stale for want of the stream (closed on purpose), so it does not read as down.
      store.setStreamStatus({ state: 'open' });
      report({ mode: 'shown', at: body.at, now: body.now, retainedSince: body.retainedSince });
    } catch (error) {
      if (signal.aborted) return;
      report({ mode: 'failed', at, message: `Could not load the map at ${at}: ${String(error)}` });
    }
  };

  const source: RecordsSource = {
    show(at) {
      if (at === wanted && (at !== null || closeStream)) return;
      wanted = at;
      load?.abort();
      load = null;
      if (at === null) {
        if (!holdsLive) store.replaceRecords([]);
        holdsLive = true;
        closeStream ??= deps.connect(store);
        report({ mode: 'live' });
        return;
      }
      closeStream?.();
      closeStream = null;
      if (holdsLive) {
        store.replaceRecords([]);
        store.setStreamStatus({ state: 'open' });
        holdsLive = false;
      }
      report({ mode: 'loading', at });
      load = new AbortController();
      void load_(at, load.signal);
    },
    inHistory: () => wanted !== null,
    shown: () => wanted,
    close() {
      load?.abort();
      closeStream?.();
      closeStream = null;
    },
  };
  return source;
}
