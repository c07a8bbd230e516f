import 'server-only';
/**
 * The cluster as the API routes need it, or the problem that says why it cannot be had:
 * no such cluster (404), no usable configuration (a bad kubeconfig, 503), or a cluster not read
 * yet (503).
 *
 * Contract: a request names its cluster by the `[cluster]` segment of `/api/clusters/<id>/…` or
 * by `?cluster=<id>` on the older paths; naming none means the default cluster
 * (lib/http/requested-cluster.ts). Every function here takes that id (absent: the default). An
 * id the dashboard does not watch is a `not-found` problem carrying `cluster`. `requireHub()`
 * throws a `cluster-unavailable` problem carrying `cluster` and `sync` (what the page's first
 * paint shows) when the configuration cannot be loaded;
 * `requireSyncedHub()` also waits up to 5 s for the initial sync and refuses when it has not
 * completed — a question about one Service is not answered "no such Service" from an empty cache;
 * `requireService()` answers 404 for a Service the synced cache does not hold, the same for every
 * route that asks about one — and the very same 404 for one the viewer's scope may not see
 * (lib/access/scope.ts), so the answer never tells whether it exists.
 */
import { canSee, EVERYTHING, type AccessScope } from '../access/scope';
import { scopeOf } from '../access/server';
import { errorMessage } from '../error-message';
import { isClusterSignInError, requireViewerInCluster } from '../auth/cluster-viewer';
import type { Viewer } from '../auth/viewer';
import type { Hub } from '../k8s/hub';
import { clusterRegistry, isUnknownCluster, type ClusterRegistry } from '../k8s/clusters';
import { getDashboardHub, unconfiguredState } from '../k8s/server';
import { getWriteDeps, type WriteDeps } from '../k8s/write/deps';
import type { WriteLog } from '../k8s/write/write-log';
import { findService } from '../diagnostics/server';
import type { ServiceRecord } from '../topology/records';
import { fail, ProblemError } from './api-route';
import { failServiceNotFound, serviceParams } from './params';

export { requestedCluster } from './requested-cluster';

const SYNC_WAIT_MS = 5000;

/** Stops with the 404 problem when `error` is an unknown cluster; returns otherwise. */
export function failUnknownCluster(error: unknown): void {
  if (isUnknownCluster(error)) {
    fail('not-found', error.message, { cluster: error.clusterId });
  }
}

/**
 * The process's clusters (lib/k8s/clusters.ts), or the 503 problem when none can be configured
 * at all — one cluster's unusable entry is that cluster's state, not the whole answer's.
 */
export function requireClusters(): ClusterRegistry {
  try {
    return clusterRegistry();
  } catch (error) {
    const state = unconfiguredState(error);
    return fail('cluster-unavailable', state.sync.lastError ?? errorMessage(error), state);
  }
}

export function requireHub(clusterId?: string): Hub {
  try {
    return getDashboardHub(clusterId);
  } catch (error) {
    failUnknownCluster(error);
    const state = unconfiguredState(error);
    return fail('cluster-unavailable', state.sync.lastError ?? errorMessage(error), state);
  }
}

/**
 * What `viewer` may see in the cluster (lib/access/), or the problem when that cluster does not
 * sign them in (lib/auth/cluster-viewer.ts: 403 `not-signed-in-to-cluster`, or 503).
 */
export async function requireAccess(viewer: Viewer, clusterId?: string): Promise<AccessScope> {
  try {
    return await scopeOf(viewer, clusterId);
  } catch (error) {
    if (isClusterSignInError(error)) throw new ProblemError(error.problem);
    failUnknownCluster(error);
    throw error;
  }
}

/** The cluster's hub (or its problem) and what `viewer` may see there (lib/access/). */
export async function requireScope(
  viewer: Viewer,
  clusterId?: string,
): Promise<{ hub: Hub; scope: AccessScope }> {
  const hub = requireHub(clusterId);
  return { hub, scope: await requireAccess(viewer, clusterId) };
}

export async function requireSyncedHub(clusterId?: string): Promise<Hub> {
  const hub = requireHub(clusterId);
  if (await hub.waitForSync(SYNC_WAIT_MS)) return hub;
  const sync = hub.getSyncState();
  return fail(
    'cluster-unavailable',
    `The cluster has not been read yet (still waiting for ${hub.pendingKinds().join(', ')})${sync.lastError ? `: ${sync.lastError}` : '.'}`,
    { cluster: hub.info, sync },
  );
}

/**
 * The write dependencies acting as `viewer` as the cluster knows them (lib/k8s/write/deps.ts), or
 * the problem: the cluster does not sign them in (403, lib/auth/cluster-viewer.ts), or 503.
 */
export async function requireWriteDeps(
  viewer: Viewer,
  log?: WriteLog,
  clusterId?: string,
): Promise<WriteDeps> {
  try {
    const here = await requireViewerInCluster(viewer, clusterId);
    if (log && here !== viewer) log.viewer = here;
    return getWriteDeps(here, log, clusterId);
  } catch (error) {
    if (isClusterSignInError(error)) throw new ProblemError(error.problem);
    failUnknownCluster(error);
    return fail(
      'cluster-unavailable',
      `cannot load the cluster configuration: ${errorMessage(error)}`,
    );
  }
}

/** The Service a `/api/services/<namespace>/<name>/…` path names, from a synced cache, or 404. */
export async function requireService(
  params: Record<string, string | string[] | undefined>,
  scope: AccessScope = EVERYTHING,
  clusterId?: string,
): Promise<{ hub: Hub; service: ServiceRecord }> {
  const { namespace, name } = serviceParams(params);
  const hub = await requireSyncedHub(clusterId);
  const service = canSee(scope, 'Service', namespace)
    ? findService(hub, namespace, name)
    : undefined;
  if (!service) failServiceNotFound({ namespace, name });
  return { hub, service };
}
