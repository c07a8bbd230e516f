/**
 * networking.k8s.io/v1 NetworkPolicy: upstream's SetDefaults_NetworkPolicy/NetworkPolicyPort
 * (pkg/apis/networking/v1/defaults.go: TCP ports; policyTypes Ingress, plus Egress when egress
 * rules exist) and ValidateNetworkPolicy/ValidateNetworkPolicyUpdate
 * (pkg/apis/networking/validation/validation.go: ports, end ports, peers, ipBlocks, policy
 * types) with their messages. Stored and served; nothing enforces the policies.
 */
import type { FieldCause, KubeObject, ResourceStrategy } from '../../core/types';
import { forbidden, goQuote, invalid, notSupported, required } from '../../core/field-errors';
import { cidrContains, parseCIDRSloppy } from '../../core/ip';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../core/object-meta-validation';
import { isValidPortName, isValidPortNum, nameIsDNSSubdomain } from '../../core/names';
import { validateLabelSelector, type LabelSelector } from '../../core/label-selectors';
import { PROTOCOLS } from './pod-spec';

interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr?: string; except?: string[] };
}
interface Rule {
  ports?: NetworkPolicyPort[];
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
}
interface NetworkPolicySpec {
  podSelector?: LabelSelector;
  ingress?: Rule[];
  egress?: Rule[];
  policyTypes?: string[];
}
interface NetworkPolicyObject extends KubeObject {
  spec?: NetworkPolicySpec;
}

function defaultNetworkPolicy(obj: KubeObject): void {
  const spec = ((obj as NetworkPolicyObject).spec ??= {});
  // podSelector is a non-pointer struct without omitempty: Go always writes it, `{}` at least.
  if (spec.podSelector == null) spec.podSelector = {};
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])])
    for (const port of rule?.ports ?? []) if (port) port.protocol ??= 'TCP';
  if ((spec.policyTypes ?? []).length === 0) {
    spec.policyTypes = ['Ingress'];
    if ((spec.egress ?? []).length > 0) spec.policyTypes.push('Egress');
  }
}

/** ValidateNetworkPolicyPort. */
function validatePort(port: NetworkPolicyPort, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol))
    causes.push(notSupported(`${path}.protocol`, port.protocol, ['TCP', 'UDP', 'SCTP']));
  const end = port.endPort;
  if (typeof port.port === 'number') {
    for (const msg of isValidPortNum(port.port))
      causes.push(invalid(`${path}.port`, port.port, msg));
    if (end !== undefined) {
      if (end < port.port)
        causes.push(invalid(`${path}.endPort`, end, 'must be greater than or equal to `port`'));
      for (const msg of isValidPortNum(end)) causes.push(invalid(`${path}.endPort`, end, msg));
    }
  } else if (typeof port.port === 'string') {
    if (end !== undefined)
      causes.push(
        invalid(`${path}.endPort`, end, 'may not be specified when `port` is non-numeric'),
      );
    for (const msg of isValidPortName(port.port))
      causes.push(invalid(`${path}.port`, port.port, msg));
  } else if (end !== undefined) {
    causes.push(
      invalid(`${path}.endPort`, end, 'may not be specified when `port` is not specified'),
    );
  }
  return causes;
}

const INVALID_CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** ValidateIPBlock. */
function validateIPBlock(block: NonNullable<NetworkPolicyPeer['ipBlock']>, path: string) {
  if (!block.cidr) return [required(`${path}.cidr`)];
  const cidr = parseCIDRSloppy(block.cidr);
  if (!cidr) return [invalid(`${path}.cidr`, block.cidr, INVALID_CIDR)];
  const causes: FieldCause[] = [];
  (block.except ?? []).forEach((value, i) => {
    const except = parseCIDRSloppy(value);
    if (!except) causes.push(invalid(`${path}.except[${i}]`, value, INVALID_CIDR));
    else if (!cidrContains(cidr, except.bytes) || cidr.bits >= except.bits)
      causes.push(invalid(`${path}.except[${i}]`, value, 'must be a strict subset of `cidr`'));
  });
  return causes;
}

/** ValidateNetworkPolicyPeer: exactly one kind of peer when it is an ipBlock. */
function validatePeer(peer: NetworkPolicyPeer, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  let peers = 0;
  if (peer.podSelector) {
    peers++;
    causes.push(...validateLabelSelector(peer.podSelector, `${path}.podSelector`));
  }
  if (peer.namespaceSelector) {
    peers++;
    causes.push(...validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`));
  }
  if (peer.ipBlock) {
    peers++;
    causes.push(...validateIPBlock(peer.ipBlock, `${path}.ipBlock`));
  }
  if (peers === 0) causes.push(required(path, 'must specify a peer'));
  else if (peers > 1 && peer.ipBlock)
    causes.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return causes;
}

function validateRules(rules: Rule[] | undefined, path: string, peersKey: 'from' | 'to') {
  const causes: FieldCause[] = [];
  (rules ?? []).forEach((rule, i) => {
    const rulePath = `${path}[${i}]`;
    (rule?.ports ?? []).forEach((port, j) =>
      causes.push(...validatePort(port ?? {}, `${rulePath}.ports[${j}]`)),
    );
    (rule?.[peersKey] ?? []).forEach((peer, j) =>
      causes.push(...validatePeer(peer ?? {}, `${rulePath}.${peersKey}[${j}]`)),
    );
  });
  return causes;
}

/** ValidateNetworkPolicySpec. */
function validateSpec(spec: NetworkPolicySpec): FieldCause[] {
  const causes = [
    ...validateLabelSelector(spec.podSelector ?? {}, 'spec.podSelector'),
    ...validateRules(spec.ingress, 'spec.ingress', 'from'),
    ...validateRules(spec.egress, 'spec.egress', 'to'),
  ];
  const types = spec.policyTypes ?? [];
  if (types.length > 2) {
    const go = `[]networking.PolicyType{${types.map((t) => goQuote(String(t))).join(', ')}}`;
    causes.push(invalid('spec.policyTypes', { go }, 'may not specify more than two policyTypes'));
    return causes;
  }
  types.forEach((type, i) => {
    if (type !== 'Ingress' && type !== 'Egress')
      causes.push(notSupported(`spec.policyTypes[${i}]`, type, ['Ingress', 'Egress']));
  });
  return causes;
}

export const networkPolicyStrategy: ResourceStrategy = {
  default: defaultNetworkPolicy,
  validate(obj, previous) {
    const causes = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
    if (previous) causes.push(...validateObjectMetaUpdate(obj, previous));
    causes.push(...validateSpec((obj as NetworkPolicyObject).spec ?? {}));
    return causes;
  },
};
