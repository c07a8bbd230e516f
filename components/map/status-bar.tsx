'use client';
/**
 * The header: cluster name, the simulated-cluster banner, the recorded-snapshot banner (which
 * cluster, which instant, read-only, nothing contacted), the connection state (live /
 * reconnecting / stale since … / snapshot / refused, with why: stream-refused.tsx;
 * connection-view.ts), initial-sync progress on big clusters, the
 * last error in words, and each kind RBAC does not let the dashboard list, with what the map
 * loses without it (the server words it: lib/k8s/forbidden.ts). Reads the record store only, so
 * it re-renders on status events alone. It sits in the map's banner landmark (service-map.tsx).
 */
import { fmt, formatClock } from '@/lib/graph/describe';
import { instantLabel, snapshotBannerText } from '@/lib/history-view/instant';
import {
  selectCluster,
  selectPaused,
  selectPending,
  selectStream,
  selectSync,
} from '@/lib/store/selectors';
import type { ClusterInfo, SyncState } from '@/lib/stream/protocol';
import { Badge } from '@/components/ui/badge';
import { Glyph } from '@/components/ui/glyph';
import { connectionView, type ConnectionView } from './connection-view';
import { useMirror, useStatus } from './map-context';
import { ClusterText } from '@/components/ui/cluster-text';
import { AccessNote } from './access-note';
import { StreamRefused } from './stream-refused';

function ConnectionState({
  view,
  sync,
  paused,
  history,
}: {
  view: ConnectionView;
  sync: SyncState | null;
  paused: boolean;
  /** The map shows a past instant (components/history/history-banner.tsx says which). */
  history: boolean;
}) {
  const kinds = Object.entries(sync?.kinds ?? {});
  const synced = kinds.filter(([, k]) => k.synced).length;
  return (
    <p
      className="text-sm"
      data-testid="connection-state"
      data-state={view.state}
      aria-live="polite"
    >
      {view.state === 'live' && history && (
        <>
          <Glyph className="text-warn">◷ </Glyph>
          History (live updates held)
        </>
      )}
      {view.state === 'live' && !history && (
        <>
          <Glyph className="text-ok">● </Glyph>
          {paused ? 'Live (display paused)' : 'Live'}
        </>
      )}
      {view.state === 'snapshot' && (
        <>
          <Glyph className="text-muted">■ </Glyph>
          Snapshot (nothing changes)
        </>
      )}
      {view.state === 'syncing' && (
        <>
          <Glyph className="text-warn">◐ </Glyph>
          Syncing
          {synced < kinds.length && `: ${synced} of ${kinds.length} kinds listed`}
        </>
      )}
      {view.state === 'refused' && (
        <>
          <Glyph className="text-bad">✕ </Glyph>
          {view.refusal.status === 401
            ? 'Signed out — updates stopped'
            : 'Refused by the cluster — updates stopped'}
        </>
      )}
      {view.state === 'reconnecting' && (
        <>
          <Glyph className="text-bad">○ </Glyph>
          Reconnecting to the {view.what}
          {view.since ? ` — stale since ${formatClock(view.since)}` : ''}
        </>
      )}
    </p>
  );
}

/** A recorded snapshot (`switchboard view FILE`): which cluster, which instant, and what it is not. */
function SnapshotBanner({ cluster }: { cluster: ClusterInfo }) {
  const snapshot = cluster.snapshot;
  if (!snapshot) return null;
  return (
    <div
      role="note"
      aria-label="Recorded snapshot"
      className="border-y-2 border-dashed border-warn bg-surface-2 px-4 py-1 text-sm"
      data-testid="snapshot-banner"
    >
      <strong data-testid="snapshot-label">{snapshotBannerText(cluster.name, snapshot.at)}</strong>
      <span className="text-muted">
        {' '}
        — saved {instantLabel(snapshot.takenAt)}. No cluster is connected: the map shows the
        recorded records and does not change; nothing is written, probed or looked up.
      </span>
    </div>
  );
}

export function StatusBar() {
  const cluster = useStatus(selectCluster);
  const sync = useStatus(selectSync);
  const stream = useStatus(selectStream);
  const paused = useStatus(selectPaused);
  const pending = useStatus(selectPending);
  const history = useMirror((m) => m.history.mode !== 'live');
  const view = connectionView(sync, stream);
  const kinds = Object.entries(sync?.kinds ?? {});
  return (
    <div className="flex flex-col">
      {cluster?.simulated && (
        <p
          role="note"
          className="bg-banner px-4 py-1 text-sm font-medium text-banner-fg"
          data-testid="simulated-banner"
        >
          Simulated cluster (Switchboard&apos;s embedded cluster, by its version). Objects, pods and
          IPs are simulated: nothing is probed or looked up.
        </p>
      )}
      {cluster && <SnapshotBanner cluster={cluster} />}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2">
        <h1 className="text-lg font-semibold">Switchboard</h1>
        <p className="text-sm">
          <span className="text-muted">Cluster </span>
          <span className="font-medium" data-testid="cluster-name">
            {cluster?.name ?? '…'}
          </span>
          {cluster?.readOnly && (
            <Badge tone="outline" className="ml-2">
              read-only
            </Badge>
          )}
        </p>
        <ConnectionState view={view} sync={sync} paused={paused} history={history} />
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
      {view.state === 'refused' && (
        <StreamRefused refusal={view.refusal} clusterName={cluster?.name} />
      )}
      <AccessNote />
      {sync?.forbidden && sync.forbidden.length > 0 && (
        <div
          role="note"
          aria-label="Missing permissions"
          className="border-y border-line bg-surface px-4 py-1 text-sm text-warn"
          data-testid="forbidden-kinds"
        >
          <ul>
            {sync.forbidden.map((f) => (
              <li key={f.kind} data-kind={f.kind}>
                {f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {sync?.lastError && view.state !== 'live' && (
        <p
          role="alert"
          className="border-y border-line bg-surface px-4 py-1 text-sm text-bad"
          data-testid="cluster-error"
        >
          Cannot reach the cluster:{' '}
          <ClusterText text={sync.lastError} max={300} of="the connection error" />
        </p>
      )}
    </div>
  );
}
