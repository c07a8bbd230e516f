import 'server-only';
/**
 * The dashboard server's API for routes and server components: the process-wide hub for the
 * configured cluster, and read-outs of its cache.
 *
 * Contract:
 * - `getDashboardHub()`: the one Hub of this process (lib/k8s/hub.ts), for the cluster that
 *   lib/k8s/connection.ts resolves; throws if no cluster is configured or the kubeconfig is bad.
 * - `getInitialSnapshot()`: `{ cluster, sync, records }` for the server-rendered first paint,
 *   after waiting up to `waitMs` (5 s) for the initial sync, of what `scope` may see (lib/access/);
 *   never throws — a broken
 *   configuration comes back as an empty snapshot with `sync.lastError` set.
 */
import { EVERYTHING, visibleRecords, type AccessScope } from '../access/scope';
import { errorMessage } from '../error-message';
import type { SlimRecord } from '../topology/records';
import type { ClusterInfo, SyncState } from '../stream/protocol';
import { getClusterConnection } from './connection';
import { getHub, Hub } from './hub';

export function getDashboardHub(): Hub {
  return getHub(
    () =>
      new Hub({
        connection: getClusterConnection(),
        log: (m) => console.warn(`[switchboard] ${m}`),
      }),
  );
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
): Promise<InitialSnapshot> {
  let hub: Hub;
  try {
    hub = getDashboardHub();
  } catch (err) {
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
