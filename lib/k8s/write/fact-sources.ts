/**
 * The one place the internal-address facts are worded: from the namespaces, Services, pods,
 * nodes, ServiceCIDRs and the apiserver's endpoints — however they were read (fresh LISTs or the
 * hub's cache, lib/k8s/write/facts.ts and hub-facts.ts) — the ClusterFacts a write is checked
 * against (lib/topology/validation).
 *
 * Contract: every ClusterIP, external IP, pod IP, node InternalIP/ExternalIP, pod CIDR and
 * ServiceCIDR becomes one internal target, in the order of the sources given (callers give
 * them in namespace/name order, as a LIST returns them); "None" and empty values are skipped;
 * `names: false` says "a Pod", never which one. Pure.
 */
import {
  internalAddressesOf,
  type ClusterFacts,
  type InternalTarget,
} from '@/lib/topology/validation';

export interface FactSources {
  namespaces: string[];
  /** `ref` is `namespace/name` (or `name` for cluster-scoped objects). */
  services: { ref: string; clusterIPs: string[]; externalIPs: string[] }[];
  pods: { ref: string; ips: string[] }[];
  nodes: { ref: string; podCIDRs: string[]; addresses: { type: string; address: string }[] }[];
  serviceCidrs: { ref: string; cidrs: string[] }[];
  /** The addresses of Endpoints default/kubernetes. */
  apiServer: string[];
}

/** "Pod team-a/web" when naming is allowed, else "a Pod". */
const namer = (names: boolean) => (kind: string, ref: string) =>
  names ? `${kind} ${ref}` : `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`;

/** Every internal target of `sources`, in their order: the order a finding names its owner by. */
export function internalTargetsOf(
  sources: Omit<FactSources, 'namespaces'>,
  names: boolean,
): InternalTarget[] {
  const owner = namer(names);
  const targets: InternalTarget[] = [];
  for (const s of sources.services) {
    for (const ip of new Set(s.clusterIPs))
      if (ip !== 'None' && ip)
        targets.push({ address: ip, what: `ClusterIP of ${owner('Service', s.ref)}` });
    for (const ip of s.externalIPs)
      targets.push({ address: ip, what: `external IP of ${owner('Service', s.ref)}` });
  }
  for (const p of sources.pods) {
    // Host-network pods share their node's IP; that is reported as the node below too.
    for (const ip of new Set(p.ips))
      if (ip) targets.push({ address: ip, what: `IP of ${owner('Pod', p.ref)}` });
  }
  for (const n of sources.nodes) {
    for (const cidr of new Set(n.podCIDRs))
      targets.push({ address: cidr, what: `pod CIDR of ${owner('Node', n.ref)}` });
    for (const a of n.addresses) {
      if (a.address && (a.type === 'InternalIP' || a.type === 'ExternalIP'))
        targets.push({ address: a.address, what: `${a.type} of ${owner('Node', n.ref)}` });
    }
  }
  for (const c of sources.serviceCidrs) {
    for (const cidr of c.cidrs)
      targets.push({ address: cidr, what: `service CIDR of ${owner('ServiceCIDR', c.ref)}` });
  }
  for (const ip of sources.apiServer)
    targets.push({
      address: ip,
      what: 'the Kubernetes API server, as Endpoints default/kubernetes lists it',
    });
  return targets;
}

export function factsOf(sources: FactSources, names: boolean): ClusterFacts {
  return {
    namespaces: sources.namespaces,
    internal: internalAddressesOf(internalTargetsOf(sources, names)),
  };
}
