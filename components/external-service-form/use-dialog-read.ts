'use client';
/**
 * What a write dialog reads from the server about one Service when it opens (what deleting it
 * would delete, the endpoints to edit) — and what its launcher reads first (whether the viewer
 * may delete it) — in the map's cluster: read at once, again whenever the
 * cluster or the Service changes, and on `reload` (a write that failed on a change made meanwhile
 * says look again).
 *
 * Contract: `useDialogRead(read, namespace, name, failed, onRead?)` calls `read(cluster,
 * namespace, name)` (an api.ts reader) and returns `{ data, error, reload }`. `data` is the last
 * answer read (null before the first, and after `reload({ clear: true })` until the next);
 * `error` is the last read's failure in the server's words, or `failed` when it gave none (null
 * once a read succeeds). `onRead` runs with each answer as it arrives (to seed the form's own
 * state from it). Only the latest read counts: an answer that arrives after a newer read began,
 * or after the dialog closed, is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClusterRef } from '@/lib/api/paths';
import type { WriteResult } from '@/lib/api/write-results';
import { useCluster } from '@/components/clusters/cluster-context';

export interface DialogRead<T> {
  data: T | null;
  error: string | null;
  reload(options?: { clear?: boolean }): void;
}

export function useDialogRead<T extends object>(
  read: (cluster: ClusterRef, namespace: string, name: string) => Promise<T | WriteResult>,
  namespace: string,
  name: string,
  failed: string,
  onRead?: (data: T) => void,
): DialogRead<T> {
  const { ref: cluster } = useCluster();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const seed = useRef(onRead);
  useEffect(() => {
    seed.current = onRead;
  });

  const start = useCallback(() => {
    const at = ++latest.current;
    void read(cluster, namespace, name).then((answer) => {
      if (at !== latest.current) return;
      // The API's answers: the data read, or a WriteResult saying why not (lib/api/write-results.ts).
      if ('status' in answer) {
        setError('message' in answer ? answer.message : failed);
        return;
      }
      setError(null);
      setData(answer);
      seed.current?.(answer);
    });
  }, [read, cluster, namespace, name, failed]);

  useEffect(() => {
    start();
    // Closed, or about to read something else: whatever is out no longer counts.
    const reads = latest;
    return () => {
      reads.current++;
    };
  }, [start]);

  const reload = useCallback(
    (options?: { clear?: boolean }) => {
      if (options?.clear) setData(null);
      start();
    },
    [start],
  );
  return { data, error, reload };
}
