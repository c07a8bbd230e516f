'use client';
/**
 * What the graph, the outline and the problems list say while the map holds no records yet but
 * some are on their way, in words, in place of a drawing (or "Every Service routes") that would
 * read as an empty cluster:
 * - "Loading the map at 03:12:05 UTC…" while a past instant loads (the live records were dropped
 *   as the load began: lib/worker/records-source.ts);
 * - "Loading 34,885 records…" while a big cluster's live records come in the stream's first
 *   snapshot rather than in the page (lib/k8s/server.ts).
 * Not a live region: the history banner announces a change of mode, and the graph's own status
 * what it draws once the records are in.
 *
 * Contract: `useMapLoading()` is what is on its way while the map holds no records, else null
 * (records held; an instant shown or refused; the stream's snapshot in, even an empty one).
 */
import { useMemo } from 'react';
import { instantLabel } from '@/lib/history-view/instant';
import { fmt } from '@/lib/graph/describe';
import { selectArriving, selectHasRecords } from '@/lib/store/selectors';
import { useMirror, useStatus } from './map-context';

export type MapLoading = { kind: 'instant'; at: string } | { kind: 'records'; count: number };

export function useMapLoading(): MapLoading | null {
  const at = useMirror((m) => (m.history.mode === 'loading' ? m.history.at : null));
  const live = useMirror((m) => m.history.mode === 'live');
  const hasRecords = useStatus(selectHasRecords);
  const arriving = useStatus(selectArriving);
  return useMemo(() => {
    if (hasRecords) return null;
    if (at !== null) return { kind: 'instant', at };
    if (live && arriving !== null) return { kind: 'records', count: arriving };
    return null;
  }, [at, live, hasRecords, arriving]);
}

export function MapLoadingText({
  loading,
  className,
}: {
  loading: MapLoading;
  className?: string;
}) {
  if (loading.kind === 'instant')
    return (
      <p className={className} data-testid="instant-loading" data-at={loading.at}>
        Loading the map at {instantLabel(loading.at)}…
      </p>
    );
  return (
    <p className={className} data-testid="records-loading" data-count={loading.count}>
      Loading the cluster&rsquo;s {fmt(loading.count)} records…
    </p>
  );
}
