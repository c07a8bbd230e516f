/**
 * The DaemonSet controller (upstream pkg/controller/daemon/daemon_controller.go): one pod per
 * Node that should run it (placement.ts), kept and counted by sync.ts, replaced as rolling-update.ts
 * plans. A DaemonSet is
 * synced when it changes, when one of its pods (or an orphan its selector matches) changes, and
 * every DaemonSet when a Node is added, removed or changes. Events: SuccessfulCreate,
 * SuccessfulDelete, FailedCreate. Its ControllerRevisions are kept by history.ts. Pinned by
 * daemonset-controller.test.ts and history.test.ts.
 */
import { deepEqual } from '../../core/deep-equal';
import type { ClusterStore, Controller, StoreEvent } from '../../core/types';
import type { ObjectCache } from '../cache';
import { ownerLoop, queueAll, queueControllersOf, runControllerLoop } from '../controller-loop';
import type { EventRecorder } from '../events';
import { type DaemonSetContext, type DaemonSetLike, syncDaemonSet } from './sync';

/**
 * A revision's change queues its DaemonSet (upstream's history handlers); a Node added, removed,
 * or changed in what placement reads: every DaemonSet looks again.
 */
function onOtherEvent(ctx: DaemonSetContext, event: StoreEvent): void {
  if (event.resource === 'controllerrevisions') {
    queueControllersOf(ctx, { resource: 'daemonsets', kind: 'DaemonSet' }, event);
    return;
  }
  if (event.resource !== 'nodes') return;
  const { previous, object } = event;
  if (
    event.type !== 'MODIFIED' ||
    !deepEqual(previous?.metadata.labels, object.metadata.labels) ||
    !deepEqual(previous?.spec, object.spec) ||
    !deepEqual(previous?.status, object.status)
  ) {
    queueAll(ctx, ctx.cache.list('daemonsets'));
  }
}

export function createDaemonSetController(
  store: ClusterStore,
  cache: ObjectCache,
  recorder: EventRecorder,
): Controller {
  return runControllerLoop<DaemonSetContext>(
    ownerLoop({
      name: 'daemonset-controller',
      owner: { resource: 'daemonsets', kind: 'DaemonSet' },
      owned: 'pods',
      syncOwner: (ctx, ds) => syncDaemonSet(ctx, ds as DaemonSetLike),
      onOtherEvent,
    }),
    (queue) => ({ store, cache, queue, recorder, duplicatesSeen: new Map() }),
  );
}
