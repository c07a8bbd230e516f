/**
 * The EndpointSlice mirroring controller (upstream pkg/controller/endpointslicemirroring/
 * endpointslicemirroring_controller.go): a selector-less Service's hand-written Endpoints are
 * mirrored into EndpointSlices (reconciler.ts, utils.ts). Endpoints that should not be mirrored,
 * whose Service is gone or has a selector lose their mirrored slices. Resynced when the Endpoints
 * change, when a Service gains or loses its selector, and when someone else edits or deletes a
 * mirrored slice. Pinned by mirroring-controller.test.ts.
 */
import type { ClusterStore, Controller, StoreEvent } from '../../core/types';
import type { ObjectCache } from '../cache';
import {
  type LoopContext,
  OwnWrites,
  objectKey,
  queueAll,
  runControllerLoop,
} from '../controller-loop';
import {
  type EndpointSlice,
  MANAGED_BY_LABEL,
  serviceKeysOfManagedSlice,
} from '../endpointslice/utils';
import type { EventRecorder } from '../events';
import { serviceSelector } from '../service-pods';
import { splitKey } from '../util';
import { type MirroringContext, deleteSlices, reconcileMirror } from './reconciler';
import { DEFAULT_MAX_ENDPOINTS_PER_SUBSET, MIRRORING_CONTROLLER_NAME, shouldMirror } from './utils';

export { desiredMirroredSlices, MIRRORING_CONTROLLER_NAME } from './utils';

export interface MirroringControllerOptions {
  maxEndpointsPerSubset?: number;
  recorder?: EventRecorder;
}

interface MirroringControllerContext extends MirroringContext, LoopContext {}

function onEvent(ctx: MirroringControllerContext, event: StoreEvent): void {
  const key = objectKey(event.object);
  switch (event.resource) {
    case 'services': {
      const selectorLess = !serviceSelector(event.object);
      if (event.type !== 'MODIFIED') {
        if (selectorLess) ctx.queue.add(key);
      } else if (selectorLess !== !serviceSelector(event.previous)) ctx.queue.add(key);
      break;
    }
    case 'endpoints':
      if (event.type === 'MODIFIED') {
        if (shouldMirror(event.object) || shouldMirror(event.previous)) ctx.queue.add(key);
      } else if (shouldMirror(event.object)) ctx.queue.add(key);
      break;
    case 'endpointslices':
      if (ctx.ownWrites.active) break;
      for (const service of serviceKeysOfManagedSlice(event, MIRRORING_CONTROLLER_NAME)) {
        ctx.queue.add(service);
      }
      break;
    default:
      break;
  }
}

function mirroredSlices(ctx: MirroringControllerContext, namespace: string, name: string) {
  return ctx.cache
    .slicesForService(namespace, name)
    .filter(
      (s) => s.metadata.labels?.[MANAGED_BY_LABEL] === MIRRORING_CONTROLLER_NAME,
    ) as EndpointSlice[];
}

/** upstream syncEndpoints. */
function syncEndpoints(ctx: MirroringControllerContext, key: string): void {
  const [namespace, name] = splitKey(key);
  const endpoints = ctx.cache.get('endpoints', namespace, name);
  const service = ctx.cache.get('services', namespace, name);
  const existing = mirroredSlices(ctx, namespace, name);
  if (!endpoints || !shouldMirror(endpoints) || !service || serviceSelector(service)) {
    deleteSlices(ctx, existing);
    return;
  }
  reconcileMirror(ctx, endpoints, existing);
}

export function createMirroringController(
  store: ClusterStore,
  cache: ObjectCache,
  options: MirroringControllerOptions = {},
): Controller {
  return runControllerLoop<MirroringControllerContext>(
    {
      name: 'endpointslicemirroring-controller',
      sync: syncEndpoints,
      onEvent,
      initialSync: (ctx) => queueAll(ctx, [...ctx.cache.list('endpoints')].filter(shouldMirror)),
    },
    (queue) => ({
      store,
      cache,
      queue,
      ownWrites: new OwnWrites(),
      maxPerSubset: options.maxEndpointsPerSubset ?? DEFAULT_MAX_ENDPOINTS_PER_SUBSET,
      recorder: options.recorder,
    }),
  );
}
