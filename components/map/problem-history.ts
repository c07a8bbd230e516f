'use client';
/**
 * The problems list's rows with "since" from the stored history where it knows better
 * (lib/graph/recorded-breaks.ts): the page only knows when it first saw a Service broken; the
 * dashboard's history (`--data-dir`, PostgreSQL or in memory) knows when it broke.
 *
 * Contract: while the map is live (not a past instant, not a recorded snapshot, the stream and
 * the cluster answering), once a broken row says only "since before <first sighting>", the page
 * asks `GET /api/changes?only=health` (when Services broke and recovered, without the trail
 * entries it does not read) once for the last HISTORY_WINDOW_MS and keeps the answer in the
 * map's stores (`MapStores.history`), so the rail and the menu share one question. It asks again
 * only for rows first seen after the last question (a reconnect). Nothing waits for the answer:
 * until it comes, and if it fails (no history kept yet, a refusal) or says part of its window
 * could not be rebuilt, the rows keep the page's own "since before", which stays true. The
 * question waits until the whole map is drawn and the page is idle: on a big cluster the answer
 * takes the server seconds and the page a parse, which the rest of a first picture would
 * otherwise share two cores with.
 */
import { useEffect, useMemo } from 'react';
import type { ChangesOnly, HealthChangesResponse } from '@/lib/api/history';
import { apiPath } from '@/lib/api/paths';
import type { ProblemEntry } from '@/lib/graph/problems';
import {
  recordedBreaks,
  withRecordedSince,
  worthAsking,
  type RecordedBreaks,
} from '@/lib/graph/recorded-breaks';
import { useStoreSelector } from '@/lib/store/use-store-selector';
import { connectionView } from './connection-view';
import { useMapStores, useMirror, useProblems, useStatus } from './map-context';
import type { MapStores } from './map-state';

/**
 * How far back the question reaches: the time control's default window. A longer one costs the
 * server a longer replay on every page load; a break older than this keeps "since before".
 */
const HISTORY_WINDOW_MS = 6 * 3_600_000;

/** The last question to the history: when the page asked, and what it answered (null: not yet, or failed). */
export interface HistoryAsked {
  askedAt: string;
  breaks: RecordedBreaks | null;
}

async function ask(stores: MapStores, entries: readonly ProblemEntry[]): Promise<void> {
  // The rail and the menu both ask on the same render: the first question answers both.
  if (!worthAsking(entries, stores.history.getState()?.askedAt ?? null)) return;
  const asked = new Date();
  const askedAt = asked.toISOString();
  stores.history.update((last) => ({ askedAt, breaks: last?.breaks ?? null }));
  const from = new Date(asked.getTime() - HISTORY_WINDOW_MS).toISOString();
  // `to` is left to the server (now by its clock); `clamp=1`: a younger history answers from
  // where it starts instead of refusing; only the health changes: the breaks are all it reads.
  const only: ChangesOnly = 'health';
  const url = apiPath(
    stores.cluster,
    `/changes?from=${encodeURIComponent(from)}&clamp=1&only=${only}`,
  );
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) return;
    const breaks = recordedBreaks((await response.json()) as HealthChangesResponse, askedAt);
    // A newer question's answer is the one to keep.
    stores.history.update((last) => (last?.askedAt === askedAt ? { askedAt, breaks } : last));
  } catch {
    // No answer: the rows keep the page's own "since before", which is true.
  }
}

/**
 * The problems rows, with "since" from the history where it knows when a Service broke; null
 * while not known yet.
 */
export function useProblemsWithHistory(): readonly ProblemEntry[] | null {
  const stores = useMapStores();
  const problems = useProblems();
  // A past instant's rows are "first seen" at that instant: the live history's breaks are not theirs.
  const live = useMirror((m) => m.history.mode === 'live');
  const connected = useStatus((s) => connectionView(s.sync, s.stream).state === 'live');
  const whole = useMirror((m) => m.drawingRest === 0);
  const asked = useStoreSelector(stores.history, (h) => h);
  const shouldAsk =
    live &&
    connected &&
    whole &&
    problems !== null &&
    worthAsking(problems, asked?.askedAt ?? null);
  useEffect(() => {
    if (!shouldAsk) return;
    // The rows as they are when the question goes: a change meanwhile does not put it off again.
    const go = () => void ask(stores, stores.mirror.getState().problems ?? []);
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(go, 0);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(go, { timeout: 2000 });
    return () => cancelIdleCallback(idle);
  }, [shouldAsk, stores]);
  return useMemo(
    () =>
      live && problems !== null ? withRecordedSince(problems, asked?.breaks ?? null) : problems,
    [live, problems, asked],
  );
}
