import 'server-only';
/**
 * The dashboard server's API for routes and server components: the hub of each configured
 * cluster, and read-outs of its cache.
 *
 * Contract:
 * - `getDashboardHub(clusterId?)`: the Hub of one cluster of this process (lib/k8s/clusters.ts;
 *   default: the default cluster); throws if no cluster is configured, the kubeconfig is bad or
 *   the id is unknown (`UnknownClusterError`).
 * - `getInitialSnapshot(waitMs, scope, clusterId?)`: `{ cluster, sync, records }` of one cluster
 *   for the server-rendered first paint, after waiting up to `waitMs` (5 s) for the initial
 *   sync, of what `scope` may see (lib/access/); throws only `UnknownClusterError` (a page
 *   answers 404) — a broken configuration comes back as an empty snapshot with `sync.lastError`
 *   set.
 */
import { EVERYTHING, visibleRecords, type AccessScope } from '../access/scope';
import { errorMessage } from '../error-message';
import type { SlimRecord } from '../topology/records';
import type { ClusterInfo, SyncState } from '../stream/protocol';
import { hubFor, isUnknownCluster } from './clusters';
import type { Hub } from './hub';

export function getDashboardHub(clusterId?: string): Hub {
  return hubFor(clusterId);
}

export interface InitialSnapshot {
  cluster: ClusterInfo;
  sync: SyncState;
  records: SlimRecord[];
}

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
): Promise<InitialSnapshot> {
  let hub: Hub;
  try {
    hub = getDashboardHub(clusterId);
  } catch (err) {
    if (isUnknownCluster(err)) throw err;
    return { ...unconfiguredState(err), records: [] };
  }
  await hub.waitForSync(waitMs);
  hub.flush();
  return {
    cluster: hub.infoFor(scope),
    sync: hub.syncFor(scope),
    records: visibleRecords(scope, hub.streamedRecords()),
  };
}
