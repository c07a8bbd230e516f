/**
 * One poll of a Service's trail (GET /api/services/<ns>/<name>/timeline) shared by every part of
 * the page that reads it — the timeline, the replay control and the diagnosis's "changed by"
 * links — so opening a panel polls once, not once per reader.
 *
 * Contract: the poll (timeline-polls.ts) runs while at least one component is subscribed, is
 * re-read at once when the diagnosis's reasons change (useTimelineRefreshOn), and again shortly
 * after while the server has not recorded the change yet (timeline-polls.ts), so that a new
 * reason's "Changed:" line follows it promptly, and every BACKSTOP_MS otherwise; errors are
 * reported as text beside the last good answer. While the map shows a past instant, every reader
 * gets the trail cut at that instant (lib/diagnostics/trail-at.ts): nothing that came after it is
 * shown on a page showing it.
 */
import { useCallback, useContext, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { apiPath, servicePath, type ClusterRef } from '@/lib/api/paths';
import { timelineAt } from '@/lib/diagnostics/trail-at';
import { shownInstant } from '@/lib/history-view/shown-instant';
import { useStoreSelector, type Subscribable } from '@/lib/store/use-store-selector';
import { useCluster } from '@/components/clusters/cluster-context';
import { MapContext } from '@/components/map/map-context';
import type { MapUiState } from '@/components/map/map-state';
import { createTimelinePolls, type TimelineState } from './timeline-polls';

export type { TimelineState } from './timeline-polls';

const polls = createTimelinePolls({
  fetch: (url, init) => fetch(url, init),
  setInterval: (run, ms) => setInterval(run, ms),
  clearInterval: (timer) => clearInterval(timer as ReturnType<typeof setInterval>),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
});
const EMPTY: TimelineState = {};

export function timelineUrl(cluster: ClusterRef, namespace: string, name: string): string {
  return apiPath(cluster, servicePath(namespace, name, 'timeline'));
}
/** Outside a map (no UI store) nothing is shown at a past instant. */
const NO_UI: Subscribable<MapUiState | null> = { getState: () => null, subscribe: () => () => {} };
const selectShown = (ui: MapUiState | null) => (ui ? shownInstant(ui.params) : null);

/** The past instant the page shows (history or diff mode), or null when live. */
export function useShownInstant(): string | null {
  const stores = useContext(MapContext);
  return useStoreSelector<MapUiState | null, string | null>(stores?.ui ?? NO_UI, selectShown);
}

export function useServiceTimeline(namespace: string, name: string): TimelineState {
  const url = timelineUrl(useCluster().ref, namespace, name);
  // A stable subscribe per URL: a new one each render would end and restart the poll each time.
  const onSubscribe = useCallback((listener: () => void) => polls.subscribe(url, listener), [url]);
  const snapshot = useCallback(() => polls.state(url), [url]);
  const state = useSyncExternalStore(onSubscribe, snapshot, serverSnapshot);
  const at = useShownInstant();
  return useMemo(
    () => (state.timeline ? { ...state, timeline: timelineAt(state.timeline, at) } : state),
    [state, at],
  );
}

const serverSnapshot = () => EMPTY;

/**
 * Re-reads the Service's trail when `key` changes (not on the first render: subscribing reads
 * it): the diagnosis passes its reasons' key (reasonsKey), so the trail entry behind a new reason
 * is fetched as soon as the reason shows.
 */
export function useTimelineRefreshOn(namespace: string, name: string, key: string): void {
  const url = timelineUrl(useCluster().ref, namespace, name);
  const last = useRef<string | undefined>(undefined);
  useEffect(() => {
    const previous = last.current;
    last.current = key;
    if (previous !== undefined && previous !== key) polls.refresh(url);
  }, [url, key]);
}
