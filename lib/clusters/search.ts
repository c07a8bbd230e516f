/**
 * Cross-cluster search over one cluster's map: which Services a query finds, and why each matched.
 *
 * Contract: pure. The query means what the map's search box means (lib/graph/search.ts): tokens
 * separated by spaces — `k=v` a label (of the Service, its selector or a pod it targets), an IP
 * or IP prefix (its cluster IP, an endpoint address, a targeted pod's IP), else text (part of
 * `namespace/name`, an ExternalName, a targeted pod's name) — and a Service matches when every
 * token does. Each match says what matched, once per token kind, e.g. `endpoint 10.30.0.15 (pod
 * web-1)`, so a list across clusters can show why each line is there.
 */
import type { SearchMatch, SearchMatchKind } from '../api/clusters';
import type { ServiceContext } from '../graph/draw-types';
import { matchesQuery, parseQuery, type QueryToken } from '../graph/search';
import { indexTopology } from '../graph/topology-index';
import type { PodNode, Topology } from '../topology/model';

function why(token: QueryToken, ctx: ServiceContext, pods: Map<string, PodNode>): string {
  const { service } = ctx;
  const targets = [
    ...ctx.overlayPods,
    ...ctx.endpoints.flatMap((e) => {
      const pod = e.targetId ? pods.get(e.targetId) : undefined;
      return pod ? [pod] : [];
    }),
  ];
  switch (token.kind) {
    case 'label': {
      const label = `${token.key}=${token.value}`;
      if (service.labels[token.key] === token.value) return `label ${label}`;
      if (service.selector?.[token.key] === token.value) return `selector ${label}`;
      const pod = targets.find((p) => p.labels[token.key] === token.value);
      return `pod ${pod?.name ?? '?'} has ${label}`;
    }
    case 'ip': {
      if ((service.clusterIP ?? '').startsWith(token.value))
        return `cluster IP ${service.clusterIP}`;
      const endpoint = ctx.endpoints.find((e) => e.address.startsWith(token.value));
      if (endpoint) {
        const target = endpoint.targetId ? pods.get(endpoint.targetId) : undefined;
        const ref = endpoint.targetRef;
        const what = target
          ? ` (pod ${target.name})`
          : ref
            ? ` (${ref.kind.toLowerCase()} ${ref.name})`
            : '';
        const condition = endpoint.ready ? '' : `, ${endpoint.condition}`;
        return `endpoint ${endpoint.address}${what}${condition}`;
      }
      const pod = targets.find((p) => (p.ip ?? '').startsWith(token.value));
      return `pod ${pod?.name ?? '?'} has IP ${pod?.ip ?? token.value}`;
    }
    case 'text': {
      const full = `${service.namespace}/${service.name}`;
      if (full.toLowerCase().includes(token.value)) return `name ${full}`;
      if (service.externalName?.toLowerCase().includes(token.value)) {
        return `ExternalName ${service.externalName}`;
      }
      const pod = targets.find((p) => p.name.toLowerCase().includes(token.value));
      return `pod ${pod?.name ?? token.value}`;
    }
  }
}

const KIND: Record<QueryToken['kind'], SearchMatchKind> = {
  label: 'label',
  ip: 'ip',
  text: 'name',
};

/** The Services of `topology` that `query` finds, in the map's order (namespace/name). */
export function searchTopology(cluster: string, topology: Topology, query: string): SearchMatch[] {
  const tokens = parseQuery(query);
  if (tokens.length === 0) return [];
  const index = indexTopology(topology);
  const out: SearchMatch[] = [];
  for (const service of topology.services) {
    const ctx: ServiceContext = {
      service,
      endpoints: index.endpointsByService.get(service.id) ?? [],
      overlayPods: index.overlayByService.get(service.id) ?? [],
    };
    if (!matchesQuery(tokens, ctx, index.pods)) continue;
    const matched = new Map<SearchMatchKind, string>();
    for (const token of tokens) {
      const kind = KIND[token.kind];
      if (!matched.has(kind)) matched.set(kind, why(token, ctx, index.pods));
    }
    out.push({
      cluster,
      namespace: service.namespace,
      name: service.name,
      type: service.serviceType,
      health: service.health,
      matched: [...matched].map(([kind, detail]) => ({ kind, detail })),
    });
  }
  return out;
}
