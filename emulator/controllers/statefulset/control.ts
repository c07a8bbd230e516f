/**
 * One StatefulSet sync (upstream pkg/controller/statefulset/stateful_set_control.go
 * UpdateStatefulSet, simplified): the pods it claims are sorted into replicas (ordinals below
 * `spec.replicas`) and condemned ones (above). Missing replicas are created and finished ones
 * (Failed or Succeeded) deleted to be recreated; with `podManagementPolicy: OrderedReady` (the default) one at a time,
 * in ordinal order, each waiting for the previous to be Running and Ready, and scale-down deletes
 * from the highest ordinal, one at a time, once the rest are healthy; `Parallel` does all at once.
 * The RollingUpdate strategy then replaces pods of an older revision from the highest ordinal down
 * to `partition`, one at a time, waiting for each to be healthy; OnDelete leaves them until they
 * are deleted. Status counts the pods and the two revisions; the update revision becomes the
 * current one once every replica runs it ready.
 */
import type { ClusterStore, KubeObject } from '../../core/types';
import type { LoopContext } from '../controller-loop';
import { objectKey } from '../controller-loop';
import { claimObjects, controllerRef } from '../controller-ref';
import type { EventRecorder } from '../events';
import { isPodAvailable } from '../replicaset/pod-ranking';
import { CONTROLLER_MANAGER, deleteIfPresent, updateStatusIfChanged } from '../writes';
import {
  type StatefulSetLike,
  isCreated,
  isFinished,
  isHealthy,
  isRunningAndReady,
  newStatefulSetPod,
  ordinalOf,
  revisionOfPod,
} from './pods';
import {
  type SetRevisions,
  applyRevision,
  getStatefulSetRevisions,
  truncateHistory,
} from './revisions';

export interface StatefulSetContext extends LoopContext {
  store: ClusterStore;
  recorder: EventRecorder;
  minorVersion: number;
}

function createPod(ctx: StatefulSetContext, set: StatefulSetLike, pod: KubeObject): void {
  const verb = `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name}`;
  try {
    ctx.store.create('pods', pod, CONTROLLER_MANAGER);
  } catch (error) {
    ctx.recorder.record(set, {
      type: 'Warning',
      reason: 'FailedCreate',
      message: `${verb} failed error: ${(error as Error).message}`,
    });
    throw error;
  }
  ctx.recorder.record(set, {
    type: 'Normal',
    reason: 'SuccessfulCreate',
    message: `${verb} successful`,
  });
}

function deletePod(ctx: StatefulSetContext, set: StatefulSetLike, pod: KubeObject): void {
  deleteIfPresent(ctx.store, 'pods', pod);
  ctx.recorder.record(set, {
    type: 'Normal',
    reason: 'SuccessfulDelete',
    message: `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
  });
}

/**
 * upstream newVersionedStatefulSetPod, its operator precedence included: below the partition (or,
 * without rollingUpdate, below status.currentReplicas) a missing pod comes back at the current
 * revision's template, otherwise at the update revision's.
 */
function newVersionedPod(
  ctx: StatefulSetContext,
  set: StatefulSetLike,
  revs: SetRevisions,
  ordinal: number,
): KubeObject {
  const strategy = set.spec?.updateStrategy;
  const rolling = (strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const atCurrent =
    (rolling && !strategy?.rollingUpdate && ordinal < (set.status?.currentReplicas ?? 0)) ||
    (!!strategy?.rollingUpdate && ordinal < (strategy.rollingUpdate.partition ?? 0));
  const name = (r: KubeObject) => r.metadata.name ?? '';
  return atCurrent
    ? newStatefulSetPod(
        applyRevision(set, revs.current),
        ordinal,
        name(revs.current),
        ctx.minorVersion,
      )
    : newStatefulSetPod(set, ordinal, name(revs.update), ctx.minorVersion);
}

/**
 * Creates, replaces and deletes pods towards the spec; returns when an ordered step has to wait
 * for a pod to become healthy or to go away.
 */
function reconcilePods(
  ctx: StatefulSetContext,
  set: StatefulSetLike,
  replicas: (KubeObject | undefined)[],
  condemned: KubeObject[],
  revs: SetRevisions,
): void {
  const updateRevision = revs.update.metadata.name;
  const ordered = set.spec?.podManagementPolicy !== 'Parallel';
  for (const [ordinal, pod] of replicas.entries()) {
    if (pod && isFinished(pod) && !pod.metadata.deletionTimestamp) {
      deletePod(ctx, set, pod);
      if (ordered) return;
      continue;
    }
    if (!pod) {
      createPod(ctx, set, newVersionedPod(ctx, set, revs, ordinal));
      if (ordered) return;
      continue;
    }
    if (ordered && !isHealthy(pod)) return;
  }
  for (const pod of condemned) {
    if (pod.metadata.deletionTimestamp) {
      if (ordered) return;
      continue;
    }
    deletePod(ctx, set, pod);
    if (ordered) return;
  }
  const strategy = set.spec?.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
  const partition = strategy?.rollingUpdate?.partition ?? 0;
  for (let ordinal = replicas.length - 1; ordinal >= partition; ordinal--) {
    const pod = replicas[ordinal];
    if (!pod) continue;
    if (revisionOfPod(pod) !== updateRevision && !pod.metadata.deletionTimestamp) {
      deletePod(ctx, set, pod);
      return;
    }
    if (!isHealthy(pod)) return;
  }
}

/** upstream updateStatefulSetStatus (with completeRollingUpdate). */
function updateStatus(
  ctx: StatefulSetContext,
  set: StatefulSetLike,
  pods: readonly KubeObject[],
  revs: SetRevisions,
): void {
  const now = Date.now();
  const minReady = set.spec?.minReadySeconds ?? 0;
  const currentRevision = revs.current.metadata.name ?? '';
  const updateRevision = revs.update.metadata.name ?? '';
  const status = {
    ...(set.status ?? {}),
    observedGeneration: set.metadata.generation ?? 1,
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    currentRevision,
    updateRevision,
    collisionCount: revs.collisionCount,
  };
  for (const pod of pods) {
    if (isCreated(pod)) status.replicas++;
    if (isRunningAndReady(pod)) {
      status.readyReplicas++;
      if (isPodAvailable(pod, minReady, now)) status.availableReplicas++;
    }
    if (isCreated(pod) && !pod.metadata.deletionTimestamp) {
      if (revisionOfPod(pod) === currentRevision) status.currentReplicas++;
      if (revisionOfPod(pod) === updateRevision) status.updatedReplicas++;
    }
  }
  const replicas = set.spec?.replicas ?? 1;
  if (
    (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
    status.updatedReplicas === replicas &&
    status.readyReplicas === replicas &&
    status.replicas === replicas
  ) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = updateRevision;
  }
  updateStatusIfChanged(ctx.store, 'statefulsets', set, status);
  if (minReady > 0 && status.readyReplicas > status.availableReplicas) {
    ctx.queue.addAfter(objectKey(set), minReady * 1000);
  }
}

export function syncStatefulSet(ctx: StatefulSetContext, set: StatefulSetLike): void {
  const pods = claimObjects(ctx, 'pods', set, (pod) => ordinalOf(set, pod) >= 0);
  const revs = getStatefulSetRevisions(ctx, set);
  if (!set.metadata.deletionTimestamp) {
    const replicas: (KubeObject | undefined)[] = Array.from({ length: set.spec?.replicas ?? 1 });
    const condemned: KubeObject[] = [];
    for (const pod of pods) {
      const ordinal = ordinalOf(set, pod);
      if (ordinal < replicas.length) replicas[ordinal] = pod;
      else condemned.push(pod);
    }
    condemned.sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
    reconcilePods(ctx, set, replicas, condemned, revs);
  }
  const owned = [...ctx.cache.list('pods', set.metadata.namespace)].filter(
    (pod) => controllerRef(pod)?.uid === set.metadata.uid,
  );
  const latest =
    (ctx.cache.get('statefulsets', set.metadata.namespace ?? '', set.metadata.name ?? '') as
      StatefulSetLike | undefined) ?? set;
  updateStatus(ctx, latest, owned, revs);
  truncateHistory(ctx, set, owned, revs);
}
