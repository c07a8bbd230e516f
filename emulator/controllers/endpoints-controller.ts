/**
 * The endpoints controller (upstream pkg/controller/endpoint/endpoints_controller.go): keeps a
 * core/v1 Endpoints object for every Service with a selector — ready pods in `addresses`, others
 * in `notReadyAddresses`, named targetPorts resolved per pod, subsets repacked, labels copied
 * from the Service, the last-change-trigger-time and over-capacity annotations — and deletes it
 * with the Service. Services without a selector (and ExternalName ones) are left alone: their
 * Endpoints are the user's. Semantics: ../shared/reference/k8s-api-semantics.md §3.
 * Pinned by endpoints-controller.test.ts (ported upstream cases, black box over HTTP).
 */
import type { ClusterStore, Controller, KubeObject, StoreEvent } from '../core/types';
import type { ObjectCache } from './cache';
import {
  type EndpointAddress,
  type EndpointSubset,
  MAX_ENDPOINTS_CAPACITY,
  repackSubsets,
  truncateSubsets,
} from './repack';
import { TriggerTimeTracker } from './trigger-time';
import {
  type IPFamily,
  type Labels,
  type PodLike,
  type ServiceLike,
  canonicalIP,
  deepEqual,
  findPort,
  ipFamilyOf,
  isPodReady,
  isPodTerminal,
  matchesMapSelector,
  podIPs,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  splitKey,
  deleteIfPresent,
} from './util';
import { WorkQueue } from './work-queue';

export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const ENDPOINTS_MANAGED_BY = 'endpoints.kubernetes.io/managed-by';
export const ENDPOINTS_CONTROLLER_NAME = 'endpoint-controller';
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export interface EndpointsControllerOptions {
  /** Kubernetes minor version served; 33+ adds `endpoints.kubernetes.io/managed-by` (PR #130564). */
  minorVersion: number;
  /** upstream --endpoint-updates-batch-period for pod-triggered syncs. Default 20 ms. */
  batchMs?: number;
}

export const DEFAULT_BATCH_MS = 20;

/** upstream helper.IsServiceIPSet: a ClusterIP that is neither empty nor "None". */
export function isServiceIPSet(service: KubeObject): boolean {
  const ip = (service as ServiceLike).spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** Services in the pod's namespace whose (non-nil) selector matches the given labels. */
export function servicesSelecting(
  cache: ObjectCache,
  namespace: string,
  labels: Labels | undefined,
): Set<string> {
  const out = new Set<string>();
  for (const service of cache.list('services', namespace)) {
    const selector = (service as ServiceLike).spec?.selector;
    if (selector === undefined || selector === null) continue;
    if (matchesMapSelector(selector, labels)) out.add(`${namespace}/${service.metadata.name}`);
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
  if (oldPod.metadata.deletionTimestamp !== newPod.metadata.deletionTimestamp) {
    return [true, labelsChanged];
  }
  if (isPodReady(oldPod) !== isPodReady(newPod)) return [true, labelsChanged];
  // Terminal phases drop a pod from endpoints even if Ready were left True.
  if (isPodTerminal(oldPod) !== isPodTerminal(newPod)) return [true, labelsChanged];
  if (!deepEqual(podIPs(oldPod), podIPs(newPod))) return [true, labelsChanged];
  if ((oldPod as PodLike).spec?.nodeName !== (newPod as PodLike).spec?.nodeName) {
    return [true, labelsChanged];
  }
  return [false, labelsChanged];
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

/** upstream podToEndpointAddressForService: the pod IP of the Service's (first) family. */
export function podToEndpointAddress(
  service: KubeObject,
  pod: KubeObject,
): EndpointAddress | undefined {
  const spec = (service as ServiceLike).spec;
  let family: IPFamily = 'IPv4';
  if (spec?.ipFamilies && spec.ipFamilies.length > 0) {
    family = spec.ipFamilies[0] === 'IPv6' ? 'IPv6' : 'IPv4';
  } else if (spec?.clusterIP && spec.clusterIP !== 'None') {
    family = ipFamilyOf(spec.clusterIP) ?? 'IPv4';
  } else {
    family = ipFamilyOf((pod as PodLike).status?.podIP) ?? 'IPv4';
  }
  let ip: string | undefined;
  for (const candidate of podIPs(pod)) {
    const parsed = canonicalIP(candidate);
    if (parsed?.family === family) {
      ip = parsed.ip;
      break;
    }
  }
  if (!ip) return undefined;
  const address: EndpointAddress = { ip };
  const nodeName = (pod as PodLike).spec?.nodeName;
  // Upstream always sets nodeName (even ""), which validation would reject; omit it instead.
  if (nodeName) address.nodeName = nodeName;
  address.targetRef = {
    kind: 'Pod',
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
  };
  return address;
}

/** The subsets upstream's syncService computes for a Service and its selected pods. */
export function desiredSubsets(service: KubeObject, pods: readonly KubeObject[]): EndpointSubset[] {
  const spec = (service as ServiceLike).spec ?? {};
  const publishNotReady = spec.publishNotReadyAddresses === true;
  const subsets: EndpointSubset[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const base = podToEndpointAddress(service, pod);
    if (!base) continue;
    const address: EndpointAddress = shouldSetHostname(pod, service)
      ? { ...base, hostname: (pod as PodLike).spec?.hostname }
      : base;
    const ready = publishNotReady || isPodReady(pod);
    const ports = spec.ports ?? [];
    if (ports.length === 0) {
      if (spec.clusterIP === 'None') {
        subsets.push(ready ? { addresses: [address] } : { notReadyAddresses: [address] });
      }
      continue;
    }
    for (const servicePort of ports) {
      const port = findPort(pod, servicePort);
      if (port === undefined) continue;
      const epp = {
        name: servicePort.name ?? '',
        port,
        protocol: servicePort.protocol ?? 'TCP',
        ...(servicePort.appProtocol !== undefined ? { appProtocol: servicePort.appProtocol } : {}),
      };
      if (!epp.name) delete (epp as { name?: string }).name;
      subsets.push(
        ready
          ? { addresses: [address], ports: [epp] }
          : { notReadyAddresses: [address], ports: [epp] },
      );
    }
  }
  return repackSubsets(subsets);
}

function stripTargetRefVersions(subsets: readonly EndpointSubset[] | undefined): unknown {
  const strip = (a: EndpointAddress) =>
    a.targetRef ? { ...a, targetRef: { ...a.targetRef, resourceVersion: undefined } } : a;
  return (subsets ?? []).map((s) => ({
    addresses: s.addresses?.map(strip) ?? [],
    notReadyAddresses: s.notReadyAddresses?.map(strip) ?? [],
    ports: s.ports ?? [],
  }));
}

export function createEndpointsController(
  store: ClusterStore,
  cache: ObjectCache,
  options: EndpointsControllerOptions,
): Controller {
  const tracker = new TriggerTimeTracker();
  const batchMs = options.batchMs ?? DEFAULT_BATCH_MS;
  const queue = new WorkQueue((key) => syncService(key), { name: 'endpoint-controller' });
  let unsubscribe: (() => void) | undefined;

  function onEvent(event: StoreEvent): void {
    const { metadata } = event.object;
    switch (event.resource) {
      case 'services':
        queue.add(`${metadata.namespace}/${metadata.name}`);
        break;
      case 'pods':
        // upstream --endpoint-updates-batch-period: pod changes of a burst give one sync.
        for (const key of servicesToUpdateForPodEvent(cache, event)) {
          queue.addAfter(key, batchMs, true);
        }
        break;
      case 'endpoints':
        if (event.type === 'DELETED') queue.add(`${metadata.namespace}/${metadata.name}`);
        break;
      default:
        break;
    }
  }

  function syncService(key: string): void {
    const [namespace, name] = splitKey(key);
    const service = cache.get('services', namespace, name);
    if (!service) {
      deleteIfPresent(store, 'endpoints', { metadata: { namespace, name } });
      tracker.deleteService(namespace, name);
      return;
    }
    const spec = (service as ServiceLike).spec ?? {};
    if (spec.type === 'ExternalName') return;
    if (spec.selector === undefined || spec.selector === null) return;

    const pods: KubeObject[] = [];
    for (const pod of cache.list('pods', namespace)) {
      if (matchesMapSelector(spec.selector, pod.metadata.labels)) pods.push(pod);
    }
    // Computed before the no-op check so the tracker state moves on even without a write.
    const triggerTime = tracker.compute(namespace, service, pods);
    const { subsets, truncated } = truncateSubsets(desiredSubsets(service, pods));

    const labels: Labels = { ...(service.metadata.labels ?? {}) };
    if (options.minorVersion >= 33) labels[ENDPOINTS_MANAGED_BY] = ENDPOINTS_CONTROLLER_NAME;
    if (!isServiceIPSet(service)) labels[HEADLESS_LABEL] = '';
    else delete labels[HEADLESS_LABEL];

    const current = cache.get('endpoints', namespace, name);
    if (
      current &&
      deepEqual(
        stripTargetRefVersions(current.subsets as EndpointSubset[] | undefined),
        stripTargetRefVersions(subsets),
      ) &&
      deepEqual(current.metadata.labels ?? {}, labels) &&
      (current.metadata.annotations?.[OVER_CAPACITY] === 'truncated') === truncated &&
      (truncated || current.metadata.annotations?.[OVER_CAPACITY] === undefined)
    ) {
      return;
    }

    const next: KubeObject = current
      ? (structuredClone(current) as KubeObject)
      : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace } };
    if (Object.keys(labels).length > 0) next.metadata.labels = labels;
    else delete next.metadata.labels;
    const annotations = { ...(next.metadata.annotations ?? {}) };
    if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME] = triggerTime;
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    if (truncated) annotations[OVER_CAPACITY] = 'truncated';
    else delete annotations[OVER_CAPACITY];
    if (Object.keys(annotations).length > 0) next.metadata.annotations = annotations;
    else delete next.metadata.annotations;
    if (subsets.length > 0) next.subsets = subsets;
    else delete next.subsets;

    if (current) store.update('endpoints', next, { fieldManager: 'kube-controller-manager' });
    else store.create('endpoints', next, { fieldManager: 'kube-controller-manager' });
  }

  return {
    name: 'endpoint-controller',
    start() {
      if (unsubscribe) return;
      cache.start();
      unsubscribe = cache.on(onEvent);
      queue.start();
      for (const service of cache.list('services')) {
        queue.add(`${service.metadata.namespace}/${service.metadata.name}`);
      }
      // checkLeftoverEndpoints: Endpoints whose Service is gone get deleted on startup.
      for (const endpoints of cache.list('endpoints')) {
        if (endpoints.metadata.annotations?.[LEADER_ANNOTATION] !== undefined) continue;
        queue.add(`${endpoints.metadata.namespace}/${endpoints.metadata.name}`);
      }
    },
    stop() {
      if (!unsubscribe) return;
      unsubscribe();
      unsubscribe = undefined;
      queue.stop();
      cache.stop();
    },
    idle: () => queue.idle(),
  };
}

export { MAX_ENDPOINTS_CAPACITY };
