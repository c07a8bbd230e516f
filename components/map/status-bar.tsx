'use client';
/**
 * The header: cluster name, the simulated-cluster banner, the connection state (live /
 * reconnecting / stale since …, from the server's `status` events and the browser's own
 * EventSource health), initial-sync progress on big clusters, and the last error in words.
 */
import type { ClusterInfo, SyncState } from '@/lib/stream/protocol';
import type { StreamStatus } from '@/lib/store/cluster-store';
import { fmt } from '@/lib/graph/describe';

export type ConnectionView =
  | { state: 'live' }
  | { state: 'syncing' }
  | { state: 'reconnecting'; since?: string; what: 'cluster' | 'dashboard server' };

export function connectionView(sync: SyncState | null, stream: StreamStatus): ConnectionView {
  if (stream.state === 'error')
    return { state: 'reconnecting', since: stream.downSince, what: 'dashboard server' };
  if (!sync) return { state: 'syncing' };
  if (sync.connection === 'reconnecting')
    return { state: 'reconnecting', since: sync.staleSince, what: 'cluster' };
  if (sync.connection === 'syncing') return { state: 'syncing' };
  return { state: 'live' };
}

function time(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString('en-GB', { hour12: false });
}

export function StatusBar({
  cluster,
  sync,
  stream,
  paused,
  pending,
}: {
  cluster: ClusterInfo | null;
  sync: SyncState | null;
  stream: StreamStatus;
  paused: boolean;
  pending: number;
}) {
  const view = connectionView(sync, stream);
  const kinds = Object.entries(sync?.kinds ?? {});
  const unsynced = kinds.filter(([, k]) => !k.synced);
  return (
    <div className="flex flex-col">
      {cluster?.simulated && (
        <p
          role="note"
          className="bg-banner px-4 py-1 text-sm font-medium text-banner-fg"
          data-testid="simulated-banner"
        >
          Simulated cluster (embedded) — no kubeconfig found. Objects, pods and IPs are simulated.
        </p>
      )}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2">
        <h1 className="text-lg font-semibold">Switchboard</h1>
        <p className="text-sm">
          <span className="text-muted">Cluster </span>
          <span className="font-medium" data-testid="cluster-name">
            {cluster?.name ?? '…'}
          </span>
          {cluster?.readOnly && (
            <span className="ml-2 rounded border border-line px-1 text-xs">read-only</span>
          )}
        </p>
        <p
          className="text-sm"
          data-testid="connection-state"
          data-state={view.state}
          aria-live="polite"
        >
          {view.state === 'live' && (
            <>
              <span aria-hidden="true" className="text-ok">
                ●{' '}
              </span>
              {paused ? 'Live (display paused)' : 'Live'}
            </>
          )}
          {view.state === 'syncing' && (
            <>
              <span aria-hidden="true" className="text-warn">
                ◐{' '}
              </span>
              Syncing
              {unsynced.length > 0 &&
                `: ${kinds.filter(([, k]) => k.synced).length} of ${kinds.length} kinds listed`}
            </>
          )}
          {view.state === 'reconnecting' && (
            <>
              <span aria-hidden="true" className="text-bad">
                ○{' '}
              </span>
              Reconnecting to the {view.what}
              {view.since ? ` — stale since ${time(view.since)}` : ''}
            </>
          )}
        </p>
        {paused && (
          <p className="text-sm text-warn" data-testid="pending-updates">
            Paused · {fmt(pending)} update{pending === 1 ? '' : 's'} waiting
          </p>
        )}
        {view.state === 'syncing' && kinds.length > 0 && (
          <p className="text-xs text-muted" data-testid="sync-progress">
            {kinds
              .map(([kind, k]) => `${kind} ${fmt(k.count)}${k.synced ? ' ✓' : '…'}`)
              .join(' · ')}
          </p>
        )}
      </div>
      {sync?.lastError && view.state !== 'live' && (
        <p
          role="alert"
          className="border-y border-line bg-surface px-4 py-1 text-sm text-bad"
          data-testid="cluster-error"
        >
          Cannot reach the cluster: {sync.lastError}
        </p>
      )}
    </div>
  );
}
