/**
 * v1 Endpoints and discovery.k8s.io/v1 EndpointSlices: defaults (port protocol TCP, slice port
 * name "", deprecatedTopology and the gated hints.forNodes dropped as the v1 API does) and
 * validation after upstream's ValidateEndpoints (pkg/apis/core/validation) and ValidateEndpointSlice
 * (pkg/apis/discovery/validation), with their messages. Neither checks for "foreign" IPs
 * (CVE-2021-25740): like upstream, only the special ranges are refused; a slice's `zone` and
 * `ports[].port` are not checked at all, as upstream does not.
 */
import { deepEqual } from '../../core/deep-equal';
import type { FieldCause, KubeObject, ResourceStrategy } from '../../core/types';
import {
  duplicate,
  internalError,
  invalid,
  notSupported,
  required,
  tooMany,
} from '../../core/field-errors';
import {
  ENDPOINTS_CONTROLLER_NAME,
  ENDPOINTS_MANAGED_BY,
  ENDPOINTSLICE_CONTROLLER_NAME,
  MANAGED_BY_LABEL,
  MIRRORING_CONTROLLER_NAME,
} from '../../core/managed-by';
import {
  ipWarnings,
  validateEndpointIP,
  validateIP,
  validateIPv4Address,
  validateIPv6Address,
} from '../validation/ip';
import {
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../core/object-meta-validation';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortNum,
  nameIsDNSSubdomain,
} from '../../core/names';
import { PROTOCOLS } from './pod-spec';

interface EndpointAddress {
  ip?: string;
  hostname?: string;
  nodeName?: string;
}
interface EndpointPort {
  name?: string | null;
  port?: number | null;
  protocol?: string | null;
  appProtocol?: string | null;
}
interface Subset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

// --- Endpoints ---------------------------------------------------------------------------------

function validateEndpointAddress(a: EndpointAddress, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const ip = typeof a.ip === 'string' ? a.ip : '';
  const ipErrs = validateIP(`${path}.ip`, ip);
  causes.push(...ipErrs);
  if (a.hostname)
    for (const msg of isDNS1123Label(a.hostname))
      causes.push(invalid(`${path}.hostname`, a.hostname, msg));
  // nodeName is a pointer upstream: present-but-empty is invalid.
  if (a.nodeName !== undefined && a.nodeName !== null)
    for (const msg of isDNS1123Subdomain(String(a.nodeName)))
      causes.push(invalid(`${path}.nodeName`, String(a.nodeName), msg));
  // 1.33 runs both checks, so an unparsable IP is reported twice (two different texts).
  causes.push(...validateEndpointIP(`${path}.ip`, ip));
  return causes;
}

function validateCorePort(p: EndpointPort, requireName: boolean, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = p.name ?? '';
  if (requireName && !name) causes.push(required(`${path}.name`));
  else if (name)
    for (const msg of isDNS1123Label(name)) causes.push(invalid(`${path}.name`, name, msg));
  for (const msg of isValidPortNum(p.port ?? 0))
    causes.push(invalid(`${path}.port`, p.port ?? 0, msg));
  causes.push(...validatePortProtocols(p, path));
  return causes;
}

/** The protocol and appProtocol of a port, the same rule for Endpoints and EndpointSlices. */
function validatePortProtocols(p: EndpointPort, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!p.protocol) causes.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(p.protocol))
    causes.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
  if (p.appProtocol !== undefined && p.appProtocol !== null)
    for (const msg of isQualifiedName(p.appProtocol))
      causes.push(invalid(`${path}.appProtocol`, p.appProtocol, msg));
  return causes;
}

export function validateEndpoints(obj: KubeObject, previous?: KubeObject): FieldCause[] {
  const causes = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
  const subsets = Array.isArray(obj.subsets) ? (obj.subsets as Subset[]) : [];
  subsets.forEach((ss, i) => {
    const path = `subsets[${i}]`;
    const addresses = ss.addresses ?? [];
    const notReady = ss.notReadyAddresses ?? [];
    if (addresses.length === 0 && notReady.length === 0)
      causes.push(required(path, 'must specify `addresses` or `notReadyAddresses`'));
    addresses.forEach((a, j) =>
      causes.push(...validateEndpointAddress(a, `${path}.addresses[${j}]`)),
    );
    notReady.forEach((a, j) =>
      causes.push(...validateEndpointAddress(a, `${path}.notReadyAddresses[${j}]`)),
    );
    const ports = ss.ports ?? [];
    ports.forEach((p, k) =>
      causes.push(...validateCorePort(p, ports.length > 1, `${path}.ports[${k}]`)),
    );
  });
  if (previous) causes.push(...validateObjectMetaUpdate(obj, previous));
  return causes;
}

/**
 * upstream's endpointsWarnings (1.33+, on create and update): each address in a non-standard
 * form, except on what the endpoints controller wrote (it writes canonical IPs).
 */
export function endpointsWarnings(obj: KubeObject, minorVersion: number): string[] {
  if (minorVersion < 33) return [];
  if (obj.metadata.labels?.[ENDPOINTS_MANAGED_BY] === ENDPOINTS_CONTROLLER_NAME) return [];
  const subsets = Array.isArray(obj.subsets) ? (obj.subsets as Subset[]) : [];
  return subsets.flatMap((ss, i) =>
    (['addresses', 'notReadyAddresses'] as const).flatMap((list) =>
      (ss[list] ?? []).flatMap((a, j) =>
        typeof a.ip === 'string' ? ipWarnings(`subsets[${i}].${list}[${j}].ip`, a.ip) : [],
      ),
    ),
  );
}

export const endpointsStrategy: ResourceStrategy = {
  default(obj) {
    for (const ss of (Array.isArray(obj.subsets) ? obj.subsets : []) as Subset[])
      for (const p of ss.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
  },
  validate: (obj, previous) => validateEndpoints(obj, previous),
  warningsOnCreate: endpointsWarnings,
  warningsOnUpdate: (obj, _previous, minorVersion) => endpointsWarnings(obj, minorVersion),
};

// --- EndpointSlices ----------------------------------------------------------------------------

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_TOPOLOGY_LABELS = 16;
const MAX_ZONE_HINTS = 8;
const ZONE_LABEL = 'topology.kubernetes.io/zone';

interface SliceEndpoint {
  addresses?: string[];
  nodeName?: string | null;
  hostname?: string | null;
  zone?: string | null;
  deprecatedTopology?: Record<string, string>;
  hints?: { forZones?: { name?: string }[]; forNodes?: { name?: string }[] | null };
  conditions?: Record<string, unknown>;
}

/** IsFullyQualifiedDomainName (apimachinery): a subdomain with at least two segments. */
function validateFQDN(path: string, name: string): FieldCause[] {
  if (!name) return [required(path)];
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  const errs = isDNS1123Subdomain(n);
  if (errs.length > 0) return [invalid(path, n, errs.join(','))];
  if (n.split('.').length < 2)
    return [invalid(path, n, 'should be a domain with at least two segments separated by dots')];
  for (const label of n.split('.')) {
    const le = isDNS1123Label(label);
    if (le.length > 0) return [invalid(path, label, le.join(','))];
  }
  return [];
}

/** validateHints: too many zones is reported alone; otherwise each name is checked. */
function validateZoneHints(zones: { name?: string }[], path: string): FieldCause[] {
  if (zones.length > MAX_ZONE_HINTS)
    return [tooMany(`${path}.forZones`, zones.length, MAX_ZONE_HINTS)];
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  zones.forEach((z, k) => {
    const zp = `${path}.forZones[${k}].name`;
    const name = z.name ?? '';
    if (seen.has(name)) causes.push(duplicate(zp, name));
    seen.add(name);
    for (const msg of isValidLabelValue(name)) causes.push(invalid(zp, name, msg));
  });
  return causes;
}

/** ValidateEndpointSlice(Create/Update) as the given minor (default 33) serves it. */
export function validateEndpointSlice(
  obj: KubeObject,
  previous?: KubeObject,
  minorVersion = 33,
): FieldCause[] {
  const causes = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
  const addressType = typeof obj.addressType === 'string' ? obj.addressType : '';
  if (!addressType) causes.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(addressType))
    causes.push(notSupported('addressType', addressType, ADDRESS_TYPES));

  const endpoints = Array.isArray(obj.endpoints) ? (obj.endpoints as SliceEndpoint[]) : [];
  if (endpoints.length > MAX_ENDPOINTS) {
    causes.push(tooMany('endpoints', endpoints.length, MAX_ENDPOINTS));
  } else {
    endpoints.forEach((ep, i) => {
      const path = `endpoints[${i}]`;
      const addresses = Array.isArray(ep.addresses) ? ep.addresses : [];
      if (addresses.length === 0)
        causes.push(required(`${path}.addresses`, 'must contain at least 1 address'));
      else if (addresses.length > MAX_ADDRESSES)
        causes.push(tooMany(`${path}.addresses`, addresses.length, MAX_ADDRESSES));
      addresses.forEach((address, j) => {
        const ap = `${path}.addresses[${j}]`;
        if (addressType === 'IPv4' || addressType === 'IPv6') {
          const errs =
            addressType === 'IPv4'
              ? validateIPv4Address(ap, address)
              : validateIPv6Address(ap, address);
          causes.push(...errs);
          // Before 1.33 ValidateEndpointIP ran whatever the family check said, so an unparsable
          // address also got "must be a valid IP address" and one of the other family its
          // special-range errors; 1.33 runs it only on an address of the slice's family.
          if (errs.length === 0 || minorVersion < 33)
            causes.push(...validateEndpointIP(ap, address));
        } else if (addressType === 'FQDN') {
          causes.push(...validateFQDN(ap, address));
        }
      });
      if (ep.nodeName !== undefined && ep.nodeName !== null)
        for (const msg of isDNS1123Subdomain(ep.nodeName))
          causes.push(invalid(`${path}.nodeName`, ep.nodeName, msg));
      const topology = ep.deprecatedTopology ?? {};
      if (Object.keys(topology).length > MAX_TOPOLOGY_LABELS)
        causes.push(
          tooMany(`${path}.deprecatedTopology`, Object.keys(topology).length, MAX_TOPOLOGY_LABELS),
        );
      causes.push(...validateLabels(topology, `${path}.deprecatedTopology`));
      // The v1beta1 conversion moved this key to `zone`; seeing it means a conversion bug.
      if (ZONE_LABEL in topology)
        causes.push(
          internalError(
            `${path}.deprecatedTopology[${ZONE_LABEL}]`,
            'reserved key was not removed in conversion',
          ),
        );
      if (ep.hostname !== undefined && ep.hostname !== null)
        for (const msg of isDNS1123Label(ep.hostname))
          causes.push(invalid(`${path}.hostname`, ep.hostname, msg));
      if (ep.hints) causes.push(...validateZoneHints(ep.hints.forZones ?? [], `${path}.hints`));
    });
  }

  const ports = Array.isArray(obj.ports) ? (obj.ports as EndpointPort[]) : [];
  if (ports.length > MAX_PORTS) {
    causes.push(tooMany('ports', ports.length, MAX_PORTS));
  } else {
    const names = new Set<string>();
    ports.forEach((p, i) => {
      const path = `ports[${i}]`;
      const name = p.name ?? '';
      if (name)
        for (const msg of isDNS1123Label(name)) causes.push(invalid(`${path}.name`, name, msg));
      if (names.has(name)) causes.push(duplicate(`${path}.name`, name));
      names.add(name);
      causes.push(...validatePortProtocols(p, path));
    });
  }

  if (previous) {
    causes.push(...validateObjectMetaUpdate(obj, previous));
    const before = typeof previous.addressType === 'string' ? previous.addressType : '';
    if (before && addressType !== before)
      causes.push(invalid('addressType', addressType, 'field is immutable'));
  }
  return causes;
}

const HOSTNAME_LABEL = 'kubernetes.io/hostname';

const sliceEndpoints = (obj: KubeObject | undefined): SliceEndpoint[] =>
  Array.isArray(obj?.endpoints) ? (obj.endpoints as SliceEndpoint[]) : [];

/**
 * upstream dropTopologyOnV1 (pkg/registry/discovery/endpointslice/strategy.go): writes through
 * the v1 API, the only one served, silently drop `deprecatedTopology` — unless an update leaves
 * the endpoints as they were. A node name an older version kept there (its
 * `kubernetes.io/hostname`) moves to an endpoint without `nodeName`.
 */
function dropTopologyOnV1(obj: KubeObject, previous: KubeObject | undefined): void {
  const endpoints = sliceEndpoints(obj);
  if (previous && deepEqual(sliceEndpoints(previous), endpoints)) return;
  const previousNodes = new Set(
    sliceEndpoints(previous)
      .map((ep) => ep.deprecatedTopology?.[HOSTNAME_LABEL])
      .filter((name): name is string => typeof name === 'string' && name.length > 0),
  );
  for (const ep of endpoints) {
    const node = ep.deprecatedTopology?.[HOSTNAME_LABEL];
    if (
      (ep.nodeName === undefined || ep.nodeName === null) &&
      node !== undefined &&
      previousNodes.has(node) &&
      isDNS1123Subdomain(node).length === 0
    ) {
      ep.nodeName = node;
    }
    delete ep.deprecatedTopology;
  }
}

/**
 * upstream dropDisabledFieldsOnCreate/OnUpdate: `hints.forNodes` belongs to
 * PreferSameTrafficDistribution, alpha (off) in 1.33 and absent before, so every served release
 * drops it — unless the stored slice already uses it. `hints` itself (TopologyAwareHints, on
 * by default from 1.24) and the serving/terminating conditions (EndpointSliceTerminatingCondition,
 * GA in 1.26) are always kept.
 */
function dropDisabledNodeHints(obj: KubeObject, previous: KubeObject | undefined): void {
  if (sliceEndpoints(previous).some((ep) => ep.hints?.forNodes != null)) return;
  for (const ep of sliceEndpoints(obj)) if (ep.hints) delete ep.hints.forNodes;
}

/**
 * upstream's warnOnBadIPs (1.33+, on create and update): each address in a non-standard form,
 * except on slices the EndpointSlice or mirroring controller wrote (their IPs are canonical).
 * FQDN addresses are not IPs and get none.
 */
export function sliceAddressWarnings(obj: KubeObject, minorVersion: number): string[] {
  if (minorVersion < 33) return [];
  const manager = obj.metadata.labels?.[MANAGED_BY_LABEL];
  if (manager === ENDPOINTSLICE_CONTROLLER_NAME || manager === MIRRORING_CONTROLLER_NAME) return [];
  return sliceEndpoints(obj).flatMap((ep, i) =>
    (Array.isArray(ep.addresses) ? ep.addresses : []).flatMap((address, j) =>
      typeof address === 'string' ? ipWarnings(`endpoints[${i}].addresses[${j}]`, address) : [],
    ),
  );
}

export const endpointSliceStrategy: ResourceStrategy = {
  default(obj, previous) {
    for (const p of (Array.isArray(obj.ports) ? obj.ports : []) as EndpointPort[]) {
      if (p.name === undefined || p.name === null) p.name = '';
      if (!p.protocol) p.protocol = 'TCP';
    }
    dropDisabledNodeHints(obj, previous);
    dropTopologyOnV1(obj, previous);
  },
  validate: (obj, previous, ctx) => validateEndpointSlice(obj, previous, ctx.minorVersion),
  // warnOnDeprecatedAddressType (kubernetes#114677, 1.27+) on create only, then warnOnBadIPs.
  warningsOnCreate: (obj, minorVersion) => [
    ...(obj.addressType === 'FQDN' ? ['spec.addressType: FQDN endpoints are deprecated'] : []),
    ...sliceAddressWarnings(obj, minorVersion),
  ],
  warningsOnUpdate: (obj, _previous, minorVersion) => sliceAddressWarnings(obj, minorVersion),
};
