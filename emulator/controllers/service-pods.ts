/**
 * Which pods a Service selects and which Services a pod change concerns, shared by the endpoints
 * and EndpointSlice controllers (upstream staging/src/k8s.io/endpointslice/util/
 * controller_utils.go: GetPodServiceMemberships, GetServicesToUpdateOnPodChange,
 * podEndpointsChanged). A Service without a selector selects nothing here: its endpoints are
 * written by someone else (and mirrored into EndpointSlices by the mirroring controller).
 */
import type { KubeObject, StoreEvent } from '../core/types';
import type { ObjectCache } from './cache';
import { objectKey } from './controller-loop';
import type { WorkQueue } from './work-queue';
import { deepEqual } from '../core/deep-equal';
import { type Labels, matchesMapSelector } from '../core/label-selectors';
import { type PodLike, type ServiceLike, isPodReady, isPodTerminal, podIPs } from './util';

export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** upstream --endpoint-updates-batch-period used here for pod-triggered syncs. */
export const DEFAULT_BATCH_MS = 20;

/**
 * The Service's pod selector, or undefined for a selector-less Service. Upstream's controllers
 * check `service.Spec.Selector == nil`, and an empty selector `{}` never reaches them as
 * anything else: the apiserver stores and serves it as no selector (an empty map is omitted, in
 * protobuf as in JSON), so a Service written with `selector: {}` selects no pods and its
 * Endpoints are the user's, exactly as without a selector.
 */
export function serviceSelector(service: KubeObject | undefined): Labels | undefined {
  const selector = (service as ServiceLike | undefined)?.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return undefined;
  return selector;
}

/** upstream helper.IsServiceIPSet: a ClusterIP that is neither empty nor "None". */
export function isServiceIPSet(service: KubeObject): boolean {
  const ip = (service as ServiceLike).spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** The pods of the Service's namespace its selector matches (none if it has no selector). */
export function selectedPods(cache: ObjectCache, service: KubeObject): KubeObject[] {
  const selector = serviceSelector(service);
  if (!selector) return [];
  const pods: KubeObject[] = [];
  for (const pod of cache.list('pods', service.metadata.namespace ?? '')) {
    if (matchesMapSelector(selector, pod.metadata.labels)) pods.push(pod);
  }
  return pods;
}

/** Keys of the Services in `namespace` whose selector matches the given labels. */
export function servicesSelecting(
  cache: ObjectCache,
  namespace: string,
  labels: Labels | undefined,
): Set<string> {
  const out = new Set<string>();
  for (const service of cache.list('services', namespace)) {
    const selector = serviceSelector(service);
    if (selector && matchesMapSelector(selector, labels)) out.add(objectKey(service));
  }
  return out;
}

function hostnameAndSubdomainEqual(a: KubeObject, b: KubeObject): boolean {
  const sa = (a as PodLike).spec;
  const sb = (b as PodLike).spec;
  return sa?.hostname === sb?.hostname && sa?.subdomain === sb?.subdomain;
}

/** upstream podEndpointsChanged: [endpoints may have changed, service membership may have]. */
export function podEndpointsChanged(oldPod: KubeObject, newPod: KubeObject): [boolean, boolean] {
  const labelsChanged =
    !deepEqual(oldPod.metadata.labels ?? {}, newPod.metadata.labels ?? {}) ||
    !hostnameAndSubdomainEqual(oldPod, newPod);
  const endpointChanged =
    oldPod.metadata.deletionTimestamp !== newPod.metadata.deletionTimestamp ||
    isPodReady(oldPod) !== isPodReady(newPod) ||
    // Terminal phases drop a pod from endpoints even if Ready were left True.
    isPodTerminal(oldPod) !== isPodTerminal(newPod) ||
    !deepEqual(podIPs(oldPod), podIPs(newPod)) ||
    (oldPod as PodLike).spec?.nodeName !== (newPod as PodLike).spec?.nodeName;
  return [endpointChanged, labelsChanged];
}

/**
 * The Service-keyed work of the endpoints and EndpointSlice controllers: a Service event queues
 * that Service; a pod event queues the Services it concerns after the batch period (upstream
 * `--endpoint-updates-batch-period`), so a burst of pod changes gives one sync. Returns whether
 * the event was one of those.
 */
export function queueServicesFor(
  ctx: { cache: ObjectCache; queue: WorkQueue; batchMs: number },
  event: StoreEvent,
): boolean {
  if (event.resource === 'services') {
    ctx.queue.add(objectKey(event.object));
    return true;
  }
  if (event.resource !== 'pods') return false;
  for (const key of servicesToUpdateForPodEvent(ctx.cache, event)) {
    ctx.queue.addAfter(key, ctx.batchMs, true);
  }
  return true;
}

/** upstream GetServicesToUpdateOnPodChange (for pod add/delete: the pod's services). */
export function servicesToUpdateForPodEvent(cache: ObjectCache, event: StoreEvent): Set<string> {
  const namespace = event.object.metadata.namespace ?? '';
  if (event.type !== 'MODIFIED' || !event.previous) {
    return servicesSelecting(cache, namespace, event.object.metadata.labels);
  }
  const [podChanged, labelsChanged] = podEndpointsChanged(event.previous, event.object);
  if (!podChanged && !labelsChanged) return new Set();
  const current = servicesSelecting(cache, namespace, event.object.metadata.labels);
  if (!labelsChanged) return current;
  const old = servicesSelecting(cache, namespace, event.previous.metadata.labels);
  if (podChanged) return new Set([...old, ...current]);
  // Only the labels changed: just the services the pod joined or left.
  const out = new Set<string>();
  for (const key of old) if (!current.has(key)) out.add(key);
  for (const key of current) if (!old.has(key)) out.add(key);
  return out;
}
