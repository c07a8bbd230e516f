/**
 * The words the cluster pages (overview, search, compare) use for a cluster whose answer is not
 * current (`ClusterAnswer`, lib/api/clusters.ts): why it could not be asked, and since when, in
 * the map's clock format ("stale since 09:23:35", components/map/status-bar.tsx).
 *
 * Contract: pure. One sentence per case, so the three pages say the same thing about the same
 * cluster; a time is always `formatClock`'s, never a raw ISO string.
 */
import type { ClusterError } from '../api/clusters';
import { formatClock } from '../graph/describe';

/** "since 09:23:35", or '' when not known. */
export function sinceText(iso: string | undefined): string {
  return iso ? `since ${formatClock(iso)}` : '';
}

/** Why a cluster could not be asked, e.g. "unreachable since 09:23:35: connect ECONNREFUSED". */
export function unansweredText(e: Pick<ClusterError, 'error' | 'answer' | 'staleSince'>): string {
  switch (e.answer) {
    case 'stale': {
      const since = sinceText(e.staleSince);
      return `unreachable${since ? ` ${since}` : ''}, its last-known data not shown: ${e.error}`;
    }
    case 'unread':
      return `not read yet: ${e.error}`;
    default:
      return e.error;
  }
}
