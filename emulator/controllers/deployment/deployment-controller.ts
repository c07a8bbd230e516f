/**
 * The Deployment controller (upstream pkg/controller/deployment/deployment_controller.go): one
 * ReplicaSet per pod template, rolled out by the Deployment's strategy — rolling.ts
 * (RollingUpdate) or recreate.ts (Recreate) — with replica changes outside a rollout, and any
 * change while paused, handled as proportional scaling (sync.ts); status, the Available /
 * Progressing conditions and the progress deadline in progress.ts; pure rules in util.ts. A
 * Deployment with an empty selector gets a SelectingAll warning and nothing else; one being
 * deleted only gets its status updated. Events: ScalingReplicaSet. Pinned by
 * deployment-controller.test.ts.
 */
import type { ClusterStore, Controller, StoreEvent } from '../../core/types';
import type { ObjectCache } from '../cache';
import {
  type OwnerKind,
  ownerLoop,
  queueControllerOf,
  runControllerLoop,
} from '../controller-loop';
import { controllerRef } from '../controller-ref';
import type { EventRecorder } from '../events';
import type { ReplicaSetLike } from '../replicaset/replicaset-controller';
import { type DeploymentContext, replicaSetsFor } from './context';
import { rolloutRecreate } from './recreate';
import { rolloutRolling } from './rolling';
import { isScalingEvent, syncScale, syncStatusOnly } from './sync';
import { type DeploymentLike, isRollingUpdate } from './util';

const DEPLOYMENTS: OwnerKind = { resource: 'deployments', kind: 'Deployment' };

export {
  computeHash,
  resolveFenceposts,
  type DeploymentLike,
  POD_TEMPLATE_HASH,
  REVISION,
} from './util';

/** Recreate waits for the old pods to be gone: a deleted pod's Deployment looks again. */
function onPodDeleted(ctx: DeploymentContext, event: StoreEvent): void {
  if (event.resource !== 'pods' || event.type !== 'DELETED') return;
  const ref = controllerRef(event.object);
  if (ref?.kind !== 'ReplicaSet') return;
  const namespace = event.object.metadata.namespace ?? '';
  queueControllerOf(ctx, DEPLOYMENTS, ctx.cache.get('replicasets', namespace, ref.name));
}

/** upstream syncDeployment. */
function syncDeployment(ctx: DeploymentContext, d: DeploymentLike): void {
  const selector = d.spec?.selector;
  if (!selector || (!selector.matchLabels && !selector.matchExpressions)) {
    ctx.recorder.record(d, {
      type: 'Warning',
      reason: 'SelectingAll',
      message: 'This deployment is selecting all pods. A non-empty selector is required.',
    });
    return;
  }
  const rsList: ReplicaSetLike[] = replicaSetsFor(ctx, d);
  if (d.metadata.deletionTimestamp) syncStatusOnly(ctx, d);
  else if (d.spec?.paused || isScalingEvent(d, rsList)) syncScale(ctx, d, rsList);
  else if (isRollingUpdate(d)) rolloutRolling(ctx, d, rsList);
  else rolloutRecreate(ctx, d, rsList);
}

export function createDeploymentController(
  store: ClusterStore,
  cache: ObjectCache,
  recorder: EventRecorder,
): Controller {
  return runControllerLoop<DeploymentContext>(
    ownerLoop({
      name: 'deployment-controller',
      owner: DEPLOYMENTS,
      owned: 'replicasets',
      syncOwner: (ctx, d) => syncDeployment(ctx, d as DeploymentLike),
      onOtherEvent: onPodDeleted,
    }),
    (queue) => ({ store, cache, recorder, queue }),
  );
}
