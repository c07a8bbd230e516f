/**
 * filterTopology: the map's namespace filter, search box and "only problems" toggle, as a pure
 * function over a Topology (model.ts).
 *
 * Contract: the result is a Topology made of whole Service subgraphs — a Service is kept with all
 * its endpoints, their targets and its overlay edges, or not at all — in the input's order, so
 * layout stays stable and ids are unchanged. Filters combine with AND.
 * Search, case-insensitive; several words must all match (each anywhere in the Service's subgraph):
 * - `key=value` (or `key==value`): a label of the Service, a pair of its selector, or a label of
 *   one of its pods;
 * - an IP prefix (`10.244.`, `10.96.0.1`, `fd00:`): an endpoint address, a pod IP or the ClusterIP;
 * - anything else: a substring of the Service's name or `namespace/name`, a pod name, an external
 *   address or an ExternalName.
 */
import type { HealthState, PodNode, ServiceNode, Topology, TopologyEdge } from './model';
import { parseLabelEquality } from './selector';

export interface TopologyFilter {
  /** Keep only Services in these namespaces (empty or absent: all). */
  namespaces?: readonly string[];
  search?: string;
  /** Keep only Services whose health is broken or warning. */
  onlyProblems?: boolean;
}

const PROBLEM: ReadonlySet<HealthState> = new Set(['broken', 'warning']);
const IPV4_PREFIX = /^\d{1,3}\.(\d{1,3}\.?){0,3}$|^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6_PREFIX = /^[0-9a-f]*:[0-9a-f:.]*$/;

type Matcher = (s: SubgraphView) => boolean;

interface SubgraphView {
  service: ServiceNode;
  endpoints: { address: string }[];
  pods: PodNode[];
  externals: { address: string }[];
}

function compileToken(token: string): Matcher {
  const lower = token.toLowerCase();
  const eq = parseLabelEquality(token);
  if (eq) {
    const [k, v] = eq;
    return ({ service, pods }) =>
      service.labels[k] === v || service.selector?.[k] === v || pods.some((p) => p.labels[k] === v);
  }
  if (IPV4_PREFIX.test(lower) || IPV6_PREFIX.test(lower)) {
    return ({ service, endpoints, pods }) =>
      (service.clusterIP?.toLowerCase().startsWith(lower) ?? false) ||
      endpoints.some((e) => e.address.toLowerCase().startsWith(lower)) ||
      pods.some((p) => p.ip?.toLowerCase().startsWith(lower) ?? false);
  }
  return ({ service, pods, externals }) =>
    `${service.namespace}/${service.name}`.toLowerCase().includes(lower) ||
    (service.externalName?.toLowerCase().includes(lower) ?? false) ||
    pods.some((p) => p.name.toLowerCase().includes(lower)) ||
    externals.some((x) => x.address.toLowerCase().includes(lower));
}

export function filterTopology(topology: Topology, filter: TopologyFilter): Topology {
  const namespaces =
    filter.namespaces && filter.namespaces.length ? new Set(filter.namespaces) : undefined;
  const tokens = (filter.search ?? '').trim().split(/\s+/).filter(Boolean);
  if (!namespaces && !filter.onlyProblems && tokens.length === 0) return topology;
  const matchers = tokens.map(compileToken);

  let candidates = topology.services;
  if (namespaces) candidates = candidates.filter((s) => namespaces.has(s.namespace));
  if (filter.onlyProblems) candidates = candidates.filter((s) => PROBLEM.has(s.health));

  const edgesBySource = new Map<string, TopologyEdge[]>();
  for (const e of topology.edges) {
    const list = edgesBySource.get(e.source);
    if (list) list.push(e);
    else edgesBySource.set(e.source, [e]);
  }
  const endpointsByService = new Map<string, Topology['endpoints']>();
  for (const ep of topology.endpoints) {
    const list = endpointsByService.get(ep.serviceId);
    if (list) list.push(ep);
    else endpointsByService.set(ep.serviceId, [ep]);
  }
  const podById = new Map(topology.pods.map((p) => [p.id, p]));
  const externalById = new Map(topology.externals.map((x) => [x.id, x]));

  const keptServices = new Set<string>();
  for (const service of candidates) {
    if (matchers.length) {
      const endpoints = endpointsByService.get(service.id) ?? [];
      const pods: PodNode[] = [];
      const externals: { address: string }[] = [];
      for (const source of [service.id, ...endpoints.map((e) => e.id)]) {
        for (const edge of edgesBySource.get(source) ?? []) {
          const pod = podById.get(edge.target);
          if (pod) pods.push(pod);
          const ext = externalById.get(edge.target);
          if (ext) externals.push(ext);
        }
      }
      const view = { service, endpoints, pods, externals };
      if (!matchers.every((m) => m(view))) continue;
    }
    keptServices.add(service.id);
  }

  const keptEndpoints = new Set<string>();
  for (const ep of topology.endpoints) if (keptServices.has(ep.serviceId)) keptEndpoints.add(ep.id);
  const edges = topology.edges.filter(
    (e) => keptServices.has(e.source) || keptEndpoints.has(e.source),
  );
  const targets = new Set(edges.map((e) => e.target));
  return {
    services: topology.services.filter((s) => keptServices.has(s.id)),
    endpoints: topology.endpoints.filter((e) => keptEndpoints.has(e.id)),
    pods: topology.pods.filter((p) => targets.has(p.id)),
    externals: topology.externals.filter((x) => targets.has(x.id)),
    edges,
  };
}
