/**
 * The StatefulSet controller (upstream pkg/controller/statefulset/stateful_set.go): ordered pods
 * `<set>-0 … <set>-(N-1)` with stable identities (pods.ts), created, scaled, replaced and counted
 * by control.ts. A set is synced when it changes and when one of its pods (or an orphan its
 * selector matches) changes. Events: SuccessfulCreate, SuccessfulDelete, FailedCreate. Pinned by
 * statefulset-controller.test.ts.
 */
import type { ClusterStore, Controller } from '../../core/types';
import type { ObjectCache } from '../cache';
import { ownerLoop, runControllerLoop } from '../controller-loop';
import type { EventRecorder } from '../events';
import { type StatefulSetContext, syncStatefulSet } from './control';
import type { StatefulSetLike } from './pods';

export function createStatefulSetController(
  store: ClusterStore,
  cache: ObjectCache,
  recorder: EventRecorder,
  options: { minorVersion: number },
): Controller {
  return runControllerLoop<StatefulSetContext>(
    ownerLoop({
      name: 'statefulset-controller',
      owner: { resource: 'statefulsets', kind: 'StatefulSet' },
      owned: 'pods',
      syncOwner: (ctx, set) => syncStatefulSet(ctx, set as StatefulSetLike),
    }),
    (queue) => ({ store, cache, queue, recorder, minorVersion: options.minorVersion }),
  );
}
