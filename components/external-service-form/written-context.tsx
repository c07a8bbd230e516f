'use client';
/**
 * Where a form's successful write goes. On the map, the map provides a handler (it opens the
 * Service in the panel, highlights it and shows a confirmation); on a form's own page there is
 * none, and the form navigates to the map with the Service in focus (after a delete, the map as
 * it is), handing the write to it through this tab's session storage (lib/api/write-handoff.ts),
 * which the map turns into the same confirmation. Not through the URL: a link could claim a
 * write nobody made.
 *
 * Contract: `useWrittenHandler()` returns one function the forms call once per successful write.
 */
import { createContext, useCallback, useContext } from 'react';
import { useRouter } from 'next/navigation';
import { pagePath } from '@/lib/api/paths';
import { handOffWrite } from '@/lib/api/write-handoff';
import { browserStorage } from '@/lib/browser-storage';
import type { WriteDone } from '@/lib/api/write-results';
import { useCluster } from '@/components/clusters/cluster-context';

export const WrittenContext = createContext<((done: WriteDone) => void) | null>(null);

export function useWrittenHandler(): (done: WriteDone) => void {
  const onMap = useContext(WrittenContext);
  const router = useRouter();
  const { ref: cluster } = useCluster();
  // The server's focus link is the first cluster's map; the write was made in this page's cluster.
  const navigate = useCallback(
    (done: WriteDone) => {
      handOffWrite(browserStorage('sessionStorage'), cluster, done, Date.now());
      router.push(pagePath(cluster, done.status === 'deleted' ? '/' : done.focus));
    },
    [router, cluster],
  );
  return onMap ?? navigate;
}
