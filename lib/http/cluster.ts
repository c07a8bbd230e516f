import 'server-only';
/**
 * The cluster as the API routes need it, or the 503 problem that says why it cannot be had:
 * no usable configuration (a bad kubeconfig), or a cluster not read yet.
 *
 * Contract: `requireHub()` throws a `cluster-unavailable` problem carrying `cluster` and `sync`
 * (what the page's first paint shows) when the configuration cannot be loaded;
 * `requireSyncedHub()` also waits up to 5 s for the initial sync and refuses when it has not
 * completed — a question about one Service is not answered "no such Service" from an empty cache;
 * `requireService()` answers 404 for a Service the synced cache does not hold, the same for every
 * route that asks about one — and the very same 404 for one the viewer's scope may not see
 * (lib/access/scope.ts), so the answer never tells whether it exists.
 */
import { canSee, EVERYTHING, type AccessScope } from '../access/scope';
import { errorMessage } from '../error-message';
import type { Viewer } from '../auth/viewer';
import type { Hub } from '../k8s/hub';
import { getDashboardHub, unconfiguredState } from '../k8s/server';
import { getWriteDeps, type WriteDeps } from '../k8s/write/deps';
import type { WriteLog } from '../k8s/write/write-log';
import { findService } from '../diagnostics/server';
import type { ServiceRecord } from '../topology/records';
import { fail } from './api-route';
import { serviceParams } from './params';

const SYNC_WAIT_MS = 5000;

export function requireHub(): Hub {
  try {
    return getDashboardHub();
  } catch (error) {
    const state = unconfiguredState(error);
    return fail('cluster-unavailable', state.sync.lastError ?? errorMessage(error), state);
  }
}

export async function requireSyncedHub(): Promise<Hub> {
  const hub = requireHub();
  if (await hub.waitForSync(SYNC_WAIT_MS)) return hub;
  const sync = hub.getSyncState();
  return fail(
    'cluster-unavailable',
    `The cluster has not been read yet (still waiting for ${hub.pendingKinds().join(', ')})${sync.lastError ? `: ${sync.lastError}` : '.'}`,
    { cluster: hub.info, sync },
  );
}

/** The write dependencies acting as `viewer` (lib/k8s/write/deps.ts), or a 503 problem. */
export function requireWriteDeps(viewer: Viewer, log?: WriteLog): WriteDeps {
  try {
    return getWriteDeps(viewer, log);
  } catch (error) {
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
): Promise<{ hub: Hub; service: ServiceRecord }> {
  const { namespace, name } = serviceParams(params);
  const hub = await requireSyncedHub();
  const service = canSee(scope, 'Service', namespace)
    ? findService(hub, namespace, name)
    : undefined;
  if (!service) fail('not-found', `service "${name}" not found in namespace "${namespace}"`);
  return { hub, service };
}
