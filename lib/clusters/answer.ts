/**
 * Whether what the dashboard holds of one cluster is that cluster's answer now (`ClusterAnswer`,
 * lib/api/clusters.ts) — the one decision the overview, search, compare and the map's problems
 * list share, so none of them presents what it could not read as a fact.
 *
 * Contract: pure and isomorphic (types only). From the hub's sync state and whether it has
 * completed a read (`Hub.isSynced()`): a recorded snapshot, or live with every watch open, is
 * `current`; any required watch reconnecting is `stale` once read, else `unread`; a first read
 * still under way is `unread` — a partial cache never answers "not found". The page, which does
 * not know the hub's required kinds, counts a cluster as read once any kind has listed
 * (`readOnce`).
 */
import type { ClusterAnswer, ClusterError } from '../api/clusters';
import type { SyncState } from '../stream/protocol';

export function clusterAnswer(
  sync: Pick<SyncState, 'connection' | 'kinds'>,
  synced: boolean = readOnce(sync),
): Exclude<ClusterAnswer, 'none'> {
  if (sync.connection === 'snapshot') return 'current';
  if (sync.connection === 'reconnecting') return synced ? 'stale' : 'unread';
  return synced && sync.connection === 'live' ? 'current' : 'unread';
}

/** Some kind has completed its list: what the page can tell of a completed read. */
export function readOnce(sync: Pick<SyncState, 'kinds'>): boolean {
  return Object.values(sync.kinds).some((k) => k.synced);
}

/**
 * Why a cluster whose answer is not current cannot be asked, as search and compare list it:
 * its last error (or that it is still being read) and, when stale, since when.
 */
export function unanswered(
  cluster: string,
  answer: Exclude<ClusterAnswer, 'current' | 'none'>,
  sync: Pick<SyncState, 'staleSince' | 'lastError'>,
): ClusterError {
  const error =
    sync.lastError ??
    (answer === 'stale' ? 'the cluster does not answer' : 'the cluster has not been read yet');
  return {
    cluster,
    error,
    answer,
    ...(answer === 'stale' && sync.staleSince ? { staleSince: sync.staleSince } : {}),
  };
}
