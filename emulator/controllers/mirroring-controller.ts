/**
 * The EndpointSlice mirroring controller (upstream pkg/controller/endpointslicemirroring): a
 * selector-less Service's hand-written Endpoints are mirrored into EndpointSlices labelled
 * `endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io`, owned by
 * the Endpoints object, one slice per (address type, port set) with at most 1,000 addresses per
 * subset (the rest dropped, with a TooManyAddressesToMirror warning event), invalid IPs skipped
 * (InvalidIPAddress event), labels and annotations copied. Endpoints labelled
 * `endpointslice.kubernetes.io/skip-mirror: "true"`, with the leader-election annotation, whose
 * Service is gone or has a selector are not mirrored, and their mirrored slices are deleted.
 * Semantics: ../shared/reference/k8s-api-semantics.md §4.3. Pinned by mirroring-controller.test.ts.
 */
import type { ClusterStore, Controller, KubeObject, StoreEvent } from '../core/types';
import type { ObjectCache } from './cache';
import type { EndpointSlice, SliceEndpoint, SlicePort } from './endpointslice-controller';
import {
  endpointKey,
  MANAGED_BY_LABEL,
  portMapKey,
  SERVICE_NAME_LABEL,
} from './endpointslice-controller';
import type { EventRecorder } from './events';
import { LAST_CHANGE_TRIGGER_TIME } from './endpoints-controller';
import { type EndpointAddress, type EndpointSubset, repackSubsets } from './repack';
import {
  type Labels,
  type ServiceLike,
  canonicalIP,
  compareIPs,
  deepEqual,
  splitKey,
  deleteIfPresent,
  serviceKeysOfManagedSlice,
} from './util';
import { WorkQueue } from './work-queue';

export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
export const DEFAULT_MAX_ENDPOINTS_PER_SUBSET = 1000;
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface MirroringControllerOptions {
  maxEndpointsPerSubset?: number;
  recorder?: EventRecorder;
}

/** upstream shouldMirror (the Service conditions are checked separately). */
export function shouldMirror(endpoints: KubeObject | undefined): boolean {
  if (!endpoints) return false;
  if (endpoints.metadata.labels?.[SKIP_MIRROR_LABEL] === 'true') return false;
  if (endpoints.metadata.annotations?.[LEADER_ANNOTATION] !== undefined) return false;
  return true;
}

function addressToEndpoint(address: EndpointAddress, ready: boolean) {
  const parsed = canonicalIP(address.ip);
  if (!parsed) return undefined;
  const endpoint: SliceEndpoint = { addresses: [parsed.ip], conditions: { ready } };
  if (address.hostname) endpoint.hostname = address.hostname;
  if (address.nodeName !== undefined) endpoint.nodeName = address.nodeName;
  if (address.targetRef) endpoint.targetRef = address.targetRef;
  return { endpoint, addressType: parsed.family };
}

function slicePorts(ports: EndpointSubset['ports']): SlicePort[] {
  return (ports ?? []).map((p) => {
    const out: SlicePort = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
    if (p.appProtocol !== undefined) out.appProtocol = p.appProtocol;
    return out;
  });
}

function mirroredLabelsAndAnnotations(endpoints: KubeObject): [Labels, Labels] {
  const labels: Labels = { ...(endpoints.metadata.labels ?? {}) };
  labels[SERVICE_NAME_LABEL] = endpoints.metadata.name ?? '';
  labels[MANAGED_BY_LABEL] = MIRRORING_CONTROLLER_NAME;
  const annotations: Labels = { ...(endpoints.metadata.annotations ?? {}) };
  delete annotations[LAST_CHANGE_TRIGGER_TIME];
  delete annotations[LAST_APPLIED];
  return [labels, annotations];
}

function newMirroredSlice(
  endpoints: KubeObject,
  ports: SlicePort[],
  addressType: string,
  name: string | undefined,
): EndpointSlice {
  const [labels, annotations] = mirroredLabelsAndAnnotations(endpoints);
  const metadata: KubeObject['metadata'] = {
    namespace: endpoints.metadata.namespace,
    labels,
    ownerReferences: [
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        name: endpoints.metadata.name ?? '',
        uid: endpoints.metadata.uid ?? '',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  if (name) metadata.name = name;
  else metadata.generateName = `${endpoints.metadata.name}-`;
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata,
    addressType,
    endpoints: [],
    ports,
  };
}

export interface MirroredGroup {
  ports: SlicePort[];
  addressType: string;
  endpoints: Map<string, SliceEndpoint>;
}

/**
 * What upstream's mirroring reconciler wants for an Endpoints object: its repacked subsets split
 * by (address type, port set), at most `maxPerSubset` addresses per subset (ready ones first),
 * invalid IPs dropped. `skipped` counts both invalid and over-the-cap addresses, as upstream.
 */
export function desiredMirroredSlices(
  endpoints: KubeObject,
  maxPerSubset: number,
): { desired: Map<string, MirroredGroup>; invalid: number; skipped: number } {
  const desired = new Map<string, MirroredGroup>();
  let invalid = 0;
  let skipped = 0;
  for (const subset of repackSubsets((endpoints.subsets as EndpointSubset[] | undefined) ?? [])) {
    const ports = slicePorts(subset.ports);
    const total = (subset.addresses?.length ?? 0) + (subset.notReadyAddresses?.length ?? 0);
    let added = 0;
    const add = (address: EndpointAddress, ready: boolean) => {
      const converted = addressToEndpoint(address, ready);
      if (!converted) {
        invalid++;
        return;
      }
      const key = `${converted.addressType}-${portMapKey(ports)}`;
      let group = desired.get(key);
      if (!group) {
        desired.set(
          key,
          (group = { ports, addressType: converted.addressType, endpoints: new Map() }),
        );
      }
      group.endpoints.set(endpointKey(converted.endpoint), converted.endpoint);
      added++;
    };
    for (const address of subset.addresses ?? []) {
      if (added >= maxPerSubset) break;
      add(address, true);
    }
    for (const address of subset.notReadyAddresses ?? []) {
      if (added >= maxPerSubset) break;
      add(address, false);
    }
    skipped += total - added;
  }
  return { desired, invalid, skipped };
}

export function createMirroringController(
  store: ClusterStore,
  cache: ObjectCache,
  options: MirroringControllerOptions = {},
): Controller {
  const maxPerSubset = options.maxEndpointsPerSubset ?? DEFAULT_MAX_ENDPOINTS_PER_SUBSET;
  const queue = new WorkQueue((key) => syncEndpoints(key), {
    name: 'endpointslicemirroring-controller',
  });
  let unsubscribe: (() => void) | undefined;
  let writing = false;

  function onEvent(event: StoreEvent): void {
    const { metadata } = event.object;
    const key = `${metadata.namespace}/${metadata.name}`;
    switch (event.resource) {
      case 'services': {
        const selectorNil = (o: KubeObject | undefined) => {
          const s = (o as ServiceLike | undefined)?.spec?.selector;
          return s === undefined || s === null;
        };
        if (event.type === 'MODIFIED') {
          if (selectorNil(event.object) !== selectorNil(event.previous)) queue.add(key);
        } else if (selectorNil(event.object)) queue.add(key);
        break;
      }
      case 'endpoints':
        if (event.type === 'MODIFIED') {
          if (shouldMirror(event.object) || shouldMirror(event.previous)) queue.add(key);
        } else if (shouldMirror(event.object)) queue.add(key);
        break;
      case 'endpointslices': {
        if (writing) break;
        for (const key of serviceKeysOfManagedSlice(event, MIRRORING_CONTROLLER_NAME))
          queue.add(key);
        break;
      }
      default:
        break;
    }
  }

  function mirroredSlices(namespace: string, name: string): EndpointSlice[] {
    return cache
      .slicesForService(namespace, name)
      .filter(
        (s) => s.metadata.labels?.[MANAGED_BY_LABEL] === MIRRORING_CONTROLLER_NAME,
      ) as EndpointSlice[];
  }

  function deleteSlices(slices: EndpointSlice[]): void {
    writing = true;
    try {
      for (const slice of slices) {
        deleteIfPresent(store, 'endpointslices', slice);
      }
    } finally {
      writing = false;
    }
  }

  function syncEndpoints(key: string): void {
    const [namespace, name] = splitKey(key);
    const endpoints = cache.get('endpoints', namespace, name);
    const service = cache.get('services', namespace, name);
    const selector = (service as ServiceLike | undefined)?.spec?.selector;
    if (
      !endpoints ||
      !shouldMirror(endpoints) ||
      !service ||
      (selector !== undefined && selector !== null)
    ) {
      deleteSlices(mirroredSlices(namespace, name));
      return;
    }
    reconcile(endpoints, mirroredSlices(namespace, name));
  }

  function reconcile(endpoints: KubeObject, existing: EndpointSlice[]): void {
    const { desired, invalid, skipped } = desiredMirroredSlices(endpoints, maxPerSubset);
    if (invalid > 0) {
      options.recorder?.record(endpoints, {
        type: 'Warning',
        reason: 'InvalidIPAddress',
        message: `Skipped ${invalid} invalid IP addresses when mirroring to EndpointSlices`,
      });
    }
    if (skipped > invalid) {
      options.recorder?.record(endpoints, {
        type: 'Warning',
        reason: 'TooManyAddressesToMirror',
        message: `A max of ${maxPerSubset} addresses can be mirrored to EndpointSlices per Endpoints subset. ${skipped} addresses were skipped`,
      });
    }

    const existingByKey = new Map<string, EndpointSlice[]>();
    for (const slice of existing) {
      const key = `${slice.addressType}-${portMapKey(slice.ports)}`;
      existingByKey.set(key, [...(existingByKey.get(key) ?? []), slice]);
    }
    const toCreate: EndpointSlice[] = [];
    const toUpdate: EndpointSlice[] = [];
    const toDelete: EndpointSlice[] = [];
    const [, wantAnnotations] = mirroredLabelsAndAnnotations(endpoints);

    for (const [key, group] of desired) {
      const slices = existingByKey.get(key) ?? [];
      const first = slices[0];
      if (first) {
        toDelete.push(...slices.slice(1));
        const have = first.endpoints ?? [];
        const sameEndpoints =
          have.length === group.endpoints.size &&
          have.every((e) => deepEqual(group.endpoints.get(endpointKey(e)), e));
        const compareLabels = { ...(first.metadata.labels ?? {}) };
        delete compareLabels[MANAGED_BY_LABEL];
        delete compareLabels[SERVICE_NAME_LABEL];
        if (
          sameEndpoints &&
          deepEqual(endpoints.metadata.labels ?? {}, compareLabels) &&
          deepEqual(wantAnnotations, first.metadata.annotations ?? {})
        ) {
          continue;
        }
      }
      const slice = newMirroredSlice(
        endpoints,
        group.ports,
        group.addressType,
        first?.metadata.name,
      );
      slice.endpoints = [...group.endpoints.values()]
        .sort((a, b) => compareIPs(a.addresses[0] ?? '', b.addresses[0] ?? ''))
        .slice(0, maxPerSubset);
      if (first) {
        slice.metadata.resourceVersion = first.metadata.resourceVersion;
        toUpdate.push(slice);
      } else toCreate.push(slice);
    }
    for (const [key, slices] of existingByKey) if (!desired.has(key)) toDelete.push(...slices);

    // Recycle slices that would be deleted instead of creating new ones.
    while (toCreate.length > 0 && toDelete.length > 0) {
      const create = toCreate.pop() as EndpointSlice;
      const doomed = toDelete.shift() as EndpointSlice;
      create.metadata.name = doomed.metadata.name;
      delete create.metadata.generateName;
      create.metadata.resourceVersion = doomed.metadata.resourceVersion;
      toUpdate.push(create);
    }

    const opts = { fieldManager: 'kube-controller-manager' };
    writing = true;
    try {
      if (!endpoints.metadata.deletionTimestamp) {
        for (const slice of toCreate) store.create('endpointslices', slice, opts);
      }
      for (const slice of toUpdate) store.update('endpointslices', slice, opts);
    } finally {
      writing = false;
    }
    deleteSlices(toDelete);
  }

  return {
    name: 'endpointslicemirroring-controller',
    start() {
      if (unsubscribe) return;
      cache.start();
      unsubscribe = cache.on(onEvent);
      queue.start();
      for (const endpoints of cache.list('endpoints')) {
        if (shouldMirror(endpoints)) {
          queue.add(`${endpoints.metadata.namespace}/${endpoints.metadata.name}`);
        }
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
