'use client';
/**
 * One JSON answer of the dashboard kept current by polling: the overview, search and compare
 * pages read `GET /api/clusters`, `/api/search` and `/api/compare` this way.
 *
 * Contract: shows `initial` (what the server page read) until the first answer; fetches at once
 * and every `everyMs` while mounted (a new `url` starts over); keeps
 * the last good answer beside the error of a failed poll (a problem's detail, or the network's
 * words), so a dashboard that stops answering says so without emptying the page.
 */
import { useEffect, useState } from 'react';
import { readProblem } from '@/lib/api/problem';
import { errorMessage } from '@/lib/error-message';

export interface Polled<T> {
  data: T | null;
  error: string | null;
}

export function usePolled<T>(
  url: string | null,
  everyMs: number,
  initial: T | null = null,
): Polled<T> {
  const [state, setState] = useState<Polled<T> & { url: string | null }>({
    url,
    data: initial,
    error: null,
  });
  useEffect(() => {
    if (!url) return;
    let live = true;
    const load = async () => {
      try {
        const response = await fetch(url, {
          cache: 'no-store',
          headers: { accept: 'application/json' },
        });
        if (!response.ok) throw new Error((await readProblem(response)).detail);
        const data = (await response.json()) as T;
        if (live) setState({ url, data, error: null });
      } catch (error) {
        if (live)
          setState((prev) => ({
            url,
            data: prev.url === url ? prev.data : null,
            error: errorMessage(error),
          }));
      }
    };
    void load();
    const timer = setInterval(() => void load(), everyMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [url, everyMs]);
  return state.url === url ? state : { data: null, error: null };
}
