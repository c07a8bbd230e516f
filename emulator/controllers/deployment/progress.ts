/**
 * Deployment status and its conditions (upstream pkg/controller/deployment/progress.go and
 * sync.go's calculateStatus): replicas, updated/ready/available/unavailableReplicas and
 * observedGeneration summed over the ReplicaSets; Available when at least
 * `replicas - maxUnavailable` are available; Progressing True/NewReplicaSetAvailable once
 * complete, True/ReplicaSetUpdated whenever the rollout moves (refreshing lastUpdateTime), and
 * False/ProgressDeadlineExceeded when it has not moved for `progressDeadlineSeconds` (default
 * 600) — the Deployment is looked at again when that deadline passes. Status is written only
 * when it changed.
 */
import { objectKey } from '../controller-loop';
import { updateStatusIfChanged } from '../writes';
import { type DeploymentContext, replicaSetsFor } from './context';
import {
  type DeploymentLike,
  type DeploymentStatus,
  condition,
  deploymentComplete,
  desiredReplicas,
  findNewReplicaSet,
  getCondition,
  maxUnavailable,
  setCondition,
  specReplicas,
  sum,
} from './util';

/** upstream calculateStatus. */
export function calculateStatus(ctx: DeploymentContext, d: DeploymentLike): DeploymentStatus {
  const rsList = replicaSetsFor(ctx, d);
  const newRS = findNewReplicaSet(d, rsList);
  const available = sum(rsList, (rs) => rs.status?.availableReplicas ?? 0);
  const total = sum(rsList, specReplicas);
  const status: DeploymentStatus = {
    ...(d.status ?? {}),
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sum(rsList, (rs) => rs.status?.replicas ?? 0),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum(rsList, (rs) => rs.status?.readyReplicas ?? 0),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    conditions: structuredClone(d.status?.conditions ?? []),
  };
  if (available >= desiredReplicas(d) - maxUnavailable(d)) {
    setCondition(
      status,
      condition(
        'Available',
        'True',
        'MinimumReplicasAvailable',
        'Deployment has minimum availability.',
      ),
    );
  } else {
    setCondition(
      status,
      condition(
        'Available',
        'False',
        'MinimumReplicasUnavailable',
        'Deployment does not have minimum availability.',
      ),
    );
  }
  return status;
}

/** upstream DeploymentProgressing: did the rollout move since the stored status? */
function progressing(old: DeploymentStatus, status: DeploymentStatus): boolean {
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** upstream syncRolloutStatus: status plus the Progressing condition; returns the status. */
export function syncRolloutStatus(ctx: DeploymentContext, dIn: DeploymentLike): DeploymentStatus {
  const d =
    (ctx.cache.get(
      'deployments',
      dIn.metadata.namespace ?? '',
      dIn.metadata.name ?? '',
    ) as DeploymentLike) ?? dIn;
  const status = calculateStatus(ctx, d);
  const rsName = findNewReplicaSet(d, replicaSetsFor(ctx, d))?.metadata.name;
  const current = getCondition(status, 'Progressing');
  const complete =
    status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
  if (!d.spec?.paused && !complete) {
    if (deploymentComplete(d, status)) {
      setCondition(
        status,
        condition(
          'Progressing',
          'True',
          'NewReplicaSetAvailable',
          rsName
            ? `ReplicaSet "${rsName}" has successfully progressed.`
            : 'Deployment has successfully progressed.',
        ),
      );
    } else if (progressing(d.status ?? {}, status)) {
      const cond = condition(
        'Progressing',
        'True',
        'ReplicaSetUpdated',
        rsName ? `ReplicaSet "${rsName}" is progressing.` : 'Deployment is progressing.',
      );
      // Progress refreshes lastUpdateTime even when the reason stays the same.
      if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
      status.conditions = [
        ...(status.conditions ?? []).filter((c) => c.type !== 'Progressing'),
        cond,
      ];
    } else if (current && current.reason !== 'ProgressDeadlineExceeded') {
      checkDeadline(ctx, d, status, rsName);
    }
  }
  updateStatusIfChanged(ctx.store, 'deployments', d, status);
  return status;
}

/** ProgressDeadlineExceeded once the deadline passed, else requeueStuckDeployment for then. */
function checkDeadline(
  ctx: DeploymentContext,
  d: DeploymentLike,
  status: DeploymentStatus,
  rsName: string | undefined,
): void {
  const current = getCondition(status, 'Progressing');
  const deadlineMs = (d.spec?.progressDeadlineSeconds ?? 600) * 1000;
  const since = Date.parse(current?.lastUpdateTime ?? current?.lastTransitionTime ?? '');
  if (Number.isNaN(since)) return;
  if (since + deadlineMs <= Date.now()) {
    setCondition(
      status,
      condition(
        'Progressing',
        'False',
        'ProgressDeadlineExceeded',
        rsName
          ? `ReplicaSet "${rsName}" has timed out progressing.`
          : 'Deployment has timed out progressing.',
      ),
    );
    return;
  }
  ctx.queue.addAfter(objectKey(d), Math.max(1, since + deadlineMs - Date.now() + 50));
}
