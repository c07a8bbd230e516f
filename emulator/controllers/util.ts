/**
 * Small helpers shared by the emulator's controllers: label selectors, pod readiness and
 * termination rules (upstream `ShouldPodBeInEndpoints`, `IsPodReady`, `findPort`), IP parsing as
 * Go's `netutils.ParseIPSloppy` does it, apiserver error classification, and timestamps.
 *
 * Everything here is pure; the rules follow staging/src/k8s.io/endpointslice/util and
 * pkg/api/v1/pod of kubernetes/kubernetes.
 */
import ipaddr from 'ipaddr.js';
import type { ClusterStore, KubeObject, ResourceName, StoreEvent } from '../core/types';

export type Labels = Record<string, string>;

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: LabelSelectorRequirement[];
}

/** A Service-style selector (a plain map): every pair must be present. `{}` selects everything. */
export function matchesMapSelector(selector: Labels, labels: Labels | undefined): boolean {
  for (const [key, value] of Object.entries(selector)) {
    if (labels?.[key] !== value) return false;
  }
  return true;
}

/**
 * A metav1.LabelSelector (Deployments, ReplicaSets). Note the apps/v1 rule: an empty selector
 * selects everything, but validation forbids it there, so controllers never see one.
 */
export function matchesLabelSelector(
  selector: LabelSelector | undefined,
  labels: Labels | undefined,
): boolean {
  if (!selector) return false;
  if (selector.matchLabels && !matchesMapSelector(selector.matchLabels, labels)) return false;
  for (const req of selector.matchExpressions ?? []) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, req.key);
    const value = labels?.[req.key];
    switch (req.operator) {
      case 'In':
        if (!has || !(req.values ?? []).includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && (req.values ?? []).includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Pods

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

interface Container {
  name: string;
  image?: string;
  ports?: ContainerPort[];
  restartPolicy?: string;
}

export interface PodLike extends KubeObject {
  spec?: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    containers?: Container[];
    initContainers?: Container[];
    restartPolicy?: string;
    [key: string]: unknown;
  };
  status?: {
    phase?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    conditions?: PodCondition[];
    [key: string]: unknown;
  };
}

export function podConditions(pod: KubeObject): PodCondition[] {
  return ((pod as PodLike).status?.conditions ?? []) as PodCondition[];
}

export function getPodCondition(pod: KubeObject, type: string): PodCondition | undefined {
  return podConditions(pod).find((c) => c.type === type);
}

/** upstream podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return getPodCondition(pod, 'Ready')?.status === 'True';
}

export function isPodTerminal(pod: KubeObject): boolean {
  const phase = (pod as PodLike).status?.phase;
  return phase === 'Failed' || phase === 'Succeeded';
}

export function podIPs(pod: KubeObject): string[] {
  const status = (pod as PodLike).status;
  const list = (status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip);
  if (list.length === 0 && status?.podIP) return [status.podIP];
  return list;
}

/** The reference an endpoint keeps to its pod (`targetRef`). */
export function podReference(pod: KubeObject) {
  const { namespace, name, uid } = pod.metadata;
  return { kind: 'Pod', namespace, name, uid };
}

/**
 * upstream endpointsliceutil.ShouldPodBeInEndpoints: terminal pods (Failed/Succeeded, whatever
 * the restartPolicy) and pods without an IP are never endpoints; terminating pods only when
 * `includeTerminating` (the Endpoints controller passes publishNotReadyAddresses, the
 * EndpointSlice controller passes true).
 */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  const status = (pod as PodLike).status;
  if (!status?.podIP && (status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ServiceLike extends KubeObject {
  spec?: {
    selector?: Labels | null;
    ports?: ServicePort[];
    clusterIP?: string;
    clusterIPs?: string[];
    ipFamilies?: string[];
    type?: string;
    publishNotReadyAddresses?: boolean;
    [key: string]: unknown;
  };
}

/** upstream ShouldSetHostname. */
export function shouldSetHostname(pod: KubeObject, service: KubeObject): boolean {
  const spec = (pod as PodLike).spec;
  return (
    !!spec?.hostname &&
    spec.subdomain === service.metadata.name &&
    service.metadata.namespace === pod.metadata.namespace
  );
}

/**
 * upstream podutil.FindPort: an integer targetPort is used verbatim (the pod need not declare
 * it); a named one resolves to the first container port (containers, then restartable init
 * "sidecar" containers) with that name and the service port's protocol (TCP by default).
 */
export function findPort(pod: KubeObject, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = servicePort.protocol ?? 'TCP';
  const spec = (pod as PodLike).spec;
  const containers = [
    ...(spec?.containers ?? []),
    ...(spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'),
  ];
  for (const container of containers) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? 'TCP') === protocol) {
        return port.containerPort;
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// IPs

export type IPFamily = 'IPv4' | 'IPv6';

const IPV4_SLOPPY = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Go's netutils.ParseIPSloppy + String(): IPv4 with leading zeros is read as decimal (not
 * octal), IPv6 is printed in RFC 5952 form. Returns undefined for anything that is not an IP.
 */
const canonicalCache = new Map<string, { ip: string; family: IPFamily } | null>();

/**
 * Go's netutils.ParseIPSloppy + String(): IPv4 with leading zeros is read as decimal (not
 * octal), IPv6 is printed in RFC 5952 form. Returns undefined for anything that is not an IP.
 * Memoised: controllers canonicalise the same pod IPs on every sync.
 */
export function canonicalIP(ip: string): { ip: string; family: IPFamily } | undefined {
  const cached = canonicalCache.get(ip);
  if (cached !== undefined) return cached ?? undefined;
  const parsed = parseIP(ip);
  if (canonicalCache.size > 200_000) canonicalCache.clear();
  canonicalCache.set(ip, parsed ?? null);
  return parsed;
}

function parseIP(ip: string): { ip: string; family: IPFamily } | undefined {
  const v4 = IPV4_SLOPPY.exec(ip);
  if (v4) {
    const parts = v4.slice(1).map((p) => Number(p));
    if (parts.some((p) => p > 255)) return undefined;
    return { ip: parts.join('.'), family: 'IPv4' };
  }
  if (!ip.includes(':')) return undefined;
  try {
    if (!ipaddr.IPv6.isValid(ip)) return undefined;
    const parsed = ipaddr.IPv6.parse(ip);
    if (parsed.isIPv4MappedAddress()) {
      return { ip: parsed.toIPv4Address().toString(), family: 'IPv4' };
    }
    return { ip: parsed.toString(), family: 'IPv6' };
  } catch {
    return undefined;
  }
}

export function ipFamilyOf(ip: string | undefined): IPFamily | undefined {
  if (!ip) return undefined;
  return canonicalIP(ip)?.family;
}

const sortKeyCache = new Map<string, string>();

/**
 * A string that sorts like the 16-byte form Go compares IPs by (IPv4 as ::ffff:a.b.c.d, so IPv4
 * sorts first); unparseable strings sort before every IP. Memoised.
 */
export function ipSortKey(ip: string): string {
  let key = sortKeyCache.get(ip);
  if (key !== undefined) return key;
  const parsed = canonicalIP(ip);
  if (!parsed) key = '';
  else if (parsed.family === 'IPv4') {
    key =
      '00000000000000000000ffff' +
      parsed.ip
        .split('.')
        .map((p) => Number(p).toString(16).padStart(2, '0'))
        .join('');
  } else {
    key = ipaddr.IPv6.parse(parsed.ip)
      .toByteArray()
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
  }
  if (sortKeyCache.size > 200_000) sortKeyCache.clear();
  sortKeyCache.set(ip, key);
  return key;
}

export function compareIPs(a: string, b: string): number {
  const ka = ipSortKey(a);
  const kb = ipSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Errors thrown by the store (ApiError with an apiserver Status). Duck-typed so the controllers
// do not depend on the error class's internals.

function statusCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; status?: unknown; statusCode?: unknown };
  if (typeof e.code === 'number') return e.code;
  if (typeof e.statusCode === 'number') return e.statusCode;
  if (typeof e.status === 'number') return e.status;
  if (typeof e.status === 'object' && e.status !== null) {
    const code = (e.status as { code?: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

export function isNotFound(err: unknown): boolean {
  return statusCode(err) === 404;
}

export function isConflict(err: unknown): boolean {
  return statusCode(err) === 409;
}

export function isAlreadyExists(err: unknown): boolean {
  return statusCode(err) === 409 && /already exists/i.test(String((err as Error).message ?? ''));
}

/** Deletes an object; one that is already gone is what the caller wanted, anything else throws. */
export function deleteIfPresent(
  store: ClusterStore,
  resource: ResourceName,
  object: { metadata: { namespace?: string; name?: string } },
): void {
  try {
    store.delete(resource, object.metadata.namespace ?? '', object.metadata.name ?? '');
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * The `namespace/service` keys to resync when an EndpointSlice that `manager` owns (its
 * `endpointslice.kubernetes.io/managed-by` label, before or after the change) changes: someone
 * else edited or deleted it, and the controller must put it back.
 */
export function serviceKeysOfManagedSlice(event: StoreEvent, manager: string): string[] {
  const managed = (o: KubeObject | undefined) =>
    o?.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === manager;
  if (!managed(event.object) && !managed(event.previous)) return [];
  const keys: string[] = [];
  for (const o of [event.object, event.previous]) {
    const service = o?.metadata.labels?.['kubernetes.io/service-name'];
    if (service) keys.push(`${o?.metadata.namespace}/${service}`);
  }
  return keys;
}

/** The write options kube-controller-manager's controllers write with. */
export const CONTROLLER_MANAGER = { fieldManager: 'kube-controller-manager' } as const;

// ---------------------------------------------------------------------------------------------
// Time

/** metav1.Time on the wire: RFC 3339, second precision, UTC. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Stable JSON for equality checks (key order independent). */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/**
 * Structural equality of JSON values, key order independent; an absent key equals an
 * `undefined` one (JSON drops both).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let na = 0;
  for (const key in ao) {
    if (ao[key] === undefined) continue;
    na++;
    if (!deepEqual(ao[key], bo[key])) return false;
  }
  let nb = 0;
  for (const key in bo) if (bo[key] !== undefined) nb++;
  return na === nb;
}

export function namespacedKey(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? ''}/${name ?? ''}`;
}

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
