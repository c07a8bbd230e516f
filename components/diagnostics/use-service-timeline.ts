'use client';
/**
 * One poll of a Service's trail (GET /api/services/<ns>/<name>/timeline) shared by every part of
 * the page that reads it — the timeline, the replay control and the diagnosis's "changed by"
 * links — so opening a panel polls once, not once per reader.
 *
 * Contract: polls every 5 s while at least one component is subscribed and stops when the last
 * one goes; errors are problem bodies (lib/api/problem.ts), reported as text beside the last good
 * answer. While the map shows a past instant, every reader gets the trail cut at that instant
 * (lib/diagnostics/trail-at.ts): nothing that came after it is shown on a page showing it.
 */
import { useCallback, useContext, useMemo, useSyncExternalStore } from 'react';
import type { ServiceTimeline } from '@/lib/api/diagnostics';
import { apiPath, servicePath, type ClusterRef } from '@/lib/api/paths';
import { readProblem } from '@/lib/api/problem';
import { timelineAt } from '@/lib/diagnostics/trail-at';
import { shownInstant } from '@/lib/history-view/shown-instant';
import { useStoreSelector, type Subscribable } from '@/lib/store/use-store-selector';
import { useCluster } from '@/components/clusters/cluster-context';
import { MapContext } from '@/components/map/map-context';
import type { MapUiState } from '@/components/map/map-state';
import { errorMessage } from '@/lib/error-message';

const POLL_MS = 5000;

export interface TimelineState {
  timeline?: ServiceTimeline;
  error?: string;
}

interface Poll {
  state: TimelineState;
  listeners: Set<() => void>;
  timer?: ReturnType<typeof setInterval>;
}

const polls = new Map<string, Poll>();
const EMPTY: TimelineState = {};

export function timelineUrl(cluster: ClusterRef, namespace: string, name: string): string {
  return apiPath(cluster, servicePath(namespace, name, 'timeline'));
}

async function load(url: string, poll: Poll): Promise<void> {
  let next: TimelineState;
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) throw new Error((await readProblem(response)).detail);
    next = { timeline: (await response.json()) as ServiceTimeline };
  } catch (err) {
    next = { ...poll.state, error: `timeline unavailable: ${errorMessage(err)}` };
  }
  if (polls.get(url) !== poll) return;
  poll.state = next;
  for (const listener of poll.listeners) listener();
}

function subscribe(url: string, listener: () => void): () => void {
  let poll = polls.get(url);
  if (!poll) {
    const created: Poll = { state: EMPTY, listeners: new Set() };
    polls.set(url, created);
    created.timer = setInterval(() => void load(url, created), POLL_MS);
    void load(url, created);
    poll = created;
  }
  poll.listeners.add(listener);
  const current = poll;
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size === 0) {
      clearInterval(current.timer);
      polls.delete(url);
    }
  };
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
  const onSubscribe = useCallback((listener: () => void) => subscribe(url, listener), [url]);
  const snapshot = useCallback(() => polls.get(url)?.state ?? EMPTY, [url]);
  const state = useSyncExternalStore(onSubscribe, snapshot, serverSnapshot);
  const at = useShownInstant();
  return useMemo(
    () => (state.timeline ? { ...state, timeline: timelineAt(state.timeline, at) } : state),
    [state, at],
  );
}

const serverSnapshot = () => EMPTY;
