/**
 * What one build of the drawn graph keeps for the next (lib/graph/view-model.ts): per Service,
 * its context (sorted endpoints, overlay pods, near misses, workloads) and its emitted block
 * (nodes, edges, layout block, outline entry), with what they were made from. A batch that
 * changed one Service re-emits that Service's block and reuses every other one as the same
 * objects, so the drawing diff and the layout settle them by identity.
 *
 * Contract: a build given a memo returns a graph equal to a build without one (block-memo tests
 * drive random change sequences through both). A Service's context is reused when its
 * ServiceNode, its endpoints and overlay pods (each the same object, in the same order), its near
 * misses, the workload lookup, its ExternalName target and every pod or external address it
 * reaches are the same objects as when it was made. The diagnosis itself is not compared: an
 * ExternalName Service's is judged anew per build, and only its near misses are drawn. Its block
 * is reused when, on top of that, its endpoints' collapse, the expanded groups (by content) and,
 * for each target it reaches, whether an earlier block had drawn it are unchanged: those are
 * everything emission reads (emit.ts, emit-workloads.ts), since every other node id a block
 * draws carries its Service's id, and whether an endpoint's pod is one the selector matches follows
 * from the Service and the pod. Objects in the memo are shared with the graphs built from it
 * and must not be mutated.
 */
import type { NearMiss } from '../topology/diagnosis';
import type { EndpointNode, ExternalNode, PodNode, ServiceNode } from '../topology/model';
import type { DrawBlock, DrawEdge, DrawNode, OutlineEntry, ServiceContext } from './draw-types';
import type { Emission } from './emit';
import type { TopologyIndex } from './topology-index';
import type { WorkloadLookup } from './workloads';

/** One Service's emitted share of the graph. */
interface EmittedBlock {
  collapse: boolean;
  expanded: ReadonlySet<string> | undefined;
  /** Per target id (`ServiceMemo.targetIds`): whether an earlier block had drawn it. */
  drawnBefore: boolean[];
  nodes: DrawNode[];
  edges: DrawEdge[];
  block: DrawBlock;
  entry: OutlineEntry;
}

interface ServiceMemo {
  service: ServiceNode;
  endpoints: readonly EndpointNode[] | undefined;
  overlay: readonly PodNode[] | undefined;
  nearMisses: readonly NearMiss[];
  lookup: WorkloadLookup | undefined;
  dnsTarget: string | undefined;
  /** Every pod or external address the Service reaches, and what the index held for each. */
  targetIds: string[];
  targets: (PodNode | ExternalNode | undefined)[];
  context: ServiceContext;
  emitted: EmittedBlock | null;
  /** The build that last used it: entries a build did not use are dropped after it. */
  build: number;
}

export interface BlockMemo {
  byService: Map<string, ServiceMemo>;
  build: number;
}

export function createBlockMemo(): BlockMemo {
  return { byService: new Map(), build: 0 };
}

const sameItems = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined) =>
  a === b || (!!a && !!b && a.length === b.length && a.every((item, i) => item === b[i]));

/** The expanded groups are few: compared by content, so a caller's new Set of the same ids reuses. */
const sameSet = (a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined) =>
  a === b || (!!a && !!b && a.size === b.size && [...a].every((id) => b.has(id)));

const targetOf = (index: TopologyIndex, id: string) =>
  index.pods.get(id) ?? index.externals.get(id);

function targetIdsOf(
  endpoints: readonly EndpointNode[] | undefined,
  overlay: readonly PodNode[] | undefined,
  dnsTarget: string | undefined,
): string[] {
  const ids: string[] = [];
  for (const ep of endpoints ?? []) if (ep.targetId) ids.push(ep.targetId);
  for (const pod of overlay ?? []) ids.push(pod.id);
  if (dnsTarget) ids.push(dnsTarget);
  return ids;
}

/** What a Service's context is made from, read from this build's index. */
interface ContextInputs {
  service: ServiceNode;
  nearMisses: readonly NearMiss[];
  lookup: WorkloadLookup | undefined;
}

/**
 * The Service's context: the memo's when everything it was made from is unchanged, else
 * `make()`'s, remembered.
 */
export function memoContext(
  memo: BlockMemo,
  index: TopologyIndex,
  inputs: ContextInputs,
  make: () => ServiceContext,
): ServiceContext {
  const { service, nearMisses, lookup } = inputs;
  const endpoints = index.endpointsByService.get(service.id);
  const overlay = index.overlayByService.get(service.id);
  const dnsTarget = index.externalNameTarget.get(service.id);
  const held = memo.byService.get(service.id);
  if (
    held &&
    held.service === service &&
    sameItems(held.nearMisses, nearMisses) &&
    held.lookup === lookup &&
    held.dnsTarget === dnsTarget &&
    sameItems(held.endpoints, endpoints) &&
    sameItems(held.overlay, overlay) &&
    held.targetIds.every((id, i) => targetOf(index, id) === held.targets[i])
  ) {
    held.build = memo.build;
    return held.context;
  }
  const targetIds = targetIdsOf(endpoints, overlay, dnsTarget);
  const context = make();
  memo.byService.set(service.id, {
    service,
    endpoints,
    overlay,
    nearMisses,
    lookup,
    dnsTarget,
    targetIds,
    targets: targetIds.map((id) => targetOf(index, id)),
    context,
    emitted: null,
    build: memo.build,
  });
  return context;
}

/**
 * Emits the Service's block into `em`: the memo's, when it may be reused, else `emit()`'s,
 * remembered. Call after `memoContext` for the same Service in the same build.
 */
export function memoBlock(
  memo: BlockMemo,
  em: Emission,
  context: ServiceContext,
  how: { collapse: boolean; expanded: ReadonlySet<string> | undefined },
  emit: () => { block: DrawBlock; entry: OutlineEntry },
): void {
  const held = memo.byService.get(context.service.id);
  const drawnBefore = held ? held.targetIds.map((id) => em.nodes.has(id)) : [];
  const last = held?.context === context ? held.emitted : null;
  if (
    last &&
    last.collapse === how.collapse &&
    sameSet(last.expanded, how.expanded) &&
    last.drawnBefore.every((drawn, i) => drawn === drawnBefore[i])
  ) {
    for (const node of last.nodes) em.nodes.set(node.id, node);
    for (const edge of last.edges) {
      em.edgeIds.add(edge.id);
      em.edges.push(edge);
    }
    em.blocks.push(last.block);
    em.outline.push(last.entry);
    return;
  }
  const edgesFrom = em.edges.length;
  const { block, entry } = emit();
  if (!held) return;
  const nodes: DrawNode[] = [];
  for (const column of block.columns) for (const id of column) nodes.push(em.nodes.get(id)!);
  held.emitted = {
    ...how,
    drawnBefore,
    nodes,
    edges: em.edges.slice(edgesFrom),
    block,
    entry,
  };
}

/** Ends a build: forgets the Services it did not draw or list. */
export function endBuild(memo: BlockMemo): void {
  for (const [id, held] of memo.byService) if (held.build !== memo.build) memo.byService.delete(id);
  memo.build++;
}
