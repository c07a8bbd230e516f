/**
 * Emits the drawn graph's nodes, edges, layout blocks and outline entries for the Services that
 * passed the filters, once aggregation is decided (lib/graph/aggregation.ts). The functions share
 * one explicit `Emission` (what has been emitted so far). Pure apart from filling that object.
 *
 * Contract: blocks and outline come out in the order the Services are given (namespace/name); a
 * target shared by several endpoints (one pod behind two Services) is one node, placed in the
 * block of the first Service that reaches it, and appears in the outline under each of them.
 * Every edge starts at a node its own block draws (the Service, its endpoints, groups and
 * workloads), and edge ids are `source->target`, so no two blocks emit the same edge: duplicates
 * are looked for within a block only, which lets a block kept from an earlier build skip it.
 * With a retained node table (`Emission.order`, lib/graph/block-memo.ts) the table may still hold
 * nodes of blocks later in this build: `isDrawn` reads only what this build has drawn so far.
 */
import type {
  GroupSummary,
  DrawBlock,
  DrawEdge,
  DrawNode,
  OutlineEntry,
  ServiceContext,
} from './draw-types';
import type { NearMiss } from '../topology/diagnosis';
import type { EndpointNode, ServiceNode } from '../topology/model';
import { ghostId, ghostLabel } from './ghosts';
import { outlineEntry } from './outline-entry';
import { drawCondition, endpointHasNoPort } from './serving';
import type { TopologyIndex } from './topology-index';

export interface Emission {
  nodes: Map<string, DrawNode>;
  /** The edges of the block being emitted, and their ids (see the contract above). */
  edges: DrawEdge[];
  edgeIds: Set<string>;
  /** Every block's edges so far, in order: the graph's edges are their concatenation. */
  edgeRuns: DrawEdge[][];
  blocks: DrawBlock[];
  outline: OutlineEntry[];
  /**
   * A retained node table only: this build's blocks in order, by block id, and the place of the
   * block being emitted. A node of a block not yet reached is a leftover of an earlier build.
   */
  order?: ReadonlyMap<string, number>;
  current: number;
  /** A retained node table only: each id this build set or removed, with its value before. */
  before?: Map<string, DrawNode | undefined>;
}

export function newEmission(): Emission {
  return {
    nodes: new Map(),
    edges: [],
    edgeIds: new Set(),
    edgeRuns: [],
    blocks: [],
    outline: [],
    current: 0,
  };
}

/** Starts the next block: edge ids repeat only within one. */
export function startBlock(em: Emission, place: number): void {
  em.current = place;
  em.edges = [];
  em.edgeIds = new Set();
  em.edgeRuns.push(em.edges);
}

/** The graph's edges: every block's, in block order. */
export function emittedEdges(em: Emission): DrawEdge[] {
  return ([] as DrawEdge[]).concat(...em.edgeRuns);
}

/** Whether `id` is drawn by this build so far: by an earlier block or by the current one. */
export function isDrawn(em: Emission, id: string): boolean {
  const node = em.nodes.get(id);
  if (!node) return false;
  if (!em.order) return true;
  const place = em.order.get(node.block);
  return place !== undefined && place <= em.current;
}

/** Whether `id` is drawn by a block before the current one in this build. */
export function drawnBefore(em: Emission, id: string): boolean {
  const node = em.nodes.get(id);
  if (!node) return false;
  if (!em.order) return true;
  const place = em.order.get(node.block);
  return place !== undefined && place < em.current;
}

export function putNode(em: Emission, node: DrawNode): void {
  if (em.before && !em.before.has(node.id)) em.before.set(node.id, em.nodes.get(node.id));
  em.nodes.set(node.id, node);
}

export function removeNode(em: Emission, id: string): void {
  if (em.before && !em.before.has(id)) em.before.set(id, em.nodes.get(id));
  em.nodes.delete(id);
}

export function addEdge(em: Emission, edge: DrawEdge) {
  if (em.edgeIds.has(edge.id)) return;
  em.edgeIds.add(edge.id);
  em.edges.push(edge);
}

export const namespaceGroupId = (ns: string) => `grp:ns:${ns}`;

export function childEntry(parent: OutlineEntry, nodeId: string): OutlineEntry {
  const entry = outlineEntry(parent, nodeId);
  parent.children.push(entry);
  return entry;
}

function endpointSummary(endpoints: EndpointNode[], service: ServiceNode): GroupSummary {
  let ready = 0;
  let terminating = 0;
  let noPort = 0;
  for (const ep of endpoints) {
    const condition = drawCondition(ep, service);
    if (condition === 'ready') ready++;
    else if (condition === 'no-port') noPort++;
    if (ep.terminating) terminating++;
  }
  return {
    count: endpoints.length,
    ready,
    notReady: endpoints.length - ready,
    terminating,
    ...(noPort ? { noPort } : {}),
  };
}

/**
 * A namespace's Services as one `grp:ns:` node with their health summed up. `partial`: the
 * namespace's Services with a problem are drawn beside it, and the group holds the healthy rest.
 */
export function emitNamespaceGroup(
  em: Emission,
  ns: string,
  list: readonly ServiceContext[],
  partial = false,
): DrawBlock {
  const id = namespaceGroupId(ns);
  let problems = 0;
  let ready = 0;
  let count = 0;
  for (const ctx of list) {
    if (ctx.service.health !== 'healthy') problems++;
    ready += ctx.service.readyCount;
    count += ctx.service.endpointCount;
  }
  putNode(em, {
    id,
    kind: 'namespace-group',
    column: 0,
    block: id,
    namespace: ns,
    group: {
      count: list.length,
      ready,
      notReady: count - ready,
      terminating: 0,
      problems,
      ...(partial ? { healthyRest: true } : {}),
    },
    health: problems > 0 ? 'broken' : 'healthy',
  });
  const block: DrawBlock = { id, columns: [[id], [], [], []] };
  em.blocks.push(block);
  em.outline.push(outlineEntry(null, id));
  return block;
}

/** A pod or external target in the last column (once), listed under `parent` in the outline. */
function placeTarget(
  em: Emission,
  index: TopologyIndex,
  block: DrawBlock,
  targetId: string,
  parent: OutlineEntry,
  overlay = false,
): boolean {
  if (!isDrawn(em, targetId)) {
    const pod = index.pods.get(targetId);
    const external = index.externals.get(targetId);
    if (!pod && !external) return false;
    putNode(em, {
      id: targetId,
      kind: pod ? 'pod' : 'external',
      column: 3,
      block: block.id,
      pod,
      external,
      overlay,
    });
    block.columns[3].push(targetId);
  }
  childEntry(parent, targetId);
  return true;
}

function emitEndpointGroup(
  em: Emission,
  ctx: ServiceContext,
  block: DrawBlock,
  entry: OutlineEntry,
) {
  const { service } = ctx;
  const id = `grp:eps:${service.id}`;
  putNode(em, {
    id,
    kind: 'endpoint-group',
    column: 1,
    block: service.id,
    service,
    group: endpointSummary(ctx.endpoints, service),
  });
  block.columns[1].push(id);
  addEdge(em, { id: `${service.id}->${id}`, source: service.id, target: id, kind: 'group' });
  childEntry(entry, id);
}

function emitEndpoints(
  em: Emission,
  index: TopologyIndex,
  ctx: ServiceContext,
  block: DrawBlock,
  entry: OutlineEntry,
) {
  const { service } = ctx;
  for (const ep of ctx.endpoints) {
    const condition = drawCondition(ep, service);
    putNode(em, {
      id: ep.id,
      kind: 'endpoint',
      column: 1,
      block: service.id,
      endpoint: ep,
      condition,
    });
    block.columns[1].push(ep.id);
    addEdge(em, {
      id: `${service.id}->${ep.id}`,
      source: service.id,
      target: ep.id,
      kind: 'routes',
      condition,
    });
    const epEntry = childEntry(entry, ep.id);
    if (ep.targetId && placeTarget(em, index, block, ep.targetId, epEntry)) {
      addEdge(em, {
        id: `${ep.id}->${ep.targetId}`,
        source: ep.id,
        target: ep.targetId,
        // A pod the selector does not match keeps its own style: someone pointed this at it.
        kind: index.strayEndpoints.has(ep.id) ? 'endpoint-not-selected' : 'targets',
        condition,
      });
    }
  }
}

/** Each near miss of `service` as a ghost in the last column of its block (lib/graph/ghosts.ts). */
function emitGhosts(
  em: Emission,
  service: ServiceNode,
  misses: readonly NearMiss[],
  block: DrawBlock,
  entry: OutlineEntry,
) {
  for (const miss of misses) {
    const id = ghostId(service.id, miss);
    if (isDrawn(em, id)) continue;
    const label = ghostLabel(miss, service.namespace);
    putNode(em, {
      id,
      kind: 'ghost',
      column: 3,
      block: block.id,
      ghost: {
        namespace: miss.namespace,
        name: miss.name,
        podId: miss.podId,
        match: miss.match,
        label,
      },
    });
    block.columns[3].push(id);
    addEdge(em, {
      id: `${service.id}->${id}`,
      source: service.id,
      target: id,
      kind: 'near-miss',
      label,
    });
    childEntry(entry, id);
  }
}

/**
 * One Service's block: the Service, its endpoints (or their group), targets, overlay pods, the
 * near-miss pods of its diagnosis as ghosts. The workloads of its pods are added to the returned
 * block and outline entry by emit-workloads.ts.
 */
export function emitServiceBlock(
  em: Emission,
  index: TopologyIndex,
  ctx: ServiceContext,
  collapseEndpoints: boolean,
): { block: DrawBlock; entry: OutlineEntry } {
  const { service } = ctx;
  const block: DrawBlock = { id: service.id, columns: [[service.id], [], [], []] };
  const entry = outlineEntry(null, service.id);
  putNode(em, {
    id: service.id,
    kind: 'service',
    column: 0,
    block: service.id,
    service,
    health: service.health,
    noPort: ctx.endpoints.reduce((n, ep) => n + (endpointHasNoPort(ep, service) ? 1 : 0), 0),
  });
  if (collapseEndpoints) emitEndpointGroup(em, ctx, block, entry);
  else emitEndpoints(em, index, ctx, block, entry);
  for (const pod of ctx.overlayPods) {
    if (placeTarget(em, index, block, pod.id, entry, true)) {
      addEdge(em, {
        id: `${service.id}->${pod.id}`,
        source: service.id,
        target: pod.id,
        kind: 'selected-not-endpoint',
      });
    }
  }
  const dnsTarget = index.externalNameTarget.get(service.id);
  if (dnsTarget && placeTarget(em, index, block, dnsTarget, entry)) {
    addEdge(em, {
      id: `${service.id}->${dnsTarget}`,
      source: service.id,
      target: dnsTarget,
      kind: 'external-name',
    });
  }
  if (ctx.nearMisses?.length) emitGhosts(em, service, ctx.nearMisses, block, entry);
  em.blocks.push(block);
  em.outline.push(entry);
  return { block, entry };
}
