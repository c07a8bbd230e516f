/**
 * Small helpers shared by the emulator's controllers: pod readiness and termination rules
 * (upstream `ShouldPodBeInEndpoints`, `IsPodReady`, `findPort`), apiserver error
 * classification, and timestamps. Label selectors, IPs and deep equality are emulator/core's
 * (label-selectors.ts, ip.ts, deep-equal.ts); store writes are in writes.ts.
 *
 * Everything here is pure; the rules follow staging/src/k8s.io/endpointslice/util and
 * pkg/api/v1/pod of kubernetes/kubernetes.
 */
import type { Labels } from '../core/label-selectors';
import type { KubeObject } from '../core/types';

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

export function isAlreadyExists(err: unknown): boolean {
  return statusCode(err) === 409 && /already exists/i.test(String((err as Error).message ?? ''));
}

/** A create refused because its namespace is terminating (the NamespaceTerminating cause). */
export function isTerminatingRefusal(error: unknown): boolean {
  const status = (error as { status?: { details?: { causes?: { reason?: string }[] } } }).status;
  return (status?.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}

// ---------------------------------------------------------------------------------------------
// Time

/** metav1.Time on the wire (one formatter: emulator/core/time.ts). */
export { timestamp as rfc3339 } from '../core/time';

export function namespacedKey(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? ''}/${name ?? ''}`;
}

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

// ---------------------------------------------------------------------------------------------
// Templates as Go decodes them

/**
 * A JSON `null` decodes to the Go zero value, exactly as an absent field does, so upstream's
 * hashes and template comparisons (all on Go structs) cannot tell them apart: kubectl 1.33's
 * `create deployment` sends `template.metadata.creationTimestamp: null` while `rollout undo`
 * copies the ReplicaSet's template without it, and both must be the same template. A copy of
 * `value` with every null object field left out.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}
