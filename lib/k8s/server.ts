import 'server-only';
/**
 * The dashboard server's API for routes and server components: the hub of each configured
 * cluster, and read-outs of its cache.
 *
 * Contract:
 * - `getDashboardHub(clusterId?)`: the Hub of one cluster of this process (lib/k8s/clusters.ts;
 *   default: the default cluster); throws if no cluster is configured, the kubeconfig is bad or
 *   the id is unknown (`UnknownClusterError`).
 * - `getInitialSnapshot(waitMs, scope, clusterId?)`: the `PageSnapshot` of one cluster for the
 *   server-rendered first paint, after waiting up to `waitMs` (5 s) for the initial sync, of what
 *   `scope` may see (lib/access/); throws only `UnknownClusterError` (a page answers 404) — a
 *   broken configuration comes back as an empty snapshot with `sync.lastError` set. Above
 *   `PAGE_RECORDS_MAX` records it carries none and says how many are `arriving`: the page then
 *   shows a shell at once, and its pipeline takes them from the stream's first snapshot, which is
 *   encoded once for every tab and compressed on the wire. Carried in the page, they cost the
 *   server render, the HTML (28.4 MB for 34,885 records) and the page's own thread, and they
 *   arrive again in that snapshot anyway.
 */
import { EVERYTHING, visibleRecords, type AccessScope } from '../access/scope';
import { errorMessage } from '../error-message';
import type { ClusterInfo, PageSnapshot, SyncState } from '../stream/protocol';
import { hubFor, isUnknownCluster } from './clusters';
import type { Hub } from './hub';

export function getDashboardHub(clusterId?: string): Hub {
  return hubFor(clusterId);
}

/**
 * The most records a map page carries itself: about 1.6 MB of HTML, beyond which the first picture
 * comes sooner from the stream (bench/README.md, "first graph").
 */
export const PAGE_RECORDS_MAX = 2000;

/** What to show when no cluster can be configured at all. */
export function unconfiguredState(err: unknown): { cluster: ClusterInfo; sync: SyncState } {
  return {
    cluster: { name: '(no cluster)', simulated: false, readOnly: true },
    sync: {
      kinds: {},
      connection: 'reconnecting',
      lastError: `cannot load the cluster configuration: ${errorMessage(err)}`,
    },
  };
}

export async function getInitialSnapshot(
  waitMs = 5000,
  scope: AccessScope = EVERYTHING,
  clusterId?: string,
): Promise<PageSnapshot> {
  let hub: Hub;
  try {
    hub = getDashboardHub(clusterId);
  } catch (err) {
    if (isUnknownCluster(err)) throw err;
    return { ...unconfiguredState(err), records: [] };
  }
  await hub.waitForSync(waitMs);
  hub.flush();
  const records = visibleRecords(scope, hub.streamedRecords());
  return {
    cluster: hub.infoFor(scope),
    sync: hub.syncFor(scope),
    ...(records.length > PAGE_RECORDS_MAX
      ? { records: [], arriving: records.length }
      : { records }),
  };
}
