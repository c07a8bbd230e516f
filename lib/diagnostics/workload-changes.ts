/**
 * The trail's workload entries: what changed between two versions of a Deployment, ReplicaSet,
 * StatefulSet or DaemonSet — replicas (old → new), template images and labels, and for a
 * Deployment its rollouts: started (a new `deployment.kubernetes.io/revision`), finished (the
 * Progressing condition turns to `NewReplicaSetAvailable`) or stalled (`ProgressDeadlineExceeded`).
 *
 * Contract: pure; returns entries without a time. "Who" is what the record keeps: the
 * `spec.replicas` owner for a replicas change (`kubectl scale` writes through the `scale`
 * subresource under manager `kubectl`), the newest non-status writer for template changes; a
 * rollout's start or end is the controller's doing, so it carries no author (the template change
 * that started it does). Progressing reasons follow upstream's
 * pkg/controller/deployment/util/deployment_util.go.
 */
import type { WorkloadRecord } from '../topology/records';
import type { WorkloadRef } from '../api/diagnostics';
import { labelDelta, sameLabels, type TrailChange } from './spec-changes';

function ref(workload: WorkloadRecord): WorkloadRef {
  return { kind: workload.kind, name: workload.meta.name };
}

function progressing(workload: WorkloadRecord): { reason?: string; message?: string } | undefined {
  if (workload.kind !== 'Deployment') return undefined;
  return workload.conditions.find((c) => c.type === 'Progressing');
}

function rolloutChanges(previous: WorkloadRecord, next: WorkloadRecord): TrailChange[] {
  if (previous.kind !== 'Deployment' || next.kind !== 'Deployment') return [];
  const out: TrailChange[] = [];
  const workload = ref(next);
  const revision = next.revision ? { revision: next.revision } : {};
  if (previous.revision && next.revision && previous.revision !== next.revision)
    out.push({ type: 'rollout', workload, phase: 'started', ...revision });
  const before = progressing(previous)?.reason;
  const after = progressing(next);
  if (after?.reason !== before) {
    if (after?.reason === 'NewReplicaSetAvailable')
      out.push({ type: 'rollout', workload, phase: 'finished', ...revision });
    if (after?.reason === 'ProgressDeadlineExceeded')
      out.push({
        type: 'rollout',
        workload,
        phase: 'stalled',
        ...revision,
        ...(after.message ? { message: after.message } : {}),
      });
  }
  return out;
}

/** Changes between two versions of one workload; `previous` undefined means it was created. */
export function workloadChanges(
  previous: WorkloadRecord | undefined,
  next: WorkloadRecord,
): TrailChange[] {
  const workload = ref(next);
  const by = next.meta.lastChange ? { by: next.meta.lastChange } : {};
  if (!previous) return [{ type: 'workload', workload, field: 'created', ...by }];
  const out: TrailChange[] = [];
  if ('replicas' in previous && 'replicas' in next && previous.replicas !== next.replicas) {
    const replicasBy = next.replicasChange ? { by: next.replicasChange } : by;
    out.push({
      type: 'workload',
      workload,
      field: 'replicas',
      from: String(previous.replicas),
      to: String(next.replicas),
      ...replicasBy,
    });
  }
  const images = [previous.images.join(', '), next.images.join(', ')];
  if (images[0] !== images[1])
    out.push({ type: 'workload', workload, field: 'image', from: images[0], to: images[1], ...by });
  if (!sameLabels(previous.templateLabels, next.templateLabels))
    out.push({
      type: 'workload',
      workload,
      field: 'template-labels',
      ...labelDelta(previous.templateLabels, next.templateLabels),
      ...by,
    });
  return [...out, ...rolloutChanges(previous, next)];
}

export function workloadDeleted(previous: WorkloadRecord): TrailChange {
  return { type: 'workload', workload: ref(previous), field: 'deleted' };
}
