'use client';
/**
 * The server's DNS answers for ExternalName targets (GET /api/dns), for the browser's diagnosis:
 * the browser cannot resolve names itself, and `external-name-unresolved` must show on the map.
 *
 * Contract: fetches when the set of ExternalName targets changes and every 30 s while any
 * exists; returns the same object while the answers are unchanged, so the derived view is not
 * rebuilt for nothing (createDerivedCache keys on its identity).
 */
import { useEffect, useState } from 'react';
import type { DnsResults } from '../topology/diagnosis';

const REFRESH_MS = 30_000;

/** `names` must be a stable, sorted, comma-joined key of the ExternalName targets. */
export function useDnsResults(names: string): DnsResults | undefined {
  const [results, setResults] = useState<{ key: string; json: string; value: DnsResults }>();

  useEffect(() => {
    if (!names) return;
    let cancelled = false;
    const load = async () => {
      try {
        const response = await fetch('/api/dns', { cache: 'no-store' });
        if (!response.ok) return;
        const value = (await response.json()) as DnsResults;
        const json = JSON.stringify(value);
        if (cancelled) return;
        setResults((previous) =>
          previous && previous.key === names && previous.json === json
            ? previous
            : { key: names, json, value },
        );
      } catch {
        // The map keeps its last answers; the stream's status shows connection problems.
      }
    };
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [names]);

  return names && results ? results.value : undefined;
}
