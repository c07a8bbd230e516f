/**
 * The RollingUpdate strategy (upstream pkg/controller/deployment/rolling.go): scale the new
 * ReplicaSet up as far as maxSurge allows, then scale old ReplicaSets down as far as
 * maxUnavailable allows — first the old replicas that are not available anyway
 * (cleanupUnhealthyReplicas), then oldest first while enough stay available — one step per sync,
 * the next step coming when pods become available. Once complete, old ReplicaSets beyond the
 * history limit are cleaned up.
 */
import type { ReplicaSetLike } from '../replicaset/replicaset-controller';
import { type DeploymentContext, fresh } from './context';
import { syncRolloutStatus } from './progress';
import { cleanupDeployment, scaleReplicaSet, syncRevision } from './sync';
import {
  type DeploymentLike,
  byCreation,
  deploymentComplete,
  desiredReplicas,
  maxUnavailable,
  newRSNewReplicas,
  specReplicas,
  sum,
} from './util';

export function rolloutRolling(
  ctx: DeploymentContext,
  deployment: DeploymentLike,
  rsList: ReplicaSetLike[],
): void {
  const { newRS, oldRSs, d } = syncRevision(ctx, deployment, rsList, true);
  if (!newRS) return;
  if (reconcileNewReplicaSet(ctx, [...oldRSs, newRS], newRS, d)) {
    syncRolloutStatus(ctx, d);
    return;
  }
  const old = oldRSs.map((rs) => fresh(ctx, rs));
  const activeOld = old.filter((rs) => specReplicas(rs) > 0);
  if (reconcileOldReplicaSets(ctx, [...old, fresh(ctx, newRS)], activeOld, fresh(ctx, newRS), d)) {
    syncRolloutStatus(ctx, d);
    return;
  }
  const status = syncRolloutStatus(ctx, d);
  if (deploymentComplete(d, status)) {
    cleanupDeployment(
      ctx,
      d,
      oldRSs.map((rs) => fresh(ctx, rs)),
    );
  }
}

function reconcileNewReplicaSet(
  ctx: DeploymentContext,
  allRSs: ReplicaSetLike[],
  newRS: ReplicaSetLike,
  d: DeploymentLike,
): boolean {
  const replicas = desiredReplicas(d);
  if (specReplicas(newRS) === replicas) return false;
  if (specReplicas(newRS) > replicas) return scaleReplicaSet(ctx, newRS, replicas, d);
  return scaleReplicaSet(ctx, newRS, newRSNewReplicas(d, allRSs, newRS), d);
}

function reconcileOldReplicaSets(
  ctx: DeploymentContext,
  allRSs: ReplicaSetLike[],
  oldRSs: ReplicaSetLike[],
  newRS: ReplicaSetLike,
  d: DeploymentLike,
): boolean {
  if (sum(oldRSs, specReplicas) === 0) return false;
  const allPods = sum(allRSs, specReplicas);
  const minAvailable = desiredReplicas(d) - maxUnavailable(d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(ctx, oldRSs, d, maxScaledDown);
  const old = oldRSs.map((rs) => fresh(ctx, rs));
  const scaled = scaleDownOldReplicaSets(ctx, [...old, fresh(ctx, newRS)], old, d, minAvailable);
  return cleaned + scaled > 0;
}

/** upstream cleanupUnhealthyReplicas: drop old replicas that are not available anyway. */
function cleanupUnhealthyReplicas(
  ctx: DeploymentContext,
  oldRSs: ReplicaSetLike[],
  d: DeploymentLike,
  maxCleanup: number,
): number {
  let cleaned = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (cleaned >= maxCleanup) break;
    const available = rs.status?.availableReplicas ?? 0;
    if (specReplicas(rs) === 0 || specReplicas(rs) === available) continue;
    const down = Math.min(maxCleanup - cleaned, specReplicas(rs) - available);
    if (scaleReplicaSet(ctx, rs, specReplicas(rs) - down, d)) cleaned += down;
  }
  return cleaned;
}

/** upstream scaleDownOldReplicaSetsForRollingUpdate: oldest first, keeping minAvailable. */
function scaleDownOldReplicaSets(
  ctx: DeploymentContext,
  allRSs: ReplicaSetLike[],
  oldRSs: ReplicaSetLike[],
  d: DeploymentLike,
  minAvailable: number,
): number {
  const available = sum(allRSs, (rs) => rs.status?.availableReplicas ?? 0);
  if (available <= minAvailable) return 0;
  const total = available - minAvailable;
  let scaled = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (scaled >= total) break;
    if (specReplicas(rs) === 0) continue;
    const down = Math.min(specReplicas(rs), total - scaled);
    if (scaleReplicaSet(ctx, rs, specReplicas(rs) - down, d)) scaled += down;
  }
  return scaled;
}
