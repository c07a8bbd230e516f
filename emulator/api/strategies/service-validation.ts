/**
 * ValidateService / ValidateServiceUpdate (pkg/apis/core/validation/validation.go), in
 * upstream's order and with its messages and bad-value renderings, for the Kubernetes minor the
 * cluster reports:
 * - 1.27–1.32 refuse port 10250 on LoadBalancer services ("used by kubelet"); 1.33 allows it
 *   (kubernetes#129174);
 * - 1.29+ accept externalTrafficPolicy on a ClusterIP service with externalIPs and word the
 *   refusal "externally-accessible" (kubernetes#119150); 1.27–1.28 allow it on NodePort and
 *   LoadBalancer only;
 * - 1.30+ check loadBalancerSourceRanges entry by entry (IsValidCIDR, kubernetes#123174);
 *   1.27–1.29 refuse the whole list at once;
 * - trafficDistribution accepts PreferClose (the field exists from 1.31 here; the 1.33 values
 *   PreferSameZone/PreferSameNode are behind a gate that is off by default).
 */
import {
  duplicate,
  forbidden,
  goQuote,
  invalid,
  notSupported,
  required,
} from '../../core/field-errors';
import { parseCIDRSloppy } from '../../core/ip';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
} from '../../core/names';
import {
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../core/object-meta-validation';
import type { FieldCause, KubeObject } from '../../core/types';
import { validateCIDR, validateEndpointIP, validateIP } from '../validation/ip';
import { PROTOCOLS } from './pod-spec';
import {
  goPointer,
  validateClusterIPsRelatedFields,
  validateClusterIPsUpdate,
  validateIPFamiliesUpdate,
} from './service-cluster-ips';
import {
  externallyAccessible,
  isHeadless,
  needsHealthCheck,
  specOf,
  TYPE_CLUSTER_IP,
  TYPE_EXTERNAL_NAME,
  TYPE_LOAD_BALANCER,
  TYPE_NODE_PORT,
  type ServicePort,
  type ServiceSpec,
} from './service-shape';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const TRAFFIC_DISTRIBUTIONS = ['PreferClose'];
const KUBELET_PORT = 10250;
const MAX_AFFINITY_SECONDS = 86400;
const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const ONLY_LOAD_BALANCER = "may only be used when `type` is 'LoadBalancer'";

/** Go `%#v` of the core.ServicePort key upstream reports a duplicate (protocol, port) with. */
function goServicePortKey(port: number, protocol: string): { go: string } {
  return {
    go: `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  };
}

/** validateServicePort. */
function validateServicePort(
  p: ServicePort,
  requireName: boolean,
  names: Set<string>,
  path: string,
): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = p.name ?? '';
  if (requireName && !name) causes.push(required(`${path}.name`));
  else if (name) {
    for (const msg of isDNS1123Label(name)) causes.push(invalid(`${path}.name`, name, msg));
    if (names.has(name)) causes.push(duplicate(`${path}.name`, name));
    else names.add(name);
  }
  const port = p.port ?? 0;
  for (const msg of isValidPortNum(port)) causes.push(invalid(`${path}.port`, port, msg));
  if (!p.protocol) causes.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(p.protocol))
    causes.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
  // ValidatePortNumOrName.
  const target = p.targetPort ?? 0;
  const targetMessages =
    typeof target === 'string' ? isValidPortName(target) : isValidPortNum(target);
  for (const msg of targetMessages) causes.push(invalid(`${path}.targetPort`, target, msg));
  if (p.appProtocol !== undefined)
    for (const msg of isQualifiedName(p.appProtocol))
      causes.push(invalid(`${path}.appProtocol`, p.appProtocol, msg));
  return causes;
}

function validateTypeSpecifics(spec: ServiceSpec, minor: number): FieldCause[] {
  const causes: FieldCause[] = [];
  const headless = isHeadless(spec);
  if (spec.type === TYPE_LOAD_BALANCER) {
    if (minor <= 32)
      (spec.ports ?? []).forEach((p, i) => {
        // A workaround for clouds that over-open firewalls; dropped in 1.33.
        if (p.port === KUBELET_PORT)
          causes.push(
            invalid(
              `spec.ports[${i}]`,
              KUBELET_PORT,
              `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`,
            ),
          );
      });
    if (headless)
      causes.push(
        invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for LoadBalancer services"),
      );
  } else if (spec.type === TYPE_NODE_PORT) {
    if (headless)
      causes.push(
        invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for NodePort services"),
      );
  } else if (spec.type === TYPE_EXTERNAL_NAME) {
    const forbid = 'may not be set for ExternalName services';
    if ((spec.clusterIPs ?? []).length > 0) causes.push(forbidden('spec.clusterIPs', forbid));
    if ((spec.ipFamilies ?? []).length > 0) causes.push(forbidden('spec.ipFamilies', forbid));
    if (spec.ipFamilyPolicy !== undefined) causes.push(forbidden('spec.ipFamilyPolicy', forbid));
    // A CNAME may end in a dot to mark it fully qualified.
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (!cname) causes.push(required('spec.externalName'));
    for (const msg of cname ? isDNS1123Subdomain(cname) : [])
      causes.push(invalid('spec.externalName', cname, msg));
  }
  return causes;
}

function validateSessionAffinity(spec: ServiceSpec): FieldCause[] {
  const affinity = spec.sessionAffinity ?? '';
  if (!affinity) return [required('spec.sessionAffinity')];
  if (!AFFINITIES.includes(affinity))
    return [notSupported('spec.sessionAffinity', affinity, AFFINITIES)];
  const path = 'spec.sessionAffinityConfig';
  const config = spec.sessionAffinityConfig;
  if (affinity === 'None')
    return config === undefined
      ? []
      : [forbidden(path, 'must not be set when session affinity is None')];
  // validateClientIPAffinityConfig.
  const when = 'when session affinity type is ClientIP';
  if (config === undefined) return [required(path, when)];
  if (config.clientIP === undefined || config.clientIP === null)
    return [required(`${path}.clientIP`, when)];
  const timeout = config.clientIP.timeoutSeconds;
  if (timeout === undefined || timeout === null)
    return [required(`${path}.clientIP.timeoutSeconds`, when)];
  if (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS)
    return [
      invalid(
        `${path}.clientIP.timeoutSeconds`,
        timeout,
        `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`,
      ),
    ];
  return [];
}

function validateNodePortsAndDuplicates(spec: ServiceSpec): FieldCause[] {
  const causes: FieldCause[] = [];
  const ports = spec.ports ?? [];
  if (spec.type === TYPE_CLUSTER_IP)
    ports.forEach((p, i) => {
      if (p.nodePort)
        causes.push(
          forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"),
        );
    });
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol ?? ''}/${p.nodePort}`;
    if (nodePorts.has(key)) causes.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const pairs = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol ?? ''}/${p.port ?? 0}`;
    if (pairs.has(key))
      causes.push(duplicate(`spec.ports[${i}]`, goServicePortKey(p.port ?? 0, p.protocol ?? '')));
    pairs.add(key);
  });
  return causes;
}

function validateSourceRanges(svc: KubeObject, spec: ServiceSpec, minor: number): FieldCause[] {
  const causes: FieldCause[] = [];
  const ranges = spec.loadBalancerSourceRanges ?? [];
  const annotation = svc.metadata.annotations?.[SOURCE_RANGES_ANNOTATION];
  const fromField = ranges.length > 0;
  if (!fromField && annotation === undefined) return causes;
  const path = fromField
    ? 'spec.LoadBalancerSourceRanges'
    : `metadata.annotations[${SOURCE_RANGES_ANNOTATION}]`;
  if (spec.type !== TYPE_LOAD_BALANCER) causes.push(forbidden(path, ONLY_LOAD_BALANCER));
  // Space padding is tolerated, a leftover of the annotation's format.
  const values = fromField
    ? ranges.map((r) => r.trim())
    : (annotation ?? '').trim() === ''
      ? []
      : (annotation ?? '').split(',').map((r) => r.trim());
  if (minor >= 30) {
    values.forEach((value, i) =>
      causes.push(...validateCIDR(fromField ? `${path}[${i}]` : path, value)),
    );
  } else if (values.some((v) => !parseCIDRSloppy(v))) {
    // Before 1.30 the list was parsed as a whole and refused as printed by Go's %v.
    const shown = fromField ? `[${ranges.join(' ')}]` : (annotation ?? '');
    causes.push(
      invalid(
        path,
        shown,
        'must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ',
      ),
    );
  }
  return causes;
}

function validateLoadBalancerFields(spec: ServiceSpec): FieldCause[] {
  const causes: FieldCause[] = [];
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== TYPE_LOAD_BALANCER)
    causes.push(forbidden('spec.allocateLoadBalancerNodePorts', ONLY_LOAD_BALANCER));
  // Upstream's path really lacks `spec.` (never reached through v1: the field is defaulted).
  if (spec.type === TYPE_LOAD_BALANCER && spec.allocateLoadBalancerNodePorts === undefined)
    causes.push(required('allocateLoadBalancerNodePorts'));
  causes.push(...validateLoadBalancerClass(spec));
  return causes;
}

/** validateLoadBalancerClassField(nil, service). */
function validateLoadBalancerClass(spec: ServiceSpec): FieldCause[] {
  const value = spec.loadBalancerClass;
  if (value === undefined) return [];
  if (spec.type !== TYPE_LOAD_BALANCER)
    return [forbidden('spec.loadBalancerClass', ONLY_LOAD_BALANCER)];
  return isQualifiedName(value).map((msg) => invalid('spec.loadBalancerClass', value, msg));
}

function validateTrafficPolicies(spec: ServiceSpec, minor: number): FieldCause[] {
  const causes: FieldCause[] = [];
  const etp = spec.externalTrafficPolicy ?? '';
  if (!externallyAccessible(spec, minor)) {
    const why =
      minor >= 29
        ? 'may only be set for externally-accessible services'
        : "may only be set when `type` is 'NodePort' or 'LoadBalancer'";
    if (etp) causes.push(invalid('spec.externalTrafficPolicy', etp, why));
  } else if (!etp) causes.push(required('spec.externalTrafficPolicy'));
  else if (!TRAFFIC_POLICIES.includes(etp))
    causes.push(notSupported('spec.externalTrafficPolicy', etp, TRAFFIC_POLICIES));

  const hc = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(spec)) {
    if (hc !== 0)
      causes.push(
        invalid(
          'spec.healthCheckNodePort',
          hc,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
  } else if (hc === 0) causes.push(required('spec.healthCheckNodePort'));
  else
    for (const msg of isValidPortNum(hc)) causes.push(invalid('spec.healthCheckNodePort', hc, msg));

  const itp = spec.internalTrafficPolicy;
  if (itp === undefined) {
    // Not forbidden on other types: stored objects from before the field went beta have it.
    if (
      spec.type === TYPE_NODE_PORT ||
      spec.type === TYPE_LOAD_BALANCER ||
      spec.type === TYPE_CLUSTER_IP
    )
      causes.push(required('spec.internalTrafficPolicy'));
  } else if (!TRAFFIC_POLICIES.includes(itp))
    causes.push(notSupported('spec.internalTrafficPolicy', itp, TRAFFIC_POLICIES));

  const td = spec.trafficDistribution;
  if (td !== undefined && !TRAFFIC_DISTRIBUTIONS.includes(td))
    causes.push(notSupported('spec.trafficDistribution', td, TRAFFIC_DISTRIBUTIONS));
  return causes;
}

/** ValidateService (ValidateServiceCreate). */
export function validateService(svc: KubeObject, minor: number): FieldCause[] {
  const spec = specOf(svc);
  const causes = validateObjectMeta(svc.metadata, true, nameIsDNS1035Label);
  const annotations = svc.metadata.annotations ?? {};
  const mode = annotations[TOPOLOGY_MODE];
  const hints = annotations[TOPOLOGY_HINTS];
  if (mode !== undefined && hints !== undefined && mode !== hints)
    causes.push(
      invalid(
        `metadata.annotations[${TOPOLOGY_MODE}]`,
        mode,
        `must match annotations[${TOPOLOGY_HINTS}] when both are specified`,
      ),
    );
  const ports = spec.ports ?? [];
  if (ports.length === 0 && !isHeadless(spec) && spec.type !== TYPE_EXTERNAL_NAME)
    causes.push(required('spec.ports'));
  causes.push(...validateTypeSpecifics(spec, minor));
  const names = new Set<string>();
  ports.forEach((p, i) =>
    causes.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)),
  );
  if (spec.selector !== undefined) causes.push(...validateLabels(spec.selector, 'spec.selector'));
  causes.push(...validateSessionAffinity(spec));
  causes.push(...validateClusterIPsRelatedFields(spec));
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const path = `spec.externalIPs[${i}]`;
    const errs = validateIP(path, ip);
    causes.push(...(errs.length > 0 ? errs : validateEndpointIP(path, ip)));
  });
  if (!spec.type) causes.push(required('spec.type'));
  else if (!TYPES.includes(spec.type)) causes.push(notSupported('spec.type', spec.type, TYPES));
  causes.push(...validateNodePortsAndDuplicates(spec));
  causes.push(...validateSourceRanges(svc, spec, minor));
  causes.push(...validateLoadBalancerFields(spec));
  causes.push(...validateTrafficPolicies(spec, minor));
  return causes;
}

/** ValidateServiceUpdate: the update-only rules, then all of ValidateService. */
export function validateServiceUpdate(
  svc: KubeObject,
  old: KubeObject,
  minor: number,
): FieldCause[] {
  const spec = specOf(svc);
  const before = specOf(old);
  const causes = validateObjectMetaUpdate(svc, old);
  causes.push(...validateClusterIPsUpdate(spec, before));
  causes.push(...validateIPFamiliesUpdate(spec, before));
  // validateLoadBalancerClassField(old, new) re-runs the create checks too, as upstream does.
  if (spec.type === TYPE_LOAD_BALANCER && before.type === TYPE_LOAD_BALANCER)
    if (spec.loadBalancerClass !== before.loadBalancerClass)
      causes.push(
        invalid(
          'spec.loadBalancerClass',
          goPointer(spec.loadBalancerClass),
          'may not change once set',
        ),
      );
  causes.push(...validateLoadBalancerClass(spec));
  if (needsHealthCheck(before) && needsHealthCheck(spec))
    if (spec.healthCheckNodePort !== before.healthCheckNodePort)
      causes.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
  causes.push(...validateService(svc, minor));
  return causes;
}
