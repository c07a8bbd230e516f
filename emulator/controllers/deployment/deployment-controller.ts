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
import type { ClusterStore, Controller, KubeObject, StoreEvent } from '../../core/types';
import type { ObjectCache } from '../cache';
import { objectKey, queueAll, runControllerLoop } from '../controller-loop';
import { controllerRef } from '../controller-ref';
import type { EventRecorder } from '../events';
import type { ReplicaSetLike } from '../replicaset/replicaset-controller';
import { deepEqual } from '../../core/deep-equal';
import { matchesLabelSelector } from '../../core/label-selectors';
import { splitKey } from '../util';
import { type DeploymentContext, replicaSetsFor } from './context';
import { rolloutRecreate } from './recreate';
import { rolloutRolling } from './rolling';
import { isScalingEvent, syncScale, syncStatusOnly } from './sync';
import { type DeploymentLike, isRollingUpdate } from './util';

export {
  computeHash,
  resolveFenceposts,
  type DeploymentLike,
  POD_TEMPLATE_HASH,
  REVISION,
} from './util';

/** The Deployment controlling a ReplicaSet, or every one whose selector matches an orphan. */
function queueForReplicaSet(ctx: DeploymentContext, rs: KubeObject | undefined): void {
  if (!rs) return;
  const ref = controllerRef(rs);
  if (ref) {
    if (ref.kind === 'Deployment') ctx.queue.add(`${rs.metadata.namespace}/${ref.name}`);
    return;
  }
  for (const d of ctx.cache.list('deployments', rs.metadata.namespace)) {
    if (matchesLabelSelector((d as DeploymentLike).spec?.selector, rs.metadata.labels)) {
      ctx.queue.add(objectKey(d));
    }
  }
}

function onEvent(ctx: DeploymentContext, event: StoreEvent): void {
  switch (event.resource) {
    case 'deployments':
      ctx.queue.add(objectKey(event.object));
      break;
    case 'replicasets':
      queueForReplicaSet(ctx, event.object);
      if (
        event.previous &&
        !deepEqual(controllerRef(event.previous), controllerRef(event.object))
      ) {
        queueForReplicaSet(ctx, event.previous);
      }
      break;
    case 'pods': {
      // Recreate waits for the old pods to be gone.
      const ref = event.type === 'DELETED' ? controllerRef(event.object) : undefined;
      if (ref?.kind === 'ReplicaSet') {
        const namespace = event.object.metadata.namespace ?? '';
        queueForReplicaSet(ctx, ctx.cache.get('replicasets', namespace, ref.name));
      }
      break;
    }
    default:
      break;
  }
}

/** upstream syncDeployment. */
function syncDeployment(ctx: DeploymentContext, key: string): void {
  const [namespace, name] = splitKey(key);
  const d = ctx.cache.get('deployments', namespace, name) as DeploymentLike | undefined;
  if (!d) return;
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
    {
      name: 'deployment-controller',
      sync: syncDeployment,
      onEvent,
      initialSync: (ctx) => queueAll(ctx, ctx.cache.list('deployments')),
    },
    (queue) => ({ store, cache, recorder, queue }),
  );
}
