/**
 * Services: the apiserver's defaults (SetDefaults_Service, the service REST storage's
 * ClusterIP/NodePort allocation and `patchAllocatedValues` on update) and ValidateService /
 * ValidateServiceUpdate with upstream's messages. Single-stack IPv4 cluster, service CIDR
 * 10.96.0.0/12, NodePorts 30000–32767 (emulator/core/store-allocation.ts).
 *
 * Allocation runs while defaulting (upstream allocates before validating) and its failures are
 * reported alone, as upstream returns them before validation runs.
 */
import type { FieldCause, KubeObject, ResourceStrategy, StrategyContext } from '../../core/types';
import {
  isInNodePortRange,
  isInServiceRange,
  NODE_PORT_MAX,
  NODE_PORT_MIN,
  SERVICE_CIDR,
} from '../../core/store-allocation';
import {
  duplicate,
  forbidden,
  goQuote,
  goStringSlice,
  invalid,
  notSupported,
  required,
} from '../../core/field-errors';
import { INVALID_IP_DETAIL, parseIPSloppy } from '../../core/ip';
import { validateEndpointIP, validateIP } from '../validation/ip';
import {
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../core/object-meta-validation';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
} from '../../core/names';
import { PROTOCOLS } from './pod-spec';

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
  publishNotReadyAddresses?: boolean;
  [key: string]: unknown;
}
type ServiceObject = KubeObject & { spec?: ServiceSpec; status?: Record<string, unknown> };

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const allocationErrors = new WeakMap<object, FieldCause[]>();

const needsNodePorts = (spec: ServiceSpec) =>
  spec.type === 'NodePort' ||
  (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
const isHeadless = (spec: ServiceSpec) => spec.clusterIP === 'None';

function defaultService(obj: KubeObject, previous: KubeObject | undefined, ctx: StrategyContext) {
  const svc = obj as ServiceObject;
  const spec = (svc.spec ??= {});
  const prevSpec = (previous as ServiceObject | undefined)?.spec;
  if (!spec.type) spec.type = 'ClusterIP';
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'ClientIP') {
    spec.sessionAffinityConfig ??= {};
    spec.sessionAffinityConfig.clientIP ??= {};
    spec.sessionAffinityConfig.clientIP.timeoutSeconds ??= 10800;
  }
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '')
      p.targetPort = p.port;
  }
  if (spec.type !== 'ExternalName' && !spec.internalTrafficPolicy)
    spec.internalTrafficPolicy = 'Cluster';
  if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && !spec.externalTrafficPolicy)
    spec.externalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  svc.status ??= { loadBalancer: {} };

  const errors: FieldCause[] = [];
  if (prevSpec) patchAllocatedValues(spec, prevSpec);

  if (spec.type === 'ExternalName') {
    // Upstream normalizes clusterIPs from clusterIP for every type; validation then refuses it.
    if (spec.clusterIP && (!spec.clusterIPs || spec.clusterIPs.length === 0))
      spec.clusterIPs = [spec.clusterIP];
    if (prevSpec && prevSpec.type !== 'ExternalName') {
      // Leaving the cluster-IP types drops what they allocated, unless the user changed it.
      if (spec.clusterIP === prevSpec.clusterIP) delete spec.clusterIP;
      if (JSON.stringify(spec.clusterIPs) === JSON.stringify(prevSpec.clusterIPs))
        delete spec.clusterIPs;
      if (JSON.stringify(spec.ipFamilies) === JSON.stringify(prevSpec.ipFamilies))
        delete spec.ipFamilies;
      if (spec.ipFamilyPolicy === prevSpec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
    }
  } else {
    if (!spec.clusterIP && spec.clusterIPs?.[0]) spec.clusterIP = spec.clusterIPs[0];
    if (spec.clusterIP && (!spec.clusterIPs || spec.clusterIPs.length === 0))
      spec.clusterIPs = [spec.clusterIP];
    if (!spec.clusterIP) {
      const ip = ctx.allocateClusterIP();
      if (ip === undefined) {
        errors.push(
          invalid(
            'spec.clusterIPs',
            goStringSlice([]),
            'failed to allocate a serviceIP: range is full',
          ),
        );
      } else {
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
      }
    } else if (
      spec.clusterIP !== 'None' &&
      // On update a changed primary IP is refused by validation ("may not change once set").
      !prevSpec?.clusterIP &&
      parseIPSloppy(spec.clusterIP)
    ) {
      const ip = spec.clusterIP;
      if (!isInServiceRange(ip)) {
        errors.push(
          invalid(
            'spec.clusterIPs',
            goStringSlice(spec.clusterIPs),
            `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`,
          ),
        );
      } else if (ctx.isClusterIPInUse(ip)) {
        errors.push(
          invalid(
            'spec.clusterIPs',
            goStringSlice(spec.clusterIPs),
            `failed to allocate IP ${ip}: provided IP is already allocated`,
          ),
        );
      }
    }
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??=
      isHeadless(spec) && spec.selector === undefined ? 'RequireDualStack' : 'SingleStack';
  }

  if (needsNodePorts(spec)) {
    const ownPrevious = new Set((prevSpec?.ports ?? []).map((p) => p.nodePort).filter(Boolean));
    const taken = new Set<number>();
    (spec.ports ?? []).forEach((p, i) => {
      if (p.nodePort) {
        taken.add(p.nodePort);
        if (ownPrevious.has(p.nodePort)) return;
        if (!isInNodePortRange(p.nodePort)) {
          errors.push(
            invalid(
              `spec.ports[${i}].nodePort`,
              p.nodePort,
              `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
            ),
          );
        } else if (ctx.isNodePortInUse(p.nodePort)) {
          errors.push(
            invalid(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated'),
          );
        }
      }
    });
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      let port: number | undefined;
      for (let attempt = 0; attempt < 50; attempt++) {
        const candidate = ctx.allocateNodePort();
        if (candidate === undefined) break;
        if (!taken.has(candidate)) {
          port = candidate;
          break;
        }
      }
      if (port === undefined) {
        errors.push(invalid('spec.ports', 0, 'failed to allocate a nodePort: range is full'));
        break;
      }
      p.nodePort = port;
      taken.add(port);
    }
  }
  if (
    spec.type === 'LoadBalancer' &&
    spec.externalTrafficPolicy === 'Local' &&
    !spec.healthCheckNodePort &&
    errors.length === 0
  ) {
    // Upstream allocates a health-check nodePort for LoadBalancer + externalTrafficPolicy Local.
    const prevHealth = prevSpec?.healthCheckNodePort;
    const taken = new Set((spec.ports ?? []).map((p) => p.nodePort));
    let port: number | undefined = prevHealth;
    for (let attempt = 0; port === undefined && attempt < 50; attempt++) {
      const candidate = ctx.allocateNodePort();
      if (candidate === undefined) break;
      if (!taken.has(candidate)) port = candidate;
    }
    if (port === undefined)
      errors.push(
        invalid('spec.healthCheckNodePort', 0, 'failed to allocate a nodePort: range is full'),
      );
    else spec.healthCheckNodePort = port;
  }
  if (errors.length > 0) allocationErrors.set(obj, errors);
  else allocationErrors.delete(obj);
}

/** On update, keep what was allocated when the client left it out (as `kubectl apply` and PUTs of edited manifests do). */
function patchAllocatedValues(spec: ServiceSpec, prev: ServiceSpec) {
  const isIPType = (t: string | undefined) => t !== 'ExternalName';
  if (isIPType(spec.type) && isIPType(prev.type)) {
    // NormalizeClusterIPs: a client that changed only the singular field means the plural too.
    const sameIPs = JSON.stringify(spec.clusterIPs ?? []) === JSON.stringify(prev.clusterIPs ?? []);
    if (
      (spec.clusterIP ?? '') !== (prev.clusterIP ?? '') &&
      sameIPs &&
      spec.clusterIPs?.length === 1
    ) {
      if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
      else delete spec.clusterIPs;
    }
    // patchAllocatedValues: what the client left out keeps its allocated value.
    if (!spec.clusterIP && prev.clusterIP !== undefined) spec.clusterIP = prev.clusterIP;
    if ((!spec.clusterIPs || spec.clusterIPs.length === 0) && prev.clusterIPs !== undefined)
      spec.clusterIPs = [...prev.clusterIPs];
    if (!spec.ipFamilies && prev.ipFamilies) spec.ipFamilies = [...prev.ipFamilies];
    if (!spec.ipFamilyPolicy && prev.ipFamilyPolicy) spec.ipFamilyPolicy = prev.ipFamilyPolicy;
  }
  const prevPorts = prev.ports ?? [];
  if (needsNodePorts(spec) && needsNodePorts(prev)) {
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const old = prevPorts.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === p.protocol);
      if (old?.nodePort) p.nodePort = old.nodePort;
    }
  } else if (!needsNodePorts(spec) && needsNodePorts(prev)) {
    // Type changed away from NodePort/LoadBalancer: unchanged nodePorts are released.
    for (const p of spec.ports ?? []) {
      const old = prevPorts.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === p.protocol);
      if (p.nodePort && old?.nodePort === p.nodePort) delete p.nodePort;
    }
  }
}

/** Go %#v of a core.ServicePort key used in upstream's duplicate (port, protocol) error. */
function goServicePortKey(port: number, protocol: string): { go: string } {
  return {
    go: `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  };
}

export function validateService(obj: KubeObject, previous?: KubeObject): FieldCause[] {
  const allocation = allocationErrors.get(obj);
  if (allocation && allocation.length > 0) return allocation;
  const spec: ServiceSpec = (obj as ServiceObject).spec ?? {};
  const causes = validateObjectMeta(obj.metadata, true, nameIsDNS1035Label);
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && !isHeadless(spec) && spec.type !== 'ExternalName')
    causes.push(required('spec.ports'));

  if (spec.type === 'ExternalName') {
    if ((spec.clusterIPs ?? []).length > 0)
      causes.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if ((spec.ipFamilies ?? []).length > 0)
      causes.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy)
      causes.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname)
      for (const msg of isDNS1123Subdomain(cname))
        causes.push(invalid('spec.externalName', cname, msg));
    else causes.push(required('spec.externalName'));
  }
  if (isHeadless(spec) && (spec.type === 'NodePort' || spec.type === 'LoadBalancer'))
    causes.push(
      invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`),
    );

  const names = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) causes.push(required(`${path}.name`));
    else if (p.name) {
      for (const msg of isDNS1123Label(p.name)) causes.push(invalid(`${path}.name`, p.name, msg));
      if (names.has(p.name)) causes.push(duplicate(`${path}.name`, p.name));
      names.add(p.name);
    }
    for (const msg of isValidPortNum(p.port ?? 0))
      causes.push(invalid(`${path}.port`, p.port ?? 0, msg));
    if (!p.protocol) causes.push(required(`${path}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol))
      causes.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
    if (typeof p.targetPort === 'number') {
      for (const msg of isValidPortNum(p.targetPort))
        causes.push(invalid(`${path}.targetPort`, p.targetPort, msg));
    } else if (typeof p.targetPort === 'string') {
      for (const msg of isValidPortName(p.targetPort))
        causes.push(invalid(`${path}.targetPort`, p.targetPort, msg));
    }
    if (p.appProtocol !== undefined)
      for (const msg of isQualifiedName(p.appProtocol))
        causes.push(invalid(`${path}.appProtocol`, p.appProtocol, msg));
  });

  if (spec.selector !== undefined && spec.selector !== null)
    causes.push(...validateLabels(spec.selector, 'spec.selector'));

  if (!spec.sessionAffinity) causes.push(required('spec.sessionAffinity'));
  else if (!['ClientIP', 'None'].includes(spec.sessionAffinity))
    causes.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig)
    causes.push(
      forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'),
    );

  if (spec.type !== 'ExternalName') {
    const clusterIP = spec.clusterIP ?? '';
    if (clusterIP && clusterIP !== 'None' && !parseIPSloppy(clusterIP))
      causes.push(invalid('spec.clusterIPs[0]', clusterIP, INVALID_IP_DETAIL));
    const clusterIPs = spec.clusterIPs ?? [];
    if (clusterIPs.length > 0 && clusterIPs[0] !== clusterIP)
      causes.push(
        invalid('spec.clusterIPs', goStringSlice(clusterIPs), 'first value must match `clusterIP`'),
      );
    if (
      spec.ipFamilyPolicy &&
      !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(spec.ipFamilyPolicy)
    )
      causes.push(
        notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, [
          'PreferDualStack',
          'RequireDualStack',
          'SingleStack',
        ]),
      );
    else if (
      spec.ipFamilyPolicy === 'RequireDualStack' &&
      !(isHeadless(spec) && spec.selector === undefined)
    )
      causes.push(
        invalid(
          'spec.ipFamilyPolicy',
          spec.ipFamilyPolicy,
          'this cluster is not configured for dual-stack services',
        ),
      );
    (spec.ipFamilies ?? []).forEach((f, i) => {
      if (!['IPv4', 'IPv6'].includes(f))
        causes.push(notSupported(`spec.ipFamilies[${i}]`, f, ['IPv4', 'IPv6']));
      else if (f === 'IPv6')
        causes.push(invalid(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster'));
    });
  }

  (spec.externalIPs ?? []).forEach((ip, i) => {
    const path = `spec.externalIPs[${i}]`;
    const errs = validateIP(path, ip);
    causes.push(...(errs.length > 0 ? errs : validateEndpointIP(path, ip)));
  });

  if (!spec.type) causes.push(required('spec.type'));
  else if (!TYPES.includes(spec.type)) causes.push(notSupported('spec.type', spec.type, TYPES));

  if (spec.type === 'ClusterIP' || spec.type === 'ExternalName') {
    ports.forEach((p, i) => {
      if (p.nodePort)
        causes.push(
          forbidden(`spec.ports[${i}].nodePort`, `may not be used when \`type\` is '${spec.type}'`),
        );
    });
  }
  if (spec.externalTrafficPolicy) {
    if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer')
      causes.push(
        invalid(
          'spec.externalTrafficPolicy',
          spec.externalTrafficPolicy,
          "may only be set when `type` is 'NodePort' or 'LoadBalancer'",
        ),
      );
    else if (!['Cluster', 'Local'].includes(spec.externalTrafficPolicy))
      causes.push(
        notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, [
          'Cluster',
          'Local',
        ]),
      );
  }
  if (
    spec.healthCheckNodePort &&
    !(spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local')
  )
    causes.push(
      invalid(
        'spec.healthCheckNodePort',
        spec.healthCheckNodePort,
        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
      ),
    );
  if (spec.internalTrafficPolicy && !['Cluster', 'Local'].includes(spec.internalTrafficPolicy))
    causes.push(
      notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']),
    );

  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) causes.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const pairs = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (pairs.has(key))
      causes.push(duplicate(`spec.ports[${i}]`, goServicePortKey(p.port ?? 0, p.protocol ?? '')));
    pairs.add(key);
  });

  if (previous) {
    causes.push(...validateObjectMetaUpdate(obj, previous));
    const prevSpec: ServiceSpec = (previous as ServiceObject).spec ?? {};
    if (spec.type !== 'ExternalName' && prevSpec.type !== 'ExternalName') {
      const oldIPs = prevSpec.clusterIPs ?? [];
      const newIPs = spec.clusterIPs ?? [];
      if (oldIPs.length > 0 && oldIPs[0] !== newIPs[0])
        causes.push(
          invalid('spec.clusterIPs[0]', goStringSlice(newIPs), 'may not change once set'),
        );
    }
  }
  return causes;
}

export const serviceStrategy: ResourceStrategy = {
  default: defaultService,
  validate: (obj, previous) => validateService(obj, previous),
};
