/**
 * The Service storage's allocation step (pkg/registry/core/service/storage/alloc.go), which
 * runs before the strategy validates: `initIPFamilyFields` (inferring ipFamilyPolicy and
 * ipFamilies for a single-stack IPv4 cluster, pre-validating the cluster-IP fields), ClusterIP
 * allocation (service CIDR 10.96.0.0/12), NodePort allocation (30000–32767, `initNodePorts` /
 * `updateNodePorts`) and the health-check NodePort of LoadBalancers with
 * externalTrafficPolicy Local.
 *
 * Its field errors are upstream's 422 Invalid and are answered alone (validation never runs);
 * an exhausted range or a refused health-check port is upstream's 500 InternalError. Releases
 * need nothing here: what a Service holds is derived from committed objects
 * (emulator/core/store-allocation.ts).
 */
import { internalError } from '../../core/errors';
import { invalid, goStringSlice } from '../../core/field-errors';
import {
  isInNodePortRange,
  isInServiceRange,
  NODE_PORT_MAX,
  NODE_PORT_MIN,
  SERVICE_CIDR,
} from '../../core/store-allocation';
import type { FieldCause, StrategyContext } from '../../core/types';
import { familyOf, goPointer, validateClusterIPsRelatedFields } from './service-cluster-ips';
import {
  allocatesNodePorts,
  CLUSTER_IP_NONE,
  needsHealthCheck,
  needsNodePorts,
  sameStrings,
  servedMinor,
  TYPE_EXTERNAL_NAME,
  type ServiceSpec,
} from './service-shape';

/** The one family this cluster serves. */
const CLUSTER_FAMILY = 'IPv4';

function isMatchingPreferDualStack(spec: ServiceSpec, old: ServiceSpec | undefined): boolean {
  if (!old || spec.ipFamilyPolicy === undefined || old.type !== spec.type) return false;
  if (spec.type === TYPE_EXTERNAL_NAME) return false;
  if (spec.ipFamilyPolicy !== 'PreferDualStack') return false;
  if (old.ipFamilyPolicy !== undefined && old.ipFamilyPolicy !== 'PreferDualStack') return false;
  return (
    old.clusterIP === spec.clusterIP &&
    sameStrings(old.clusterIPs, spec.clusterIPs) &&
    sameStrings(old.ipFamilies, spec.ipFamilies)
  );
}

/** initIPFamilyFields; field errors, or [] with the spec's family fields filled in. */
export function initIPFamilyFields(spec: ServiceSpec, old: ServiceSpec | undefined): FieldCause[] {
  if (spec.type === TYPE_EXTERNAL_NAME || isMatchingPreferDualStack(spec, old)) return [];
  const selectorless = Object.keys(spec.selector ?? {}).length === 0;
  if (spec.ipFamilyPolicy === undefined) {
    if (old?.ipFamilyPolicy !== undefined) spec.ipFamilyPolicy = old.ipFamilyPolicy;
    else if (spec.clusterIP === CLUSTER_IP_NONE && selectorless)
      spec.ipFamilyPolicy = 'RequireDualStack';
    else spec.ipFamilyPolicy = 'SingleStack';
  }
  const pre = validateClusterIPsRelatedFields(spec);
  if (pre.length > 0) return pre;

  const causes: FieldCause[] = [];
  const policy = goPointer(spec.ipFamilyPolicy);
  if (old) {
    if (spec.ipFamilyPolicy === 'SingleStack') {
      const sameIPs =
        old.clusterIP === spec.clusterIP && sameStrings(old.clusterIPs, spec.clusterIPs);
      if (sameIPs && (spec.clusterIPs ?? []).length > 1)
        spec.clusterIPs = spec.clusterIPs?.slice(0, 1);
      if (sameStrings(old.ipFamilies, spec.ipFamilies) && (spec.ipFamilies ?? []).length > 1)
        spec.ipFamilies = spec.ipFamilies?.slice(0, 1);
    } else {
      const fewer = (a: string[] | undefined, b: string[] | undefined) =>
        (a ?? []).length < (b ?? []).length;
      if (fewer(spec.clusterIPs, old.clusterIPs))
        causes.push(
          invalid(
            'spec.ipFamilyPolicy',
            policy,
            "must be 'SingleStack' to release the secondary cluster IP",
          ),
        );
      if (fewer(spec.ipFamilies, old.ipFamilies))
        causes.push(
          invalid(
            'spec.ipFamilyPolicy',
            policy,
            "must be 'SingleStack' to release the secondary IP family",
          ),
        );
    }
  }
  if (spec.ipFamilyPolicy === 'SingleStack') {
    if ((spec.clusterIPs ?? []).length === 2)
      causes.push(
        invalid(
          'spec.ipFamilyPolicy',
          policy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
        ),
      );
    if ((spec.ipFamilies ?? []).length === 2)
      causes.push(
        invalid(
          'spec.ipFamilyPolicy',
          policy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
        ),
      );
  }
  const clusterIPs = spec.clusterIPs ?? [];
  for (let i = 0; i < clusterIPs.length; i++) {
    const ip = clusterIPs[i] ?? '';
    if (ip === CLUSTER_IP_NONE) break;
    const family = familyOf(ip);
    if (i < (spec.ipFamilies ?? []).length) continue;
    if (family !== CLUSTER_FAMILY)
      causes.push(
        invalid(
          `spec.clusterIPs[${i}]`,
          goStringSlice(clusterIPs),
          `${family} is not configured on this cluster`,
        ),
      );
    else spec.ipFamilies = [...(spec.ipFamilies ?? []), family];
  }
  if (causes.length > 0) return causes;

  if (spec.clusterIP === CLUSTER_IP_NONE && selectorless) {
    // Headless and selectorless may ask for both families even on a single-stack cluster.
    spec.ipFamilies = spec.ipFamilies?.length ? spec.ipFamilies : [CLUSTER_FAMILY];
    const first = spec.ipFamilies[0];
    if (spec.ipFamilies.length < 2 && spec.ipFamilyPolicy !== 'SingleStack')
      spec.ipFamilies = [...spec.ipFamilies, first === 'IPv4' ? 'IPv6' : 'IPv4'];
    return [];
  }
  if (spec.ipFamilyPolicy === 'RequireDualStack')
    causes.push(
      invalid(
        'spec.ipFamilyPolicy',
        policy,
        'this cluster is not configured for dual-stack services',
      ),
    );
  (spec.ipFamilies ?? []).forEach((family, i) => {
    if (family !== CLUSTER_FAMILY)
      causes.push(invalid(`spec.ipFamilies[${i}]`, family, 'not configured on this cluster'));
  });
  if (causes.length > 0) return causes;
  if ((spec.ipFamilies ?? []).length === 0) spec.ipFamilies = [CLUSTER_FAMILY];
  return [];
}

/** allocClusterIPs for the cluster's one family. */
function allocateClusterIPs(spec: ServiceSpec, ctx: StrategyContext): FieldCause[] {
  if (spec.type === TYPE_EXTERNAL_NAME || spec.clusterIPs?.[0] === CLUSTER_IP_NONE) return [];
  const requested = spec.clusterIPs?.[0] ?? '';
  if (!requested) {
    const ip = ctx.allocateClusterIP();
    if (ip === undefined) throw internalError('failed to allocate a serviceIP: range is full');
    spec.clusterIP = ip;
    spec.clusterIPs = [ip, ...(spec.clusterIPs ?? []).slice(1)];
    return [];
  }
  // 1.33 allocates from ServiceCIDR objects (MultiCIDRServiceAllocator) and words it its way.
  const notInRange =
    servedMinor(ctx) >= 33
      ? 'the provided network does not match the current range'
      : `the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`;
  const problem = !isInServiceRange(requested)
    ? notInRange
    : ctx.isClusterIPInUse(requested)
      ? 'provided IP is already allocated'
      : undefined;
  if (problem === undefined) return [];
  return [
    invalid(
      'spec.clusterIPs',
      goStringSlice(spec.clusterIPs),
      `failed to allocate IP ${requested}: ${problem}`,
    ),
  ];
}

/** A port allocation operation: what this write took so far, on top of the cluster's. */
class NodePortOperation {
  private readonly taken = new Set<number>();
  constructor(private readonly ctx: StrategyContext) {}

  /** Allocate(port): the allocator's error text, or undefined when reserved. */
  allocate(port: number): string | undefined {
    if (!isInNodePortRange(port))
      return `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`;
    if (this.taken.has(port) || this.ctx.isNodePortInUse(port))
      return 'provided port is already allocated';
    this.taken.add(port);
    return undefined;
  }

  allocateNext(): number | undefined {
    for (let attempt = 0; attempt < NODE_PORT_MAX - NODE_PORT_MIN + 1; attempt++) {
      const port = this.ctx.allocateNodePort();
      if (port === undefined) return undefined;
      if (!this.taken.has(port)) {
        this.taken.add(port);
        return port;
      }
    }
    return undefined;
  }
}

const nodePortFull = () => internalError('failed to allocate a nodePort: range is full');

/** initNodePorts: ports that share a port number share the NodePort requested for any of them. */
function initNodePorts(spec: ServiceSpec, op: NodePortOperation): FieldCause[] {
  const byPort = new Map<number, number>();
  const ports = spec.ports ?? [];
  for (const [i, p] of ports.entries()) {
    if (!p.nodePort && !allocatesNodePorts(spec)) continue;
    const port = p.port ?? 0;
    const allocated = byPort.get(port) ?? 0;
    if (allocated === 0) {
      const requested = ports.find((q) => (q.port ?? 0) === port && q.nodePort)?.nodePort ?? 0;
      if (requested) {
        const problem = op.allocate(requested);
        if (problem) return [invalid(`spec.ports[${i}].nodePort`, requested, problem)];
        p.nodePort = requested;
        byPort.set(port, requested);
      } else {
        const next = op.allocateNext();
        if (next === undefined) throw nodePortFull();
        p.nodePort = next;
        byPort.set(port, next);
      }
    } else if (p.nodePort !== allocated) {
      if (!p.nodePort) p.nodePort = allocated;
      else {
        const problem = op.allocate(p.nodePort);
        if (problem) return [invalid(`spec.ports[${i}].nodePort`, p.nodePort, problem)];
      }
    }
  }
  return [];
}

/** updateNodePorts: values the Service held before are kept without re-reserving them. */
function updateNodePorts(spec: ServiceSpec, old: ServiceSpec, op: NodePortOperation): FieldCause[] {
  const held = new Set((old.ports ?? []).map((p) => p.nodePort).filter((n): n is number => !!n));
  const reserved = new Set<number>();
  const seen = new Set<string>();
  for (const [i, p] of (spec.ports ?? []).entries()) {
    if (!p.nodePort && !allocatesNodePorts(spec)) continue;
    if (p.nodePort) {
      if (!held.has(p.nodePort) && !reserved.has(p.nodePort)) {
        const problem = op.allocate(p.nodePort);
        if (problem) return [invalid(`spec.ports[${i}].nodePort`, p.nodePort, problem)];
        reserved.add(p.nodePort);
      }
    } else {
      const next = op.allocateNext();
      if (next === undefined) throw nodePortFull();
      p.nodePort = next;
    }
    const key = `{${p.protocol ?? ''} ${p.nodePort}}`;
    if (seen.has(key)) throw internalError(`duplicate nodePort: ${key}`);
    seen.add(key);
  }
  return [];
}

/** allocHealthCheckNodePort: its failures are upstream's InternalError. */
function allocateHealthCheckNodePort(spec: ServiceSpec, op: NodePortOperation): void {
  const requested = spec.healthCheckNodePort ?? 0;
  if (requested) {
    const problem = op.allocate(requested);
    if (problem)
      throw internalError(
        `failed to allocate requested HealthCheck NodePort ${requested}: ${problem}`,
      );
    return;
  }
  const next = op.allocateNext();
  if (next === undefined)
    throw internalError('failed to allocate a HealthCheck NodePort 0: range is full');
  spec.healthCheckNodePort = next;
}

/** allocateCreate / allocateUpdate: the errors to answer alone, or [] once everything is held. */
export function allocateService(
  spec: ServiceSpec,
  old: ServiceSpec | undefined,
  ctx: StrategyContext,
): FieldCause[] {
  const families = initIPFamilyFields(spec, old);
  if (families.length > 0) return families;
  const fromExternalName = old?.type === TYPE_EXTERNAL_NAME && spec.type !== TYPE_EXTERNAL_NAME;
  if (!old || fromExternalName) {
    const ips = allocateClusterIPs(spec, ctx);
    if (ips.length > 0) return ips;
  }
  const op = new NodePortOperation(ctx);
  if (needsNodePorts(spec)) {
    const ports = old ? updateNodePorts(spec, old, op) : initNodePorts(spec, op);
    if (ports.length > 0) return ports;
  }
  if (needsHealthCheck(spec) && !(old && needsHealthCheck(old)))
    allocateHealthCheckNodePort(spec, op);
  return [];
}
