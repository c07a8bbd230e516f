/**
 * The EndpointSlice controller (upstream pkg/controller/endpointslice and
 * staging/src/k8s.io/endpointslice reconciler.go/utils.go): for every Service with a selector,
 * one set of discovery.k8s.io/v1 EndpointSlices per address type and per distinct port mapping,
 * at most 100 endpoints each, with ready/serving/terminating conditions, nodeName, zone (from the
 * Node's topology.kubernetes.io/zone label), hostname and targetRef. It reconciles like upstream:
 * keep and update slices in place, fill the slices being updated, put a small remainder into the
 * fullest unchanged slice that fits, create new slices for the rest, delete emptied ones, turn
 * create+delete pairs into updates, keep a placeholder slice for a Service with no endpoints, and
 * write nothing when nothing changed. Semantics: ../shared/reference/k8s-api-semantics.md §4.1.
 * Pinned by endpointslice-controller.test.ts.
 */
import type { ClusterStore, Controller, KubeObject, StoreEvent } from '../core/types';
import type { ObjectCache } from './cache';
import {
  DEFAULT_BATCH_MS,
  HEADLESS_LABEL,
  LAST_CHANGE_TRIGGER_TIME,
  servicesToUpdateForPodEvent,
} from './endpoints-controller';
import { TriggerTimeTracker } from './trigger-time';
import {
  type IPFamily,
  type Labels,
  type PodLike,
  type ServiceLike,
  canonicalIP,
  compareIPs,
  deepEqual,
  findPort,
  ipFamilyOf,
  isPodReady,
  matchesMapSelector,
  podIPs,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  splitKey,
  stableStringify,
  deleteIfPresent,
  serviceKeysOfManagedSlice,
} from './util';
import { WorkQueue } from './work-queue';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const ENDPOINTSLICE_CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

export interface SlicePort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef?: { kind?: string; namespace?: string; name?: string; uid?: string };
  [key: string]: unknown;
}

export interface EndpointSlice extends KubeObject {
  addressType: string;
  endpoints?: SliceEndpoint[];
  ports?: SlicePort[] | null;
}

export interface EndpointSliceControllerOptions {
  maxEndpointsPerSlice?: number;
  /** upstream --endpoint-updates-batch-period for pod-triggered syncs. Default 20 ms. */
  batchMs?: number;
}

/** upstream getAddressTypesForService. */
export function addressTypesForService(service: KubeObject): Set<IPFamily> {
  const spec = (service as ServiceLike).spec ?? {};
  const out = new Set<IPFamily>();
  for (const family of spec.ipFamilies ?? []) {
    if (family === 'IPv4' || family === 'IPv6') out.add(family);
  }
  if (out.size > 0) return out;
  if (spec.clusterIP && spec.clusterIP !== 'None') {
    out.add(ipFamilyOf(spec.clusterIP) ?? 'IPv4');
    return out;
  }
  // Headless without ipFamilies (an old apiserver): both families.
  out.add('IPv4');
  out.add('IPv6');
  return out;
}

/** upstream getEndpointPorts: the service ports this pod resolves, in a canonical order. */
export function endpointPortsForPod(service: KubeObject, pod: KubeObject): SlicePort[] {
  const ports: SlicePort[] = [];
  for (const servicePort of (service as ServiceLike).spec?.ports ?? []) {
    const port = findPort(pod, servicePort);
    if (port === undefined) continue;
    const p: SlicePort = {
      name: servicePort.name ?? '',
      port,
      protocol: servicePort.protocol ?? 'TCP',
    };
    if (servicePort.appProtocol !== undefined) p.appProtocol = servicePort.appProtocol;
    ports.push(p);
  }
  return sortPorts(ports);
}

function sortPorts(ports: SlicePort[]): SlicePort[] {
  return ports.sort((a, b) => {
    const na = a.name ?? '';
    const nb = b.name ?? '';
    if (na !== nb) return na < nb ? -1 : 1;
    if ((a.port ?? 0) !== (b.port ?? 0)) return (a.port ?? 0) - (b.port ?? 0);
    const pa = a.protocol ?? '';
    const pb = b.protocol ?? '';
    return pa < pb ? -1 : pa > pb ? 1 : 0;
  });
}

export function portMapKey(ports: readonly SlicePort[] | null | undefined): string {
  return stableStringify(sortPorts([...(ports ?? [])]));
}

/** upstream podToEndpoint. */
export function podToEndpoint(
  pod: KubeObject,
  node: KubeObject | undefined,
  service: KubeObject,
  addressType: IPFamily,
): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const publishNotReady = (service as ServiceLike).spec?.publishNotReadyAddresses === true;
  const addresses: string[] = [];
  for (const ip of podIPs(pod)) {
    const parsed = canonicalIP(ip);
    if (parsed?.family === addressType) addresses.push(parsed.ip);
  }
  const endpoint: SliceEndpoint = {
    addresses,
    conditions: { ready: publishNotReady || (serving && !terminating), serving, terminating },
  };
  const nodeName = (pod as PodLike).spec?.nodeName;
  if (nodeName) endpoint.nodeName = nodeName;
  const zone = node?.metadata.labels?.[ZONE_LABEL];
  if (zone !== undefined) endpoint.zone = zone;
  if (shouldSetHostname(pod, service)) endpoint.hostname = (pod as PodLike).spec?.hostname;
  endpoint.targetRef = {
    kind: 'Pod',
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
  };
  return endpoint;
}

/** upstream endpointHashObject: what identifies "the same" endpoint across syncs. */
export function endpointKey(endpoint: SliceEndpoint): string {
  return JSON.stringify([
    endpoint.addresses,
    endpoint.hostname ?? '',
    endpoint.targetRef?.namespace ?? '',
    endpoint.targetRef?.name ?? '',
  ]);
}

function compareEndpoints(a: SliceEndpoint, b: SliceEndpoint): number {
  const c = compareIPs(a.addresses[0] ?? '', b.addresses[0] ?? '');
  if (c !== 0) return c;
  const na = a.targetRef?.name ?? '';
  const nb = b.targetRef?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** upstream setEndpointSliceLabels: [labels, whether the Service-derived labels changed]. */
export function sliceLabelsFor(
  slice: KubeObject | undefined,
  service: KubeObject,
): [Labels, boolean] {
  const reserved = (key: string) =>
    key === SERVICE_NAME_LABEL || key === MANAGED_BY_LABEL || key === HEADLESS_LABEL;
  const sliceLabels: Labels = {};
  for (const [k, v] of Object.entries(slice?.metadata.labels ?? {}))
    if (!reserved(k)) sliceLabels[k] = v;
  const labels: Labels = {};
  for (const [k, v] of Object.entries(service.metadata.labels ?? {}))
    if (!reserved(k)) labels[k] = v;
  const changed = !deepEqual(sliceLabels, labels);
  const clusterIP = (service as ServiceLike).spec?.clusterIP;
  if (!clusterIP || clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = service.metadata.name ?? '';
  labels[MANAGED_BY_LABEL] = ENDPOINTSLICE_CONTROLLER_NAME;
  return [labels, changed];
}

function ownedBy(slice: KubeObject, service: KubeObject): boolean {
  return (slice.metadata.ownerReferences ?? []).some(
    (ref) => ref.uid === service.metadata.uid && ref.kind === 'Service' && ref.controller === true,
  );
}

function newSlice(service: KubeObject, ports: SlicePort[], addressType: IPFamily): EndpointSlice {
  const [labels] = sliceLabelsFor(undefined, service);
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${service.metadata.name}-`,
      namespace: service.metadata.namespace,
      labels,
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name: service.metadata.name ?? '',
          uid: service.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType,
    endpoints: [],
    ports,
  };
}

function isPlaceholderEquivalent(existing: EndpointSlice, placeholder: EndpointSlice): boolean {
  return (
    existing.metadata.namespace === placeholder.metadata.namespace &&
    deepEqual(existing.metadata.labels ?? {}, placeholder.metadata.labels ?? {}) &&
    deepEqual(
      existing.metadata.ownerReferences ?? [],
      placeholder.metadata.ownerReferences ?? [],
    ) &&
    existing.addressType === placeholder.addressType &&
    (existing.endpoints ?? []).length === 0 &&
    (existing.ports ?? []).length === 0
  );
}

interface Plan {
  toCreate: EndpointSlice[];
  toUpdate: EndpointSlice[];
  toDelete: EndpointSlice[];
}

/** upstream getSliceToFill: the slice that ends closest to full after adding n endpoints. */
function sliceToFill(slices: EndpointSlice[], n: number, max: number): EndpointSlice | undefined {
  if (n > max) return undefined;
  let best: EndpointSlice | undefined;
  let closest = max;
  for (const slice of slices) {
    const diff = max - (n + (slice.endpoints ?? []).length);
    if (diff >= 0 && diff < closest) {
      closest = diff;
      best = slice;
    }
  }
  return best;
}

/** upstream reconcileByPortMapping. `desired` is consumed. */
function reconcileByPortMapping(
  service: KubeObject,
  existing: EndpointSlice[],
  desired: Map<string, SliceEndpoint>,
  ports: SlicePort[],
  addressType: IPFamily,
  max: number,
): Plan {
  const byName = new Map<string, EndpointSlice>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();

  for (const slice of existing) {
    const name = slice.metadata.name ?? '';
    byName.set(name, slice);
    const kept: SliceEndpoint[] = [];
    let endpointUpdated = false;
    for (const endpoint of slice.endpoints ?? []) {
      const key = endpointKey(endpoint);
      const want = desired.get(key);
      if (!want) continue;
      kept.push(want);
      if (!deepEqual(want, endpoint)) endpointUpdated = true;
      desired.delete(key);
    }
    const [labels, labelsChanged] = sliceLabelsFor(slice, service);
    if (endpointUpdated || kept.length !== (slice.endpoints ?? []).length) {
      if (kept.length === 0) toDelete.add(name);
      else {
        const copy = structuredClone(slice) as EndpointSlice;
        copy.endpoints = kept;
        copy.metadata.labels = labels;
        byName.set(name, copy);
        toUpdate.add(name);
      }
    } else if (labelsChanged) {
      const copy = structuredClone(slice) as EndpointSlice;
      copy.metadata.labels = labels;
      byName.set(name, copy);
      toUpdate.add(name);
    } else {
      unchanged.add(name);
    }
  }

  const remaining = [...desired.values()].sort(compareEndpoints);
  // Fill the slices already being updated, fullest first.
  if (remaining.length > 0 && toUpdate.size > 0) {
    const slices = [...toUpdate]
      .map((n) => byName.get(n) as EndpointSlice)
      .sort((a, b) => (b.endpoints ?? []).length - (a.endpoints ?? []).length);
    for (const slice of slices) {
      while (remaining.length > 0 && (slice.endpoints ?? []).length < max) {
        (slice.endpoints ??= []).push(remaining.shift() as SliceEndpoint);
      }
    }
  }

  const toCreate: EndpointSlice[] = [];
  while (remaining.length > 0) {
    let target: EndpointSlice | undefined;
    if (remaining.length < max && unchanged.size > 0) {
      const candidates = [...unchanged].map((n) => byName.get(n) as EndpointSlice);
      const found = sliceToFill(candidates, remaining.length, max);
      if (found) {
        target = structuredClone(found) as EndpointSlice;
        byName.set(target.metadata.name ?? '', target);
      }
    }
    target ??= newSlice(service, ports, addressType);
    while (remaining.length > 0 && (target.endpoints ?? []).length < max) {
      (target.endpoints ??= []).push(remaining.shift() as SliceEndpoint);
    }
    if (target.metadata.name) {
      toUpdate.add(target.metadata.name);
      unchanged.delete(target.metadata.name);
    } else toCreate.push(target);
  }

  return {
    toCreate,
    toUpdate: [...toUpdate].map((n) => byName.get(n) as EndpointSlice),
    toDelete: [...toDelete].map((n) => byName.get(n) as EndpointSlice),
  };
}

export function createEndpointSliceController(
  store: ClusterStore,
  cache: ObjectCache,
  options: EndpointSliceControllerOptions = {},
): Controller {
  const max = options.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE;
  const batchMs = options.batchMs ?? DEFAULT_BATCH_MS;
  const tracker = new TriggerTimeTracker();
  const queue = new WorkQueue((key) => syncService(key), {
    name: 'endpointslice-controller',
    // Upstream logs a dropped Service at info level; the next pod or Service event retries it.
    onDrop: () => {},
  });
  let unsubscribe: (() => void) | undefined;
  // Set while this controller writes, so its own slice events do not requeue the Service
  // (upstream's EndpointSliceTracker does the same by generation).
  let writing = false;

  function write<T>(fn: () => T): T {
    writing = true;
    try {
      return fn();
    } finally {
      writing = false;
    }
  }

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
      case 'endpointslices': {
        if (writing) break;
        for (const key of serviceKeysOfManagedSlice(event, ENDPOINTSLICE_CONTROLLER_NAME)) {
          queue.add(key);
        }
        break;
      }
      default:
        break;
    }
  }

  function syncService(key: string): void {
    const [namespace, name] = splitKey(key);
    const service = cache.get('services', namespace, name);
    if (!service) {
      // The garbage collector removes the slices through their ownerReferences.
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
    const existing = cache
      .slicesForService(namespace, name)
      .filter(
        (s) =>
          s.metadata.labels?.[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER_NAME &&
          !s.metadata.deletionTimestamp,
      ) as EndpointSlice[];
    const triggerTime = tracker.compute(namespace, service, pods);

    const errors: string[] = [];
    const plan: Plan = { toCreate: [], toUpdate: [], toDelete: [] };
    const supported = addressTypesForService(service);
    for (const slice of existing) {
      if (!supported.has(slice.addressType as IPFamily)) plan.toDelete.push(slice);
    }
    for (const addressType of supported) {
      const sub = reconcileByAddressType(
        service,
        pods,
        existing.filter((s) => s.addressType === addressType),
        addressType,
        errors,
      );
      plan.toCreate.push(...sub.toCreate);
      plan.toUpdate.push(...sub.toUpdate);
      plan.toDelete.push(...sub.toDelete);
    }
    finalize(service, plan, triggerTime);
    if (errors.length > 0) {
      // Upstream returns an error so the Service is retried with backoff until the Node exists.
      throw new Error(
        `skipped ${errors.length} Pod(s) of Service ${namespace}/${name}, Node not found: ${errors.slice(0, 3).join(', ')}${errors.length > 3 ? ', …' : ''}`,
      );
    }
  }

  function reconcileByAddressType(
    service: KubeObject,
    pods: KubeObject[],
    existing: EndpointSlice[],
    addressType: IPFamily,
    errors: string[],
  ): Plan {
    const plan: Plan = { toCreate: [], toUpdate: [], toDelete: [] };
    const existingByPortMap = new Map<string, EndpointSlice[]>();
    for (const slice of existing) {
      if (!ownedBy(slice, service)) {
        plan.toDelete.push(slice);
        continue;
      }
      const key = portMapKey(slice.ports);
      existingByPortMap.set(key, [...(existingByPortMap.get(key) ?? []), slice]);
    }

    const publishNotReady = (service as ServiceLike).spec?.publishNotReadyAddresses === true;
    const desiredByPortMap = new Map<
      string,
      { ports: SlicePort[]; endpoints: Map<string, SliceEndpoint> }
    >();
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const ports = endpointPortsForPod(service, pod);
      const key = portMapKey(ports);
      let group = desiredByPortMap.get(key);
      if (!group) desiredByPortMap.set(key, (group = { ports, endpoints: new Map() }));
      const nodeName = (pod as PodLike).spec?.nodeName ?? '';
      const node = nodeName ? cache.get('nodes', '', nodeName) : undefined;
      if (!node && !publishNotReady) {
        errors.push(`${pod.metadata.name} (node "${nodeName}")`);
        continue;
      }
      const endpoint = podToEndpoint(pod, node, service, addressType);
      if (endpoint.addresses.length > 0) group.endpoints.set(endpointKey(endpoint), endpoint);
    }

    for (const [key, group] of desiredByPortMap) {
      const sub = reconcileByPortMapping(
        service,
        existingByPortMap.get(key) ?? [],
        group.endpoints,
        group.ports,
        addressType,
        max,
      );
      plan.toCreate.push(...sub.toCreate);
      plan.toUpdate.push(...sub.toUpdate);
      plan.toDelete.push(...sub.toDelete);
    }
    for (const [key, slices] of existingByPortMap) {
      if (!desiredByPortMap.has(key)) plan.toDelete.push(...slices);
    }

    // A Service with no endpoints of this type keeps exactly one empty placeholder slice.
    if (existing.length === plan.toDelete.length && plan.toCreate.length < 1) {
      const placeholder = newSlice(service, [], addressType);
      const only = plan.toDelete[0];
      if (plan.toDelete.length === 1 && only && isPlaceholderEquivalent(only, placeholder)) {
        plan.toDelete = [];
      } else {
        plan.toCreate.push(placeholder);
      }
    }
    return plan;
  }

  function withTriggerTime(slice: EndpointSlice, triggerTime: string | undefined): EndpointSlice {
    const annotations = { ...(slice.metadata.annotations ?? {}) };
    if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME] = triggerTime;
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    if (Object.keys(annotations).length > 0) slice.metadata.annotations = annotations;
    else delete slice.metadata.annotations;
    return slice;
  }

  function finalize(service: KubeObject, plan: Plan, triggerTime: string | undefined): void {
    // Recycle: a slice that would be deleted takes the place of one that would be created.
    for (let i = 0; i < plan.toDelete.length;) {
      const create = plan.toCreate[plan.toCreate.length - 1];
      if (!create) break;
      const doomed = plan.toDelete[i] as EndpointSlice;
      if (doomed.addressType === create.addressType && ownedBy(doomed, service)) {
        const recycled = structuredClone(doomed) as EndpointSlice;
        recycled.metadata.labels = create.metadata.labels;
        recycled.metadata.ownerReferences = create.metadata.ownerReferences;
        recycled.endpoints = create.endpoints;
        recycled.ports = create.ports;
        plan.toCreate.pop();
        plan.toUpdate.push(recycled);
        plan.toDelete.splice(i, 1);
      } else i++;
    }
    const opts = { fieldManager: 'kube-controller-manager' };
    write(() => {
      if (!service.metadata.deletionTimestamp) {
        for (const slice of plan.toCreate) {
          store.create('endpointslices', withTriggerTime(slice, triggerTime), opts);
        }
      }
      for (const slice of plan.toUpdate) {
        store.update('endpointslices', withTriggerTime(slice, triggerTime), opts);
      }
      for (const slice of plan.toDelete) {
        deleteIfPresent(store, 'endpointslices', slice);
      }
    });
  }

  return {
    name: 'endpointslice-controller',
    start() {
      if (unsubscribe) return;
      cache.start();
      unsubscribe = cache.on(onEvent);
      queue.start();
      for (const service of cache.list('services')) {
        queue.add(`${service.metadata.namespace}/${service.metadata.name}`);
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
