/**
 * What happens to a Service between the request body and allocation, in upstream's order:
 * the JSON → Go struct → JSON round trip (zero values of `omitempty` fields are not stored),
 * `SetDefaults_Service` (pkg/apis/core/v1/defaults.go), and on update the storage's
 * `patchAllocatedValues` and `normalizeClusterIPs` (pkg/registry/core/service/storage), then,
 * after allocation, the strategy's `dropServiceDisabledFields` and `dropTypeDependentFields`
 * (pkg/registry/core/service/strategy.go).
 *
 * Version differences follow the minor the cluster reports: externalTrafficPolicy is defaulted
 * for ClusterIP services with externalIPs from 1.29; `trafficDistribution` is dropped before
 * 1.31 (its feature gate is off in 1.30 and the field unknown before); load-balancer `ipMode`
 * is defaulted to VIP from 1.30 and dropped before; a non-LoadBalancer Service's load-balancer
 * status is cleared on update from 1.29 (when such status became invalid).
 */
import {
  externallyAccessible,
  needsClusterIP,
  needsHealthCheck,
  needsNodePorts,
  sameStrings,
  TYPE_CLUSTER_IP,
  TYPE_LOAD_BALANCER,
  type ServiceObject,
  type ServiceSpec,
} from './service-shape';

/** ServiceSpec fields whose Go zero value is left out of the stored object (`omitempty`). */
const OMIT_EMPTY_SPEC: Record<string, 'string' | 'list' | 'map' | 'number' | 'bool'> = {
  ports: 'list',
  selector: 'map',
  clusterIP: 'string',
  clusterIPs: 'list',
  type: 'string',
  externalIPs: 'list',
  sessionAffinity: 'string',
  loadBalancerIP: 'string',
  loadBalancerSourceRanges: 'list',
  externalName: 'string',
  externalTrafficPolicy: 'string',
  healthCheckNodePort: 'number',
  publishNotReadyAddresses: 'bool',
  ipFamilies: 'list',
};
/** Pointer fields: only `null` (a nil pointer) disappears; a pointer to "" stays. */
const POINTER_SPEC = [
  'sessionAffinityConfig',
  'ipFamilyPolicy',
  'allocateLoadBalancerNodePorts',
  'loadBalancerClass',
  'internalTrafficPolicy',
  'trafficDistribution',
];

function isZero(value: unknown, kind: string): boolean {
  if (value === null || value === undefined) return true;
  switch (kind) {
    case 'string':
      return value === '';
    case 'number':
      return value === 0;
    case 'bool':
      return value === false;
    case 'list':
      return Array.isArray(value) && value.length === 0;
    default:
      return typeof value === 'object' && Object.keys(value).length === 0;
  }
}

/**
 * The stored form of what the client sent: an empty `selector: {}` is no selector once stored
 * (and `kubectl get -o json` shows none), as are `clusterIP: ""`, `ports: []` and the like.
 */
export function dropZeroValues(spec: ServiceSpec): void {
  for (const [key, kind] of Object.entries(OMIT_EMPTY_SPEC))
    if (key in spec && isZero(spec[key], kind)) delete spec[key];
  for (const key of POINTER_SPEC) if (spec[key] === null) delete spec[key];
  for (const port of spec.ports ?? []) {
    if (port.name === '' || port.name === null) delete port.name;
    if (port.nodePort === 0 || port.nodePort === null) delete port.nodePort;
    if (port.protocol === null) delete port.protocol;
    if (port.appProtocol === null) delete port.appProtocol;
  }
}

/** SetDefaults_Service. */
export function setServiceDefaults(svc: ServiceObject, minor: number): void {
  const spec = (svc.spec ??= {});
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const config = spec.sessionAffinityConfig;
    if (config?.clientIP?.timeoutSeconds === undefined || config.clientIP.timeoutSeconds === null)
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = TYPE_CLUSTER_IP;
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    if (
      p.targetPort === undefined ||
      p.targetPort === null ||
      p.targetPort === 0 ||
      p.targetPort === ''
    )
      p.targetPort = p.port ?? 0;
  }
  if (externallyAccessible(spec, minor) && !spec.externalTrafficPolicy)
    spec.externalTrafficPolicy = 'Cluster';
  if (
    spec.internalTrafficPolicy === undefined &&
    (spec.type === 'NodePort' || spec.type === TYPE_LOAD_BALANCER || spec.type === TYPE_CLUSTER_IP)
  )
    spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === TYPE_LOAD_BALANCER) spec.allocateLoadBalancerNodePorts ??= true;
  if (spec.type === TYPE_LOAD_BALANCER && minor >= 30)
    for (const ingress of svc.status?.loadBalancer?.ingress ?? [])
      if (ingress.ip && ingress.ipMode === undefined) ingress.ipMode = 'VIP';
}

/** normalizeClusterIPs: a client that writes only the singular field means the plural too. */
export function normalizeClusterIPs(spec: ServiceSpec, old: ServiceSpec | undefined): void {
  if (!old) {
    if (spec.clusterIP && (spec.clusterIPs ?? []).length === 0) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  if ((old.clusterIPs ?? []).length > 0 && (spec.clusterIPs ?? []).length === 0) {
    if ((old.clusterIP ?? '') === (spec.clusterIP ?? ''))
      spec.clusterIPs = [...(old.clusterIPs ?? [])];
  }
  if ((old.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    // Clearing the singular field clears an unchanged plural one on the client's behalf;
    // changing it replaces an unchanged plural one. Anything else is for validation to judge.
    if (sameClusterIPs(old, spec)) {
      if (old.clusterIP && !spec.clusterIP) delete spec.clusterIPs;
      else if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
    }
  }
}

function sameClusterIPs(a: ServiceSpec, b: ServiceSpec): boolean {
  return sameStrings(a.clusterIPs, b.clusterIPs);
}

/** patchAllocatedValues: what the client left out keeps the value allocated for it. */
export function patchAllocatedValues(spec: ServiceSpec, old: ServiceSpec): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if ((spec.clusterIPs ?? []).length === 0 && (old.clusterIPs ?? []).length > 0)
      spec.clusterIPs = [...(old.clusterIPs ?? [])];
  }
  if (needsNodePorts(old) && needsNodePorts(spec)) {
    const nodePorts = (s: ServiceSpec) =>
      new Set((s.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n !== 0));
    const newPorts = nodePorts(spec);
    // Values both versions carry cannot be patched into another port.
    const used = new Set([...nodePorts(old)].filter((n) => newPorts.has(n)));
    // Matched by port name: the user may have changed everything else about the port.
    const byName = new Map<string, number>();
    for (const p of old.ports ?? []) byName.set(p.name ?? '', p.nodePort ?? 0);
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const previous = byName.get(p.name ?? '') ?? 0;
      if (previous !== 0 && !used.has(previous)) p.nodePort = previous;
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(spec) && !spec.healthCheckNodePort)
    if (old.healthCheckNodePort) spec.healthCheckNodePort = old.healthCheckNodePort;
}

/** dropServiceDisabledFields: fields whose feature is off (or unknown) in the served version. */
export function dropServiceDisabledFields(
  spec: ServiceSpec,
  old: ServiceSpec | undefined,
  minor: number,
): void {
  const inUse = old?.trafficDistribution !== undefined;
  if (minor < 31 && !inUse) delete spec.trafficDistribution;
}

/** dropServiceStatusDisabledFields: load-balancer ipMode before its gate was on (1.30). */
export function dropServiceStatusDisabledFields(
  svc: ServiceObject,
  old: ServiceObject,
  minor: number,
): void {
  if (minor >= 30) return;
  const inUse = (old.status?.loadBalancer?.ingress ?? []).some((i) => i.ipMode !== undefined);
  if (inUse) return;
  for (const ingress of svc.status?.loadBalancer?.ingress ?? []) delete ingress.ipMode;
}

/**
 * dropTypeDependentFields (updates only): fields the new type does not use are cleared when the
 * client left them as they were (allocated values are then released); changed ones are left
 * for validation to refuse.
 */
export function dropTypeDependentFields(svc: ServiceObject, old: ServiceObject, minor: number) {
  const spec = (svc.spec ??= {});
  const before = old.spec ?? {};
  if (needsClusterIP(before) && !needsClusterIP(spec)) {
    if ((before.clusterIP ?? '') === (spec.clusterIP ?? '') && sameClusterIPs(before, spec)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameStrings(before.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (before.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePorts(before) && !needsNodePorts(spec)) {
    const oldPorts = new Set((before.ports ?? []).map((p) => p.nodePort).filter(Boolean));
    const onlyOld = (spec.ports ?? []).every((p) => !p.nodePort || oldPorts.has(p.nodePort));
    if (onlyOld) for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (
    needsHealthCheck(before) &&
    !needsHealthCheck(spec) &&
    before.healthCheckNodePort === spec.healthCheckNodePort
  )
    delete spec.healthCheckNodePort;
  if (before.type === TYPE_LOAD_BALANCER && spec.type !== TYPE_LOAD_BALANCER) {
    const a = before.allocateLoadBalancerNodePorts;
    if (a !== undefined && a === spec.allocateLoadBalancerNodePorts)
      delete spec.allocateLoadBalancerNodePorts;
    if (before.loadBalancerClass === spec.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (
    externallyAccessible(before, minor) &&
    !externallyAccessible(spec, minor) &&
    before.externalTrafficPolicy === spec.externalTrafficPolicy
  )
    delete spec.externalTrafficPolicy;
  if (minor >= 29 && spec.type !== TYPE_LOAD_BALANCER && svc.status) svc.status.loadBalancer = {};
}
