'use client';
/**
 * Where a form's successful write goes. On the map, the map provides a handler (it opens the
 * Service in the panel, highlights it and shows a confirmation); on a form's own page there is
 * none, and the form navigates to the map with the Service in focus and the outcome in the URL
 * (`&written=created|updated`), which the map page turns into the same confirmation; after a
 * delete there is nothing to focus, and it goes to the map as it is.
 *
 * Contract: `useWrittenHandler()` returns one function the forms call once per successful write.
 */
import { createContext, useCallback, useContext } from 'react';
import { useRouter } from 'next/navigation';
import { pagePath } from '@/lib/api/paths';
import type { WriteDone } from '@/lib/api/write-results';
import { useCluster } from '@/components/clusters/cluster-context';

export const WrittenContext = createContext<((done: WriteDone) => void) | null>(null);

export function useWrittenHandler(): (done: WriteDone) => void {
  const onMap = useContext(WrittenContext);
  const router = useRouter();
  const { ref: cluster } = useCluster();
  // The server's focus link is the first cluster's map; the write was made in this page's cluster.
  const navigate = useCallback(
    (done: WriteDone) =>
      router.push(
        done.status === 'deleted'
          ? pagePath(cluster, '/')
          : `${pagePath(cluster, done.focus)}&written=${done.status}`,
      ),
    [router, cluster],
  );
  return onMap ?? navigate;
}
