/**
 * From a Topology to what is drawn: filtering (namespaces, search, "only problems") and
 * aggregation (big endpoint sets and whole namespaces collapse into group nodes), producing a
 * `DrawGraph` that both the renderer and the accessible outline read — so the outline lists
 * exactly what the graph shows (DESIGN.md, Contracts).
 *
 * Contract: pure and deterministic. Blocks are ordered by namespace/name; inside a block, the
 * column lists are sorted; node ids are topology ids (`svc:`, `ep:`, `pod:`, `ext:`, `dns:`), and
 * group nodes use `grp:eps:<service id>` and `grp:ns:<namespace>`.
 */
import type {
  EdgeKind,
  EndpointCondition,
  EndpointNode,
  ExternalNode,
  HealthState,
  PodNode,
  ServiceNode,
  Topology,
} from '../topology/model';

export type DrawKind =
  'service' | 'endpoint' | 'pod' | 'external' | 'endpoint-group' | 'namespace-group';

export interface GroupSummary {
  count: number;
  ready: number;
  notReady: number;
  terminating: number;
  /** Namespace groups: Services with a problem. */
  problems?: number;
}

export interface DrawNode {
  id: string;
  kind: DrawKind;
  column: 0 | 1 | 2;
  /** The block (Service, or collapsed namespace) this node is laid out in. */
  block: string;
  service?: ServiceNode;
  endpoint?: EndpointNode;
  pod?: PodNode;
  external?: ExternalNode;
  group?: GroupSummary;
  /** For namespace groups. */
  namespace?: string;
  health?: HealthState;
  condition?: EndpointCondition;
  /** A pod the selector matches that is not an endpoint. */
  overlay?: boolean;
}

export type DrawEdgeKind = EdgeKind | 'group';

export interface DrawEdge {
  id: string;
  source: string;
  target: string;
  kind: DrawEdgeKind;
  condition?: EndpointCondition;
}

export interface DrawBlock {
  id: string;
  /** Node ids per column, in display order. */
  columns: [string[], string[], string[]];
}

/** One outline entry: the tree mirrors blocks → endpoints → targets. */
export interface OutlineEntry {
  /** Unique per tree position (a shared pod appears under each Service that routes to it). */
  key: string;
  nodeId: string;
  level: number;
  parentKey?: string;
  children: OutlineEntry[];
}

export interface DrawGraph {
  nodes: Map<string, DrawNode>;
  edges: DrawEdge[];
  blocks: DrawBlock[];
  outline: OutlineEntry[];
  /** Services after filtering (before aggregation), for counts shown in the toolbar. */
  matchedServices: number;
  totalServices: number;
  collapsedNamespaces: string[];
}

export interface ViewOptions {
  /** Namespaces to show; empty means all. */
  namespaces?: readonly string[];
  query?: string;
  problemsOnly?: boolean;
  /** Group ids the user expanded (`grp:eps:…`, `grp:ns:…`). */
  expanded?: ReadonlySet<string>;
  /** Draw everything, no aggregation (bench, or the user's explicit choice). */
  drawAll?: boolean;
  /** A Service above this many endpoints collapses them into one group node. */
  maxEndpointsPerService?: number;
  /** Default drawn-node budget (targets C3). */
  maxDrawnNodes?: number;
  /** Never collapse the namespace of this Service id (the focused one). */
  keepServiceId?: string;
}

export const DEFAULT_MAX_ENDPOINTS = 50;
export const DEFAULT_MAX_DRAWN = 5000;

const HEALTH_RANK: Record<HealthState, number> = { broken: 0, warning: 1, unknown: 2, healthy: 3 };

export function healthRank(health: HealthState): number {
  return HEALTH_RANK[health];
}

const IP_LIKE = /^[0-9a-f.:]+$/i;

interface QueryToken {
  kind: 'label' | 'ip' | 'text';
  key: string;
  value: string;
}

export function parseQuery(query: string | undefined): QueryToken[] {
  if (!query) return [];
  return query
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((raw) => {
      const eq = raw.indexOf('=');
      if (eq > 0) return { kind: 'label', key: raw.slice(0, eq), value: raw.slice(eq + 1) };
      if (IP_LIKE.test(raw) && /[.:]/.test(raw)) return { kind: 'ip', key: '', value: raw };
      return { kind: 'text', key: '', value: raw.toLowerCase() };
    });
}

interface ServiceContext {
  service: ServiceNode;
  endpoints: EndpointNode[];
  overlayPods: PodNode[];
}

function matchesToken(token: QueryToken, ctx: ServiceContext, pods: Map<string, PodNode>) {
  const { service } = ctx;
  const targetPods = (): PodNode[] => {
    const out: PodNode[] = [...ctx.overlayPods];
    for (const ep of ctx.endpoints) {
      const pod = ep.targetId ? pods.get(ep.targetId) : undefined;
      if (pod) out.push(pod);
    }
    return out;
  };
  switch (token.kind) {
    case 'label':
      return (
        service.labels[token.key] === token.value ||
        service.selector?.[token.key] === token.value ||
        targetPods().some((p) => p.labels[token.key] === token.value)
      );
    case 'ip':
      return (
        (service.clusterIP ?? '').startsWith(token.value) ||
        ctx.endpoints.some((e) => e.address.startsWith(token.value)) ||
        targetPods().some((p) => (p.ip ?? '').startsWith(token.value))
      );
    case 'text': {
      const full = `${service.namespace}/${service.name}`.toLowerCase();
      if (full.includes(token.value)) return true;
      if (service.externalName?.toLowerCase().includes(token.value)) return true;
      return targetPods().some((p) => p.name.toLowerCase().includes(token.value));
    }
  }
}

function endpointSummary(endpoints: EndpointNode[]): GroupSummary {
  let ready = 0;
  let terminating = 0;
  for (const ep of endpoints) {
    if (ep.ready) ready++;
    if (ep.terminating) terminating++;
  }
  return { count: endpoints.length, ready, notReady: endpoints.length - ready, terminating };
}

function byAddress(a: EndpointNode, b: EndpointNode): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : a.id < b.id ? -1 : 1;
}

function byNsName(a: { namespace: string; name: string }, b: { namespace: string; name: string }) {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function buildDrawGraph(topology: Topology, options: ViewOptions = {}): DrawGraph {
  const maxEndpoints = options.maxEndpointsPerService ?? DEFAULT_MAX_ENDPOINTS;
  const maxDrawn = options.maxDrawnNodes ?? DEFAULT_MAX_DRAWN;
  const expanded = options.expanded ?? new Set<string>();
  const namespaceFilter = options.namespaces?.length ? new Set(options.namespaces) : null;
  const tokens = parseQuery(options.query);

  const pods = new Map<string, PodNode>();
  for (const pod of topology.pods) pods.set(pod.id, pod);
  const externals = new Map<string, ExternalNode>();
  for (const ext of topology.externals) externals.set(ext.id, ext);
  const endpointsByService = new Map<string, EndpointNode[]>();
  for (const ep of topology.endpoints) {
    let list = endpointsByService.get(ep.serviceId);
    if (!list) endpointsByService.set(ep.serviceId, (list = []));
    list.push(ep);
  }
  const overlayByService = new Map<string, PodNode[]>();
  const externalNameTarget = new Map<string, string>();
  for (const edge of topology.edges) {
    if (edge.kind === 'selected-not-endpoint') {
      const pod = pods.get(edge.target);
      if (!pod) continue;
      let list = overlayByService.get(edge.source);
      if (!list) overlayByService.set(edge.source, (list = []));
      list.push(pod);
    } else if (edge.kind === 'external-name') {
      externalNameTarget.set(edge.source, edge.target);
    }
  }

  // 1. Filter Services.
  const contexts: ServiceContext[] = [];
  const services = [...topology.services].sort(byNsName);
  for (const service of services) {
    if (namespaceFilter && !namespaceFilter.has(service.namespace)) continue;
    if (options.problemsOnly && service.health === 'healthy') continue;
    const ctx: ServiceContext = {
      service,
      endpoints: (endpointsByService.get(service.id) ?? []).slice().sort(byAddress),
      overlayPods: (overlayByService.get(service.id) ?? []).slice().sort(byNsName),
    };
    if (tokens.length && !tokens.every((t) => matchesToken(t, ctx, pods))) continue;
    contexts.push(ctx);
  }

  // 2. Decide aggregation: big endpoint sets first, then whole namespaces, until under budget.
  const collapseEndpoints = (ctx: ServiceContext) =>
    !options.drawAll &&
    ctx.endpoints.length > maxEndpoints &&
    !expanded.has(`grp:eps:${ctx.service.id}`);
  const costOf = (ctx: ServiceContext) => {
    if (collapseEndpoints(ctx)) return 2 + ctx.overlayPods.length;
    return 1 + ctx.endpoints.length * 2 + ctx.overlayPods.length;
  };
  const byNamespace = new Map<string, ServiceContext[]>();
  let total = 0;
  for (const ctx of contexts) {
    let list = byNamespace.get(ctx.service.namespace);
    if (!list) byNamespace.set(ctx.service.namespace, (list = []));
    list.push(ctx);
    total += costOf(ctx);
  }
  const collapsedNamespaces = new Set<string>();
  if (!options.drawAll && total > maxDrawn) {
    const candidates = [...byNamespace.entries()]
      .filter(([ns]) => !expanded.has(`grp:ns:${ns}`))
      .map(([ns, list]) => ({ ns, cost: list.reduce((sum, c) => sum + costOf(c), 0) }))
      // Biggest namespaces first: fewest groups for the most saving; name breaks ties.
      .sort((a, b) => b.cost - a.cost || (a.ns < b.ns ? -1 : 1));
    for (const { ns, cost } of candidates) {
      if (total <= maxDrawn) break;
      collapsedNamespaces.add(ns);
      total += 1 - cost;
    }
    // The focused Service's namespace stays open, without changing which others collapse (a
    // selection must not reshuffle the rest of the map).
    const keepNs = options.keepServiceId
      ? topology.services.find((s) => s.id === options.keepServiceId)?.namespace
      : undefined;
    if (keepNs) collapsedNamespaces.delete(keepNs);
  }

  // 3. Emit nodes, edges, blocks and the outline, in namespace/name order.
  const nodes = new Map<string, DrawNode>();
  const edges: DrawEdge[] = [];
  const edgeIds = new Set<string>();
  const blocks: DrawBlock[] = [];
  const outline: OutlineEntry[] = [];
  const addEdge = (edge: DrawEdge) => {
    if (edgeIds.has(edge.id)) return;
    edgeIds.add(edge.id);
    edges.push(edge);
  };

  const namespacesInOrder = [...byNamespace.keys()].sort();
  for (const ns of namespacesInOrder) {
    const list = byNamespace.get(ns)!;
    if (collapsedNamespaces.has(ns)) {
      const id = `grp:ns:${ns}`;
      let problems = 0;
      let ready = 0;
      let count = 0;
      for (const ctx of list) {
        if (ctx.service.health !== 'healthy') problems++;
        ready += ctx.service.readyCount;
        count += ctx.service.endpointCount;
      }
      nodes.set(id, {
        id,
        kind: 'namespace-group',
        column: 0,
        block: id,
        namespace: ns,
        group: { count: list.length, ready, notReady: count - ready, terminating: 0, problems },
        health: problems > 0 ? 'broken' : 'healthy',
      });
      blocks.push({ id, columns: [[id], [], []] });
      outline.push({ key: id, nodeId: id, level: 1, children: [] });
      continue;
    }
    for (const ctx of list) {
      const { service } = ctx;
      const block: DrawBlock = { id: service.id, columns: [[service.id], [], []] };
      const serviceEntry: OutlineEntry = {
        key: service.id,
        nodeId: service.id,
        level: 1,
        children: [],
      };
      nodes.set(service.id, {
        id: service.id,
        kind: 'service',
        column: 0,
        block: service.id,
        service,
        health: service.health,
      });
      const placeTarget = (targetId: string, parent: OutlineEntry, overlay = false) => {
        if (!nodes.has(targetId)) {
          const pod = pods.get(targetId);
          const external = externals.get(targetId);
          if (!pod && !external) return false;
          nodes.set(targetId, {
            id: targetId,
            kind: pod ? 'pod' : 'external',
            column: 2,
            block: service.id,
            pod,
            external,
            overlay,
          });
          block.columns[2].push(targetId);
        }
        parent.children.push({
          key: `${parent.key}>${targetId}`,
          nodeId: targetId,
          level: parent.level + 1,
          parentKey: parent.key,
          children: [],
        });
        return true;
      };

      if (collapseEndpoints(ctx)) {
        const id = `grp:eps:${service.id}`;
        nodes.set(id, {
          id,
          kind: 'endpoint-group',
          column: 1,
          block: service.id,
          service,
          group: endpointSummary(ctx.endpoints),
        });
        block.columns[1].push(id);
        addEdge({ id: `${service.id}->${id}`, source: service.id, target: id, kind: 'group' });
        serviceEntry.children.push({
          key: `${service.id}>${id}`,
          nodeId: id,
          level: 2,
          parentKey: service.id,
          children: [],
        });
      } else {
        for (const ep of ctx.endpoints) {
          nodes.set(ep.id, {
            id: ep.id,
            kind: 'endpoint',
            column: 1,
            block: service.id,
            endpoint: ep,
            condition: ep.condition,
          });
          block.columns[1].push(ep.id);
          addEdge({
            id: `${service.id}->${ep.id}`,
            source: service.id,
            target: ep.id,
            kind: 'routes',
            condition: ep.condition,
          });
          const epEntry: OutlineEntry = {
            key: `${service.id}>${ep.id}`,
            nodeId: ep.id,
            level: 2,
            parentKey: service.id,
            children: [],
          };
          serviceEntry.children.push(epEntry);
          if (ep.targetId && placeTarget(ep.targetId, epEntry)) {
            addEdge({
              id: `${ep.id}->${ep.targetId}`,
              source: ep.id,
              target: ep.targetId,
              kind: 'targets',
              condition: ep.condition,
            });
          }
        }
      }
      for (const pod of ctx.overlayPods) {
        if (placeTarget(pod.id, serviceEntry, true)) {
          addEdge({
            id: `${service.id}->${pod.id}`,
            source: service.id,
            target: pod.id,
            kind: 'selected-not-endpoint',
          });
        }
      }
      const dnsTarget = externalNameTarget.get(service.id);
      if (dnsTarget && placeTarget(dnsTarget, serviceEntry)) {
        addEdge({
          id: `${service.id}->${dnsTarget}`,
          source: service.id,
          target: dnsTarget,
          kind: 'external-name',
        });
      }
      blocks.push(block);
      outline.push(serviceEntry);
    }
  }

  // Edges from endpoints to pods that the selector no longer matches (overlay), when both drawn.
  for (const edge of topology.edges) {
    if (edge.kind !== 'endpoint-not-selected') continue;
    if (nodes.has(edge.source) && nodes.has(edge.target)) addEdge({ ...edge });
  }

  return {
    nodes,
    edges,
    blocks,
    outline,
    matchedServices: contexts.length,
    totalServices: topology.services.length,
    collapsedNamespaces: [...collapsedNamespaces].sort(),
  };
}

/** Every broken or degraded Service, worst first, then by namespace/name. */
export function problemServices(topology: Topology): ServiceNode[] {
  return topology.services
    .filter((s) => s.health !== 'healthy')
    .sort((a, b) => healthRank(a.health) - healthRank(b.health) || byNsName(a, b));
}
