/**
 * The Recreate strategy (upstream pkg/controller/deployment/recreate.go): scale every old
 * ReplicaSet to 0, wait until none of their pods is left running, then create / scale up the new
 * ReplicaSet; once complete, old ReplicaSets beyond the history limit are cleaned up.
 */
import { controllerRef } from '../controller-ref';
import type { ReplicaSetLike } from '../replicaset/replicaset-controller';
import { isPodTerminal } from '../util';
import { type DeploymentContext, fresh } from './context';
import { syncRolloutStatus } from './progress';
import { cleanupDeployment, scaleReplicaSet, syncRevision } from './sync';
import {
  type DeploymentLike,
  deploymentComplete,
  desiredReplicas,
  specReplicas,
  sum,
} from './util';

/** upstream oldPodsRunning: old ReplicaSets still report pods, or non-terminal pods remain. */
function oldPodsRunning(
  ctx: DeploymentContext,
  newRS: ReplicaSetLike | undefined,
  oldRSs: ReplicaSetLike[],
): boolean {
  if (sum(oldRSs, (rs) => rs.status?.replicas ?? 0) > 0) return true;
  const oldUIDs = new Set(oldRSs.map((rs) => rs.metadata.uid));
  const namespace = newRS?.metadata.namespace ?? oldRSs[0]?.metadata.namespace;
  for (const pod of ctx.cache.list('pods', namespace)) {
    const ref = controllerRef(pod);
    if (ref && oldUIDs.has(ref.uid) && !isPodTerminal(pod)) return true;
  }
  return false;
}

export function rolloutRecreate(
  ctx: DeploymentContext,
  deployment: DeploymentLike,
  rsList: ReplicaSetLike[],
): void {
  let synced = syncRevision(ctx, deployment, rsList, false);
  let d = synced.d;
  let scaledDown = false;
  for (const rs of synced.oldRSs.filter((rs) => specReplicas(rs) > 0)) {
    if (scaleReplicaSet(ctx, rs, 0, d)) scaledDown = true;
  }
  if (
    scaledDown ||
    oldPodsRunning(
      ctx,
      synced.newRS,
      synced.oldRSs.map((rs) => fresh(ctx, rs)),
    )
  ) {
    syncRolloutStatus(ctx, d);
    return;
  }
  if (!synced.newRS) {
    synced = syncRevision(ctx, d, rsList, true);
    d = synced.d;
    if (!synced.newRS) return;
  }
  scaleReplicaSet(ctx, synced.newRS, desiredReplicas(d), d);
  const status = syncRolloutStatus(ctx, d);
  if (deploymentComplete(d, status)) {
    cleanupDeployment(
      ctx,
      d,
      synced.oldRSs.map((rs) => fresh(ctx, rs)),
    );
  }
}
