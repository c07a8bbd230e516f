'use client';
/**
 * What changed between two instants (`GET /api/changes?from=&to=`), loaded for the part of the
 * page that shows it: the time control's markers and the diff list.
 *
 * Contract: loads when `from`/`to` change (the time control moves its window with live time);
 * an answer for an older request never replaces a newer
 * one; errors are the problem body's words (lib/api/problem.ts) beside the last good answer.
 * With `from` or `to` null nothing is loaded. With `fromHistoryStart` (the time control's window
 * of the last hours) the server answers from where history starts when `from` is older
 * (`clamp=1`, app/api/changes/route.ts): no 410 in the normal path. A `from` older than the
 * retained history that still gets the problem (without it, or retention passing `from` between
 * the server's reads) is asked again from where history starts (its `retainedSince`), once.
 */
import { useEffect, useState } from 'react';
import type { ChangesResponse } from '@/lib/api/history';
import { apiPath, type ClusterRef } from '@/lib/api/paths';
import { readProblem } from '@/lib/api/problem';
import { errorMessage } from '@/lib/error-message';
import { useCluster } from '@/components/clusters/cluster-context';

export interface ChangesState {
  changes?: ChangesResponse;
  error?: string;
  loading: boolean;
}

/** The page's cluster's `/changes` between two instants (lib/api/paths.ts). */
export function changesUrl(cluster: ClusterRef, from: string, to: string, clamp = false): string {
  const query = `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  return apiPath(cluster, `/changes${query}${clamp ? '&clamp=1' : ''}`);
}

export function useChanges(
  from: string | null,
  to: string | null,
  fromHistoryStart = false,
): ChangesState {
  const [state, setState] = useState<ChangesState>({ loading: false });
  const cluster = useCluster().ref;
  useEffect(() => {
    if (!from || !to) return;
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    (async () => {
      try {
        const get = (start: string) =>
          fetch(changesUrl(cluster, start, to, fromHistoryStart), {
            cache: 'no-store',
            signal: abort.signal,
          });
        let response = await get(from);
        if (!response.ok) {
          const problem = await readProblem(response);
          const since = (problem as { retainedSince?: unknown }).retainedSince;
          if (typeof since !== 'string' || Date.parse(since) <= Date.parse(from))
            throw new Error(problem.detail);
          response = await get(since);
          if (!response.ok) throw new Error((await readProblem(response)).detail);
        }
        const changes = (await response.json()) as ChangesResponse;
        if (!abort.signal.aborted) setState({ changes, loading: false });
      } catch (error) {
        if (!abort.signal.aborted)
          setState((s) => ({ ...s, loading: false, error: errorMessage(error) }));
      }
    })();
    return () => abort.abort();
  }, [cluster, from, to, fromHistoryStart]);
  return state;
}
