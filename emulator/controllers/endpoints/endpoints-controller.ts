/**
 * The endpoints controller (upstream pkg/controller/endpoint/endpoints_controller.go): keeps a
 * core/v1 Endpoints object for every Service with a selector — the subsets of subsets.ts,
 * truncated at 1,000 addresses with the over-capacity annotation, labels copied from the Service
 * (plus the headless label, and from 1.33 `endpoints.kubernetes.io/managed-by`), the
 * last-change-trigger-time annotation — and deletes it with the Service. Services without a
 * selector (and ExternalName ones) are left alone: their Endpoints are the user's. On start,
 * Endpoints whose Service is gone are deleted (checkLeftoverEndpoints). Nothing is written when
 * nothing changed. Pinned by endpoints-controller.test.ts (ported upstream cases, black box).
 */
import type { ClusterStore, Controller, KubeObject, StoreEvent } from '../../core/types';
import type { ObjectCache } from '../cache';
import { type LoopContext, objectKey, queueAll, runControllerLoop } from '../controller-loop';
import { type EndpointSubset, truncateSubsets } from '../repack';
import {
  DEFAULT_BATCH_MS,
  HEADLESS_LABEL,
  isServiceIPSet,
  selectedPods,
  serviceSelector,
  queueServicesFor,
} from '../service-pods';
import { TriggerTimeTracker, setTriggerTime } from '../trigger-time';
import { deepEqual } from '../../core/deep-equal';
import { type Labels } from '../../core/label-selectors';
import { type ServiceLike, splitKey } from '../util';
import { CONTROLLER_MANAGER, deleteIfPresent } from '../writes';
import { comparableSubsets, desiredSubsets } from './subsets';
import { ENDPOINTS_CONTROLLER_NAME, ENDPOINTS_MANAGED_BY } from '../../core/managed-by';

export { desiredSubsets, podToEndpointAddress } from './subsets';

export const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
export { ENDPOINTS_CONTROLLER_NAME, ENDPOINTS_MANAGED_BY };
export const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export interface EndpointsControllerOptions {
  /** Kubernetes minor version served; 33+ adds `endpoints.kubernetes.io/managed-by`. */
  minorVersion: number;
  /** upstream --endpoint-updates-batch-period for pod-triggered syncs. Default 20 ms. */
  batchMs?: number;
}

interface EndpointsContext extends LoopContext {
  store: ClusterStore;
  tracker: TriggerTimeTracker;
  minorVersion: number;
  batchMs: number;
}

function onEvent(ctx: EndpointsContext, event: StoreEvent): void {
  if (queueServicesFor(ctx, event)) return;
  if (event.resource === 'endpoints' && event.type === 'DELETED') {
    ctx.queue.add(objectKey(event.object));
  }
}

function initialSync(ctx: EndpointsContext): void {
  queueAll(ctx, ctx.cache.list('services'));
  // checkLeftoverEndpoints: Endpoints whose Service is gone get deleted on startup.
  for (const endpoints of ctx.cache.list('endpoints')) {
    if (endpoints.metadata.annotations?.[LEADER_ANNOTATION] === undefined) {
      ctx.queue.add(objectKey(endpoints));
    }
  }
}

function endpointsLabels(ctx: EndpointsContext, service: KubeObject): Labels {
  const labels: Labels = { ...(service.metadata.labels ?? {}) };
  if (ctx.minorVersion >= 33) labels[ENDPOINTS_MANAGED_BY] = ENDPOINTS_CONTROLLER_NAME;
  if (!isServiceIPSet(service)) labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}

function unchanged(
  current: KubeObject | undefined,
  subsets: EndpointSubset[],
  labels: Labels,
  truncated: boolean,
): boolean {
  if (!current) return false;
  const overCapacity = current.metadata.annotations?.[OVER_CAPACITY];
  return (
    deepEqual(
      comparableSubsets(current.subsets as EndpointSubset[] | undefined),
      comparableSubsets(subsets),
    ) &&
    deepEqual(current.metadata.labels ?? {}, labels) &&
    (overCapacity === 'truncated') === truncated &&
    (truncated || overCapacity === undefined)
  );
}

/** upstream syncService. */
function syncService(ctx: EndpointsContext, key: string): void {
  const [namespace, name] = splitKey(key);
  const service = ctx.cache.get('services', namespace, name);
  if (!service) {
    deleteIfPresent(ctx.store, 'endpoints', { metadata: { namespace, name } });
    ctx.tracker.deleteService(namespace, name);
    return;
  }
  if ((service as ServiceLike).spec?.type === 'ExternalName') return;
  if (!serviceSelector(service)) return;

  const pods = selectedPods(ctx.cache, service);
  // Computed before the no-op check so the tracker state moves on even without a write.
  const triggerTime = ctx.tracker.compute(namespace, service, pods);
  const { subsets, truncated } = truncateSubsets(desiredSubsets(service, pods));
  const labels = endpointsLabels(ctx, service);
  const current = ctx.cache.get('endpoints', namespace, name);
  if (unchanged(current, subsets, labels, truncated)) return;

  const next: KubeObject = current
    ? (structuredClone(current) as KubeObject)
    : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace } };
  if (Object.keys(labels).length > 0) next.metadata.labels = labels;
  else delete next.metadata.labels;
  next.metadata.annotations = { ...(next.metadata.annotations ?? {}) };
  if (truncated) next.metadata.annotations[OVER_CAPACITY] = 'truncated';
  else delete next.metadata.annotations[OVER_CAPACITY];
  setTriggerTime(next, triggerTime);
  if (subsets.length > 0) next.subsets = subsets;
  else delete next.subsets;

  if (current) ctx.store.update('endpoints', next, CONTROLLER_MANAGER);
  else ctx.store.create('endpoints', next, CONTROLLER_MANAGER);
}

export function createEndpointsController(
  store: ClusterStore,
  cache: ObjectCache,
  options: EndpointsControllerOptions,
): Controller {
  return runControllerLoop<EndpointsContext>(
    { name: ENDPOINTS_CONTROLLER_NAME, sync: syncService, onEvent, initialSync },
    (queue) => ({
      store,
      cache,
      queue,
      tracker: new TriggerTimeTracker(),
      minorVersion: options.minorVersion,
      batchMs: options.batchMs ?? DEFAULT_BATCH_MS,
    }),
  );
}
