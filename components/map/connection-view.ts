/**
 * What the header says about the connection: live, syncing, reconnecting to the cluster or
 * to the dashboard server (and since when), or a recorded snapshot (no cluster at all). The browser's own view of the stream wins: when the
 * dashboard server is down, it cannot send a `status` event to say so. Also whether what the
 * map shows is stale (the graph greys out and hides its health marks until data is fresh). Pure.
 */
import type { SyncState } from '@/lib/stream/protocol';
import type { StreamStatus } from '@/lib/store/record-state';
import type { StreamRefusal } from '@/lib/store/stream-refusal';

export type ConnectionView =
  /** The server refused the person (401/403): no retry will change it (lib/store/stream-refusal.ts). */
  | { state: 'refused'; refusal: StreamRefusal }
  | { state: 'live' }
  | { state: 'snapshot' }
  | { state: 'syncing' }
  | { state: 'reconnecting'; since?: string; what: 'cluster' | 'dashboard server' };

export function connectionView(sync: SyncState | null, stream: StreamStatus): ConnectionView {
  if (stream.state === 'refused' && stream.refusal)
    return { state: 'refused', refusal: stream.refusal };
  if (stream.state === 'error')
    return { state: 'reconnecting', since: stream.downSince, what: 'dashboard server' };
  if (!sync) return { state: 'syncing' };
  if (sync.connection === 'reconnecting')
    return { state: 'reconnecting', since: sync.staleSince, what: 'cluster' };
  if (sync.connection === 'syncing') return { state: 'syncing' };
  if (sync.connection === 'snapshot') return { state: 'snapshot' };
  return { state: 'live' };
}

/** The map's data is stale while the cluster or the dashboard server is being reconnected to. */
export interface Staleness {
  /** ISO time since which updates stopped, when known. */
  since?: string;
  what: 'cluster' | 'dashboard server';
}

/** Stale while reconnecting, fresh again as soon as the stream is live (or relisting) again. */
export function staleness(view: ConnectionView): Staleness | null {
  if (view.state !== 'reconnecting') return null;
  return view.since ? { since: view.since, what: view.what } : { what: view.what };
}
