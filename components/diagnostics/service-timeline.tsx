'use client';
/**
 * The Service's timeline in its panel: its change trail (Service spec, workloads, pods moving
 * in or out of the selector, endpoints, Events — with who made each change when the cluster
 * recorded it), newest first, and a replay control that shows the Service's endpoints as they
 * were at a chosen moment of the last minutes, in text and on the map.
 *
 * When the history database is behind, a note says what a restart would lose
 * (lib/history-view/store-gap.ts).
 *
 * Contract: the trail is polled once per Service however many parts read it
 * (use-service-timeline.ts); the replay is read-only (replay-control.tsx). `onReplay` is how the
 * map learns what to draw for this Service while the slider is away from "now". While the map
 * shows a past instant the trail ends there (use-service-timeline.ts) and there is no replay: its
 * minutes count back from now, after the instant shown; the time control moves the whole map.
 */
import { useCallback, useContext } from 'react';
import type { TimelineEntry } from '@/lib/api/diagnostics';
import { setReplay } from '@/components/map/map-actions';
import { MapContext } from '@/components/map/map-context';
import { ReplayControl, type ReplayAnswer } from './replay-control';
import { TrailList } from './trail-list';
import { formatClock } from '@/lib/graph/describe';
import { storeGapNote } from '@/lib/history-view/store-gap';
import { useServiceTimeline, useShownInstant } from './use-service-timeline';

export function ServiceTimeline({
  namespace,
  name,
  recordedAt,
}: {
  namespace: string;
  name: string;
  /** A recorded snapshot's instant: the replay counts back from it, not from now. */
  recordedAt?: string;
}) {
  const { timeline, error } = useServiceTimeline(namespace, name);
  const shown = useShownInstant();
  const past = shown !== null;
  const stores = useContext(MapContext);
  const onReplay = useCallback(
    (answer: ReplayAnswer | null) => {
      if (stores) setReplay(stores, answer ? { service: `${namespace}/${name}`, ...answer } : null);
    },
    [stores, namespace, name],
  );
  const entries: TimelineEntry[] = timeline?.entries ?? [];
  const gap = storeGapNote(timeline?.historyGap);
  return (
    <div className="space-y-3 text-sm">
      {error ? <p className="text-bad">{error}</p> : null}
      {gap ? (
        // Not a live region: its counts change with every poll, and it would be read out each time.
        <p data-testid="history-store-gap" className="text-xs text-warn">
          <span aria-hidden="true">⚠ </span>
          {gap}
        </p>
      ) : null}
      {past ? null : (
        <ReplayControl namespace={namespace} name={name} onReplay={onReplay} until={recordedAt} />
      )}
      {entries.length === 0 ? (
        <p className="text-muted">
          No changes or events since{' '}
          {timeline?.retainedSince
            ? formatClock(timeline.retainedSince)
            : 'Switchboard started watching'}
          {shown ? ` up to ${formatClock(shown)}` : ''}; no data before that.
        </p>
      ) : (
        <TrailList
          label={`Timeline of ${namespace}/${name}, newest first`}
          entries={entries}
          of={{ namespace, name }}
        />
      )}
    </div>
  );
}
