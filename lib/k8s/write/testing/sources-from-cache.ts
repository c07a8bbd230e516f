/**
 * The internal-address facts' sources made from scratch out of a cache's records, sorted by
 * namespace/name as a LIST returns them: the way the hub answered before it kept an address
 * index (address-index.ts), and so what the index must agree with (its test) and what it is
 * measured against (bench/diagnosis-route.ts).
 */
import type { SlimRecord } from '../../../topology/records';
import type { ClusterCache } from '../../cache';
import type { FactSources } from '../fact-sources';

const byNamespaceName = (a: SlimRecord, b: SlimRecord) =>
  a.meta.namespace !== b.meta.namespace
    ? a.meta.namespace < b.meta.namespace
      ? -1
      : 1
    : a.meta.name === b.meta.name
      ? 0
      : a.meta.name < b.meta.name
        ? -1
        : 1;

const ref = (m: { namespace: string; name: string }) =>
  m.namespace ? `${m.namespace}/${m.name}` : m.name;

export function sourcesFromCache(
  cache: ClusterCache,
  serviceCidrs: FactSources['serviceCidrs'],
): FactSources {
  const kubernetes = cache
    .list('Endpoints')
    .find((e) => e.meta.namespace === 'default' && e.meta.name === 'kubernetes');
  return {
    namespaces: cache
      .list('Namespace')
      .map((n) => n.meta.name)
      .sort(),
    services: cache
      .list('Service')
      .sort(byNamespaceName)
      .map((s) => ({
        ref: ref(s.meta),
        clusterIPs: [...(s.clusterIPs ?? []), ...(s.clusterIP ? [s.clusterIP] : [])],
        externalIPs: s.externalIPs ?? [],
      })),
    pods: cache
      .list('Pod')
      .sort(byNamespaceName)
      .map((p) => ({
        ref: ref(p.meta),
        ips: [...(p.podIP ? [p.podIP] : []), ...(p.podIPs ?? [])],
      })),
    nodes: cache
      .list('Node')
      .sort(byNamespaceName)
      .map((n) => ({
        ref: n.meta.name,
        podCIDRs: n.podCIDRs ?? [],
        addresses:
          n.addresses ?? (n.internalIP ? [{ type: 'InternalIP', address: n.internalIP }] : []),
      })),
    serviceCidrs,
    apiServer: (kubernetes?.subsets ?? []).flatMap((s) => s.addresses.map((a) => a.ip)),
  };
}
