/**
 * The EndpointSlice shapes and the pure rules the EndpointSlice (and mirroring) controllers
 * share (upstream staging/src/k8s.io/endpointslice/utils.go and util/): address types a Service
 * supports, endpoint ports per pod, an endpoint per pod (ready/serving/terminating, nodeName,
 * zone from the Node's `topology.kubernetes.io/zone` label, hostname, targetRef), what identifies
 * "the same" endpoint across syncs, slice labels copied from the Service, and new / placeholder
 * slices owned by the Service.
 */
import type { KubeObject, StoreEvent } from '../../core/types';
import { newControllerRef } from '../controller-ref';
import { HEADLESS_LABEL } from '../service-pods';
import { deepEqual, stableStringify } from '../../core/deep-equal';
import { type IPFamily, canonicalIP, compareIPs, ipFamilyOf } from '../../core/ip';
import { type Labels } from '../../core/label-selectors';
import {
  type PodLike,
  type ServiceLike,
  findPort,
  isPodReady,
  podIPs,
  podReference,
  shouldSetHostname,
} from '../util';
import { ENDPOINTSLICE_CONTROLLER_NAME, MANAGED_BY_LABEL } from '../../core/managed-by';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export { ENDPOINTSLICE_CONTROLLER_NAME, MANAGED_BY_LABEL };
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

export interface SlicePort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointHints {
  forZones?: { name: string }[];
  forNodes?: { name: string }[];
}

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  nodeName?: string;
  zone?: string;
  hints?: EndpointHints;
  targetRef?: { kind?: string; namespace?: string; name?: string; uid?: string };
  [key: string]: unknown;
}

export interface EndpointSlice extends KubeObject {
  addressType: string;
  endpoints?: SliceEndpoint[];
  ports?: SlicePort[] | null;
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

/** upstream NewPortMapKey: slices group by their exact set of ports. */
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
  endpoint.targetRef = podReference(pod);
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

/**
 * upstream EndpointsEqualBeyondHash: the same endpoint needs no update. Hints are not compared:
 * they are reconciled separately (traffic-distribution.ts).
 */
export function endpointsEqualBeyondHash(a: SliceEndpoint, b: SliceEndpoint): boolean {
  const { hints: _a, ...restA } = a;
  const { hints: _b, ...restB } = b;
  return deepEqual(restA, restB);
}

/** Fill order: by first address (IP order), then pod name. */
export function compareEndpoints(a: SliceEndpoint, b: SliceEndpoint): number {
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

export function ownedBy(slice: KubeObject, service: KubeObject): boolean {
  return (slice.metadata.ownerReferences ?? []).some(
    (ref) => ref.uid === service.metadata.uid && ref.kind === 'Service' && ref.controller === true,
  );
}

/** upstream newEndpointSlice: generateName `<service>-`, owned by the Service. */
export function newSlice(
  service: KubeObject,
  ports: SlicePort[],
  addressType: IPFamily,
): EndpointSlice {
  const [labels] = sliceLabelsFor(undefined, service);
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${service.metadata.name}-`,
      namespace: service.metadata.namespace,
      labels,
      ownerReferences: [newControllerRef(service, 'v1', 'Service')],
    },
    addressType,
    endpoints: [],
    ports,
  };
}

/** upstream placeholderSliceCompare: an existing slice that already is the placeholder. */
export function isPlaceholderEquivalent(
  existing: EndpointSlice,
  placeholder: EndpointSlice,
): boolean {
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

/**
 * The `namespace/service` keys to resync when an EndpointSlice that `manager` owns (its
 * `endpointslice.kubernetes.io/managed-by` label, before or after the change) changes: someone
 * else edited or deleted it, and the controller must put it back.
 */
export function serviceKeysOfManagedSlice(event: StoreEvent, manager: string): string[] {
  const managed = (o: KubeObject | undefined) => o?.metadata.labels?.[MANAGED_BY_LABEL] === manager;
  if (!managed(event.object) && !managed(event.previous)) return [];
  const keys: string[] = [];
  for (const o of [event.object, event.previous]) {
    const service = o?.metadata.labels?.[SERVICE_NAME_LABEL];
    if (service) keys.push(`${o?.metadata.namespace}/${service}`);
  }
  return keys;
}
