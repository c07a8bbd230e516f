/**
 * The EndpointSlice controller (upstream pkg/controller/endpointslice/
 * endpointslice_controller.go): for every Service with a selector, the slices reconciler.ts
 * computes from the pods it selects, resynced when the Service changes, when a pod change
 * concerns it (batched, as `--endpoint-updates-batch-period`), and when someone else edits or
 * deletes one of its slices (its own writes do not requeue it). ExternalName and selector-less
 * Services are left alone; a deleted Service's slices go with it through their ownerReferences.
 * A Service with pods on a missing Node is retried with backoff. Pinned by
 * endpointslice-controller.test.ts.
 */
import type { ClusterStore, Controller, StoreEvent } from '../../core/types';
import type { ObjectCache } from '../cache';
import { type LoopContext, OwnWrites, queueAll, runControllerLoop } from '../controller-loop';
import { DEFAULT_BATCH_MS, selectedPods, serviceSelector, queueServicesFor } from '../service-pods';
import { TriggerTimeTracker } from '../trigger-time';
import { type ServiceLike, splitKey } from '../util';
import { type ReconcilerContext, reconcile } from './reconciler';
import {
  DEFAULT_MAX_ENDPOINTS_PER_SLICE,
  ENDPOINTSLICE_CONTROLLER_NAME,
  type EndpointSlice,
  MANAGED_BY_LABEL,
  serviceKeysOfManagedSlice,
} from './utils';

export interface EndpointSliceControllerOptions {
  maxEndpointsPerSlice?: number;
  /** Kubernetes minor version served (27–33). Default 33. */
  minorVersion?: number;
  /** upstream --endpoint-updates-batch-period for pod-triggered syncs. Default 20 ms. */
  batchMs?: number;
}

interface EndpointSliceContext extends ReconcilerContext, LoopContext {
  tracker: TriggerTimeTracker;
  batchMs: number;
}

function onEvent(ctx: EndpointSliceContext, event: StoreEvent): void {
  if (queueServicesFor(ctx, event)) return;
  if (event.resource === 'endpointslices' && !ctx.ownWrites.active) {
    for (const key of serviceKeysOfManagedSlice(event, ENDPOINTSLICE_CONTROLLER_NAME)) {
      ctx.queue.add(key);
    }
  }
}

/** upstream syncService. */
function syncService(ctx: EndpointSliceContext, key: string): void {
  const [namespace, name] = splitKey(key);
  const service = ctx.cache.get('services', namespace, name);
  if (!service) {
    ctx.tracker.deleteService(namespace, name);
    return;
  }
  if ((service as ServiceLike).spec?.type === 'ExternalName') return;
  if (!serviceSelector(service)) return;
  const pods = selectedPods(ctx.cache, service);
  const existing = ctx.cache
    .slicesForService(namespace, name)
    .filter(
      (s) =>
        s.metadata.labels?.[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER_NAME &&
        !s.metadata.deletionTimestamp,
    ) as EndpointSlice[];
  const triggerTime = ctx.tracker.compute(namespace, service, pods);
  const errors = reconcile(ctx, service, pods, existing, triggerTime);
  if (errors.length > 0) {
    // Upstream returns an error so the Service is retried with backoff until the Node exists.
    const shown = errors.slice(0, 3).join(', ') + (errors.length > 3 ? ', …' : '');
    throw new Error(`skipped ${errors.length} Pod(s) of Service ${key}, Node not found: ${shown}`);
  }
}

export function createEndpointSliceController(
  store: ClusterStore,
  cache: ObjectCache,
  options: EndpointSliceControllerOptions = {},
): Controller {
  return runControllerLoop<EndpointSliceContext>(
    {
      name: 'endpointslice-controller',
      sync: syncService,
      onEvent,
      initialSync: (ctx) => queueAll(ctx, ctx.cache.list('services')),
      // Upstream logs a dropped Service at info level; the next pod or Service event retries it.
      queueOptions: { onDrop: () => {} },
    },
    (queue) => ({
      store,
      cache,
      queue,
      ownWrites: new OwnWrites(),
      maxEndpointsPerSlice: options.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE,
      minorVersion: options.minorVersion ?? 33,
      node: (name) => cache.get('nodes', '', name),
      tracker: new TriggerTimeTracker(),
      batchMs: options.batchMs ?? DEFAULT_BATCH_MS,
    }),
  );
}
