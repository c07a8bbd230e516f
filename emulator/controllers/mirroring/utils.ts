/**
 * What the EndpointSlice mirroring controller wants for an Endpoints object (upstream
 * pkg/controller/endpointslicemirroring/utils.go and reconciler_helpers.go): its repacked
 * subsets split by (address type, port set), at most `maxPerSubset` addresses per subset (ready
 * ones first), invalid IPs dropped; slices labelled `endpointslice.kubernetes.io/managed-by:
 * endpointslicemirroring-controller.k8s.io` and the Service name, with the Endpoints' labels and
 * annotations (not last-applied-configuration or the trigger time), owned by the Endpoints.
 * Endpoints labelled `endpointslice.kubernetes.io/skip-mirror: "true"` or carrying the
 * leader-election annotation are not mirrored. Pure.
 */
import type { KubeObject } from '../../core/types';
import { newControllerRef } from '../controller-ref';
import {
  type EndpointSlice,
  type SliceEndpoint,
  type SlicePort,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  endpointKey,
  portMapKey,
} from '../endpointslice/utils';
import { type EndpointAddress, type EndpointSubset, repackSubsets } from '../repack';
import { LAST_CHANGE_TRIGGER_TIME } from '../trigger-time';
import { canonicalIP } from '../../core/ip';
import { type Labels } from '../../core/label-selectors';
import { MIRRORING_CONTROLLER_NAME } from '../../core/managed-by';

export { MIRRORING_CONTROLLER_NAME };
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
export const DEFAULT_MAX_ENDPOINTS_PER_SUBSET = 1000;
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** upstream shouldMirror (the Service conditions are checked separately). */
export function shouldMirror(endpoints: KubeObject | undefined): boolean {
  if (!endpoints) return false;
  if (endpoints.metadata.labels?.[SKIP_MIRROR_LABEL] === 'true') return false;
  if (endpoints.metadata.annotations?.[LEADER_ANNOTATION] !== undefined) return false;
  return true;
}

function addressToEndpoint(address: EndpointAddress, ready: boolean) {
  const parsed = canonicalIP(address.ip);
  if (!parsed) return undefined;
  const endpoint: SliceEndpoint = { addresses: [parsed.ip], conditions: { ready } };
  if (address.hostname) endpoint.hostname = address.hostname;
  if (address.nodeName !== undefined) endpoint.nodeName = address.nodeName;
  if (address.targetRef) endpoint.targetRef = address.targetRef;
  return { endpoint, addressType: parsed.family };
}

function slicePorts(ports: EndpointSubset['ports']): SlicePort[] {
  return (ports ?? []).map((p) => {
    const out: SlicePort = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
    if (p.appProtocol !== undefined) out.appProtocol = p.appProtocol;
    return out;
  });
}

export function mirroredLabelsAndAnnotations(endpoints: KubeObject): [Labels, Labels] {
  const labels: Labels = { ...(endpoints.metadata.labels ?? {}) };
  labels[SERVICE_NAME_LABEL] = endpoints.metadata.name ?? '';
  labels[MANAGED_BY_LABEL] = MIRRORING_CONTROLLER_NAME;
  const annotations: Labels = { ...(endpoints.metadata.annotations ?? {}) };
  delete annotations[LAST_CHANGE_TRIGGER_TIME];
  delete annotations[LAST_APPLIED];
  return [labels, annotations];
}

export function newMirroredSlice(
  endpoints: KubeObject,
  ports: SlicePort[],
  addressType: string,
  name: string | undefined,
): EndpointSlice {
  const [labels, annotations] = mirroredLabelsAndAnnotations(endpoints);
  const metadata: KubeObject['metadata'] = {
    namespace: endpoints.metadata.namespace,
    labels,
    ownerReferences: [newControllerRef(endpoints, 'v1', 'Endpoints')],
  };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  if (name) metadata.name = name;
  else metadata.generateName = `${endpoints.metadata.name}-`;
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata,
    addressType,
    endpoints: [],
    ports,
  };
}

export interface MirroredGroup {
  ports: SlicePort[];
  addressType: string;
  endpoints: Map<string, SliceEndpoint>;
}

/** Slices group by address type and port set. */
export const mirrorKey = (addressType: string, ports: readonly SlicePort[] | null | undefined) =>
  `${addressType}-${portMapKey(ports)}`;

/**
 * What upstream's mirroring reconciler wants for an Endpoints object. `skipped` counts both
 * invalid and over-the-cap addresses, as upstream.
 */
export function desiredMirroredSlices(
  endpoints: KubeObject,
  maxPerSubset: number,
): { desired: Map<string, MirroredGroup>; invalid: number; skipped: number } {
  const desired = new Map<string, MirroredGroup>();
  let invalid = 0;
  let skipped = 0;
  for (const subset of repackSubsets((endpoints.subsets as EndpointSubset[] | undefined) ?? [])) {
    const ports = slicePorts(subset.ports);
    const total = (subset.addresses?.length ?? 0) + (subset.notReadyAddresses?.length ?? 0);
    let added = 0;
    const add = (address: EndpointAddress, ready: boolean) => {
      const converted = addressToEndpoint(address, ready);
      if (!converted) {
        invalid++;
        return;
      }
      const key = mirrorKey(converted.addressType, ports);
      let group = desired.get(key);
      if (!group) {
        group = { ports, addressType: converted.addressType, endpoints: new Map() };
        desired.set(key, group);
      }
      group.endpoints.set(endpointKey(converted.endpoint), converted.endpoint);
      added++;
    };
    for (const address of subset.addresses ?? []) {
      if (added >= maxPerSubset) break;
      add(address, true);
    }
    for (const address of subset.notReadyAddresses ?? []) {
      if (added >= maxPerSubset) break;
      add(address, false);
    }
    skipped += total - added;
  }
  return { desired, invalid, skipped };
}
