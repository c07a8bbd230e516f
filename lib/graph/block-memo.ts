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
 *
 * The memo also keeps the node table itself: every build made with it returns the same `nodes`
 * Map, updated in place, so a kept block costs nothing there. A build first removes what the
 * blocks it does not draw had put in the table, and a block drawn anew first removes what it had
 * put there; `before` then says which ids the build set or removed and what they held before it,
 * so the drawing diff (lib/worker/drawing-diff.ts) looks at those ids only. The table of an
 * earlier build is the same Map: read a graph before the next build, not after.
 */
import type { NearMiss } from '../topology/diagnosis';
import type { EndpointNode, ExternalNode, PodNode, ServiceNode } from '../topology/model';
import type { DrawBlock, DrawEdge, DrawNode, OutlineEntry, ServiceContext } from './draw-types';
import { drawnBefore, newEmission, removeNode, startBlock, type Emission } from './emit';
import { createIndexMemo, type IndexMemo, type TopologyIndex } from './topology-index';
import type { WorkloadLookup } from './workloads';

/** One Service's emitted share of the graph. */
interface EmittedBlock {
  collapse: boolean;
  expanded: ReadonlySet<string> | undefined;
  /** The targets (`ServiceMemo.targetIds`) an earlier block had drawn. */
  drawnBefore: ReadonlySet<string>;
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
  /** The node table every build with this memo returns, updated in place. */
  nodes: Map<string, DrawNode>;
  /** Per block the last build drew, the nodes it put in the table. */
  blockNodes: Map<string, readonly DrawNode[]>;
  /** The last build's changes to the table: each id it set or removed, with its value before. */
  before: Map<string, DrawNode | undefined>;
  /** What indexing the topology keeps from one build to the next (topology-index.ts). */
  index: IndexMemo;
  /** Per target id: the Services in `byService` that reach it. */
  reach: Map<string, Set<string>>;
  /** Per Service in `byService`: its targets that another Service there reaches too. */
  shared: Map<string, Set<string>>;
  /**
   * The Services in `byService` that reach a target the current index says changed, for the
   * index they were worked out for (null: not known, compare every target).
   */
  affected: { index: TopologyIndex; services: ReadonlySet<string> | null } | null;
}

export function createBlockMemo(): BlockMemo {
  return {
    byService: new Map(),
    build: 0,
    nodes: new Map(),
    blockNodes: new Map(),
    before: new Map(),
    index: createIndexMemo(),
    reach: new Map(),
    shared: new Map(),
    affected: null,
  };
}

/** Records that `service` reaches `target`, and who now shares it. */
function addReach(memo: BlockMemo, service: string, target: string): void {
  let by = memo.reach.get(target);
  if (!by) memo.reach.set(target, (by = new Set()));
  if (by.has(service)) return;
  by.add(service);
  if (by.size === 1) return;
  for (const other of by) {
    let shared = memo.shared.get(other);
    if (!shared) memo.shared.set(other, (shared = new Set()));
    shared.add(target);
  }
}

function removeReach(memo: BlockMemo, service: string, target: string): void {
  const by = memo.reach.get(target);
  if (!by?.delete(service)) return;
  memo.shared.get(service)?.delete(target);
  if (by.size === 0) memo.reach.delete(target);
  else if (by.size === 1) for (const last of by) memo.shared.get(last)?.delete(target);
}

/** Replaces what the memo says `service` reaches. */
function setTargets(
  memo: BlockMemo,
  service: string,
  before: readonly string[],
  after: readonly string[],
): void {
  const kept = new Set(after);
  for (const target of before) if (!kept.has(target)) removeReach(memo, service, target);
  for (const target of after) addReach(memo, service, target);
  if (memo.shared.get(service)?.size === 0) memo.shared.delete(service);
}

/**
 * The Services whose targets may not be the objects they were made with: those reaching a target
 * the index says changed; null when the index cannot say (every Service compares its targets).
 */
function affectedBy(memo: BlockMemo, index: TopologyIndex): ReadonlySet<string> | null {
  if (memo.affected?.index === index) return memo.affected.services;
  let services: Set<string> | null = null;
  if (index.changed) {
    services = new Set();
    for (const target of index.changed)
      for (const service of memo.reach.get(target) ?? []) services.add(service);
  }
  memo.affected = { index, services };
  return services;
}

/** Removes a block's nodes from the table, unless a block drawn since has taken their ids. */
function dropBlockNodes(em: Emission, nodes: readonly DrawNode[] | undefined): void {
  for (const node of nodes ?? []) if (em.nodes.get(node.id) === node) removeNode(em, node.id);
}

/**
 * Starts a build that will draw the blocks `blockIds`, in that order: an emission over the memo's
 * node table, from which the blocks not drawn this time are removed.
 */
export function startBuild(memo: BlockMemo, blockIds: readonly string[]): Emission {
  const em = newEmission();
  em.nodes = memo.nodes;
  em.order = new Map(blockIds.map((id, place) => [id, place]));
  em.before = memo.before = new Map();
  for (const [id, nodes] of memo.blockNodes)
    if (!em.order.has(id)) {
      dropBlockNodes(em, nodes);
      memo.blockNodes.delete(id);
    }
  return em;
}

/** The nodes a block put in the table, in its column order. */
function nodesOf(em: Emission, block: DrawBlock): DrawNode[] {
  const nodes: DrawNode[] = [];
  for (const column of block.columns) for (const id of column) nodes.push(em.nodes.get(id)!);
  return nodes;
}

/**
 * Draws a block that is not kept (a collapsed namespace's group) at `place`: what it had put in
 * the table goes first.
 */
export function redrawBlock(
  memo: BlockMemo,
  em: Emission,
  place: number,
  id: string,
  emit: () => DrawBlock,
): void {
  startBlock(em, place);
  dropBlockNodes(em, memo.blockNodes.get(id));
  memo.blockNodes.set(id, nodesOf(em, emit()));
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
  // The index says which targets changed: a Service reaching none of them has the same ones.
  const affected = affectedBy(memo, index);
  if (
    held &&
    held.service === service &&
    sameItems(held.nearMisses, nearMisses) &&
    held.lookup === lookup &&
    held.dnsTarget === dnsTarget &&
    sameItems(held.endpoints, endpoints) &&
    sameItems(held.overlay, overlay) &&
    (affected
      ? !affected.has(service.id)
      : held.targetIds.every((id, i) => targetOf(index, id) === held.targets[i]))
  ) {
    held.build = memo.build;
    return held.context;
  }
  const targetIds = targetIdsOf(endpoints, overlay, dnsTarget);
  const context = make();
  setTargets(memo, service.id, held?.targetIds ?? [], targetIds);
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
 * Emits the Service's block into `em` (a `startBuild` emission) at `place`: the memo's, when it
 * may be reused and the last build drew it (its nodes are then still in the table), else
 * `emit()`'s, remembered. Call after `memoContext` for the same Service in the same build.
 */
export function memoBlock(
  memo: BlockMemo,
  em: Emission,
  place: number,
  context: ServiceContext,
  how: { collapse: boolean; expanded: ReadonlySet<string> | undefined },
  emit: () => { block: DrawBlock; entry: OutlineEntry },
): void {
  const id = context.service.id;
  startBlock(em, place);
  const held = memo.byService.get(id);
  // A target whose node this block drew last time was drawn by no earlier block since: an
  // earlier one would have put its own node in the table.
  const drawnAt = (target: string) => em.nodes.get(target)?.block !== id && drawnBefore(em, target);
  const last = held?.context === context ? held.emitted : null;
  if (
    last &&
    memo.blockNodes.get(id) === last.nodes &&
    last.collapse === how.collapse &&
    sameSet(last.expanded, how.expanded) &&
    sameDrawnBefore(memo, id, last.drawnBefore, drawnAt)
  ) {
    // Its edges are a run of their own: the graph's edge list is the runs joined once.
    em.edgeRuns[em.edgeRuns.length - 1] = last.edges;
    em.blocks.push(last.block);
    em.outline.push(last.entry);
    return;
  }
  const drawnBeforeEmit = new Set(held?.targetIds.filter(drawnAt));
  dropBlockNodes(em, memo.blockNodes.get(id));
  const { block, entry } = emit();
  const nodes = nodesOf(em, block);
  memo.blockNodes.set(id, nodes);
  if (!held) return;
  held.emitted = {
    ...how,
    // Asked before `emit()` drew this block's own nodes: the table then said what came before.
    drawnBefore: drawnBeforeEmit,
    nodes,
    edges: em.edges,
    block,
    entry,
  };
}

/**
 * Whether the targets an earlier block draws are still `was`. Only a target another Service in
 * the memo reaches can be drawn by an earlier block: every block of this build has its Service
 * there (its context was asked for first), and no other block draws a pod or an external address.
 * So the block's shared targets are asked, and those it found drawn before; not all of them.
 */
function sameDrawnBefore(
  memo: BlockMemo,
  id: string,
  was: ReadonlySet<string>,
  drawnAt: (target: string) => boolean,
): boolean {
  for (const target of was) if (!drawnAt(target)) return false;
  for (const target of memo.shared.get(id) ?? [])
    if (!was.has(target) && drawnAt(target)) return false;
  return true;
}

/** Ends a build: forgets the Services it did not draw or list. */
export function endBuild(memo: BlockMemo): void {
  for (const [id, held] of memo.byService)
    if (held.build !== memo.build) {
      memo.byService.delete(id);
      setTargets(memo, id, held.targetIds, []);
    }
  memo.build++;
}
