/**
 * What the endpoints controller writes for a Service and the pods it selects (upstream
 * pkg/controller/endpoint/endpoints_controller.go: podToEndpointAddressForService and the
 * subset building of syncService): one address per pod in the Service's IP family, ready pods in
 * `addresses` and the others in `notReadyAddresses` (all in `addresses` with
 * publishNotReadyAddresses), terminating pods only with publishNotReadyAddresses, named
 * targetPorts resolved per pod, a headless Service without ports listing bare addresses, and the
 * result repacked (repack.ts). Pure.
 */
import type { KubeObject } from '../../core/types';
import { type EndpointAddress, type EndpointSubset, repackSubsets } from '../repack';
import { type IPFamily, canonicalIP, ipFamilyOf } from '../../core/ip';
import {
  type PodLike,
  type ServiceLike,
  findPort,
  isPodReady,
  podReference,
  podIPs,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from '../util';

/** The family whose pod IP becomes the address: the Service's first, its ClusterIP's or the pod's. */
function addressFamily(service: KubeObject, pod: KubeObject): IPFamily {
  const spec = (service as ServiceLike).spec;
  if (spec?.ipFamilies && spec.ipFamilies.length > 0) {
    return spec.ipFamilies[0] === 'IPv6' ? 'IPv6' : 'IPv4';
  }
  if (spec?.clusterIP && spec.clusterIP !== 'None') return ipFamilyOf(spec.clusterIP) ?? 'IPv4';
  return ipFamilyOf((pod as PodLike).status?.podIP) ?? 'IPv4';
}

/** upstream podToEndpointAddressForService: the pod IP of the Service's (first) family. */
export function podToEndpointAddress(
  service: KubeObject,
  pod: KubeObject,
): EndpointAddress | undefined {
  const family = addressFamily(service, pod);
  let ip: string | undefined;
  for (const candidate of podIPs(pod)) {
    const parsed = canonicalIP(candidate);
    if (parsed?.family === family) {
      ip = parsed.ip;
      break;
    }
  }
  if (!ip) return undefined;
  const address: EndpointAddress = { ip };
  const nodeName = (pod as PodLike).spec?.nodeName;
  // Upstream always sets nodeName (even ""), which validation would reject; omit it instead.
  if (nodeName) address.nodeName = nodeName;
  address.targetRef = podReference(pod);
  return address;
}

/** The subsets upstream's syncService computes for a Service and its selected pods. */
export function desiredSubsets(service: KubeObject, pods: readonly KubeObject[]): EndpointSubset[] {
  const spec = (service as ServiceLike).spec ?? {};
  const publishNotReady = spec.publishNotReadyAddresses === true;
  const subsets: EndpointSubset[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const base = podToEndpointAddress(service, pod);
    if (!base) continue;
    const address: EndpointAddress = shouldSetHostname(pod, service)
      ? { ...base, hostname: (pod as PodLike).spec?.hostname }
      : base;
    const ready = publishNotReady || isPodReady(pod);
    const ports = spec.ports ?? [];
    if (ports.length === 0) {
      if (spec.clusterIP === 'None') {
        subsets.push(ready ? { addresses: [address] } : { notReadyAddresses: [address] });
      }
      continue;
    }
    for (const servicePort of ports) {
      const port = findPort(pod, servicePort);
      if (port === undefined) continue;
      const epp = {
        ...(servicePort.name ? { name: servicePort.name } : {}),
        port,
        protocol: servicePort.protocol ?? 'TCP',
        ...(servicePort.appProtocol !== undefined ? { appProtocol: servicePort.appProtocol } : {}),
      };
      subsets.push(
        ready
          ? { addresses: [address], ports: [epp] }
          : { notReadyAddresses: [address], ports: [epp] },
      );
    }
  }
  return repackSubsets(subsets);
}

/** Subsets comparable across syncs: targetRef resourceVersions ignored, empty lists explicit. */
export function comparableSubsets(subsets: readonly EndpointSubset[] | undefined): unknown {
  const strip = (a: EndpointAddress) =>
    a.targetRef ? { ...a, targetRef: { ...a.targetRef, resourceVersion: undefined } } : a;
  return (subsets ?? []).map((s) => ({
    addresses: s.addresses?.map(strip) ?? [],
    notReadyAddresses: s.notReadyAddresses?.map(strip) ?? [],
    ports: s.ports ?? [],
  }));
}
