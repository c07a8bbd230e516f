/**
 * The v1 Service shape as the Service strategy modules read it, and the predicates upstream
 * shares between defaulting, allocation and validation (pkg/api/service/util.go,
 * pkg/apis/core/validation isHeadlessService, pkg/registry/core/service/storage/alloc.go
 * shouldAllocateNodePorts). Behaviour that changed between Kubernetes 1.27 and 1.33 is decided
 * here by the minor version the cluster reports, so every module asks the same question.
 */
import type { KubeObject, StrategyContext } from '../../core/types';

export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ServiceSpec {
  type?: string;
  selector?: Record<string, string>;
  ports?: ServicePort[];
  clusterIP?: string;
  clusterIPs?: string[];
  externalIPs?: string[];
  externalName?: string;
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  allocateLoadBalancerNodePorts?: boolean;
  healthCheckNodePort?: number;
  loadBalancerClass?: string;
  loadBalancerSourceRanges?: string[];
  trafficDistribution?: string;
  publishNotReadyAddresses?: boolean;
  [key: string]: unknown;
}

export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  ipMode?: string;
  ports?: unknown[];
  [key: string]: unknown;
}

export interface ServiceStatus {
  loadBalancer?: { ingress?: LoadBalancerIngress[] };
  [key: string]: unknown;
}

export type ServiceObject = KubeObject & { spec?: ServiceSpec; status?: ServiceStatus };

export const TYPE_CLUSTER_IP = 'ClusterIP';
export const TYPE_NODE_PORT = 'NodePort';
export const TYPE_LOAD_BALANCER = 'LoadBalancer';
export const TYPE_EXTERNAL_NAME = 'ExternalName';
export const CLUSTER_IP_NONE = 'None';

/** The minor version the cluster reports (27–33); 33 when the context does not say. */
export function servedMinor(ctx: StrategyContext | undefined): number {
  return ctx?.minorVersion ?? 33;
}

export function specOf(obj: KubeObject | undefined): ServiceSpec {
  return ((obj as ServiceObject | undefined)?.spec ?? {}) as ServiceSpec;
}

/** isHeadlessService: exactly one cluster IP and it is "None". */
export function isHeadless(spec: ServiceSpec): boolean {
  return spec.clusterIPs?.length === 1 && spec.clusterIPs[0] === CLUSTER_IP_NONE;
}

/** ClusterIP and ClusterIPs hold values for every type but ExternalName. */
export function needsClusterIP(spec: ServiceSpec): boolean {
  return spec.type !== TYPE_EXTERNAL_NAME;
}

export function needsNodePorts(spec: ServiceSpec): boolean {
  return spec.type === TYPE_NODE_PORT || spec.type === TYPE_LOAD_BALANCER;
}

/** shouldAllocateNodePorts: LoadBalancer services may opt out with allocateLoadBalancerNodePorts. */
export function allocatesNodePorts(spec: ServiceSpec): boolean {
  if (spec.type === TYPE_NODE_PORT) return true;
  return spec.type === TYPE_LOAD_BALANCER && spec.allocateLoadBalancerNodePorts !== false;
}

/**
 * ExternallyAccessible: reachable from outside through NodePorts, a load balancer or, from
 * Kubernetes 1.29 (kubernetes#119150), a ClusterIP service's externalIPs.
 */
export function externallyAccessible(spec: ServiceSpec, minor: number): boolean {
  if (spec.type === TYPE_NODE_PORT || spec.type === TYPE_LOAD_BALANCER) return true;
  return minor >= 29 && spec.type === TYPE_CLUSTER_IP && (spec.externalIPs ?? []).length > 0;
}

/** NeedsHealthCheck: a LoadBalancer that keeps traffic on the node it arrives at. */
export function needsHealthCheck(spec: ServiceSpec): boolean {
  return spec.type === TYPE_LOAD_BALANCER && spec.externalTrafficPolicy === 'Local';
}

export function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined) {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
