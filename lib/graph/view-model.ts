/**
 * From a Topology to what is drawn: filtering (namespaces, search, "only problems") and
 * aggregation (big endpoint sets and whole namespaces collapse into group nodes), producing a
 * `DrawGraph` (lib/graph/draw-types.ts) that both the renderer and the accessible outline read,
 * so the outline lists exactly what the graph shows.
 *
 * Contract: pure and deterministic. Blocks are ordered by namespace/name; inside a block, the
 * column lists are sorted. The steps live beside this file: search.ts (the query),
 * aggregation.ts (what collapses), emit.ts (nodes, edges, blocks, outline), emit-workloads.ts
 * (the workload column, when `options.workloads` says whose pods are whose).
 */
import type { NearMiss } from '../topology/diagnosis';
import type { ServiceNode, Topology } from '../topology/model';
import { decideAggregation } from './aggregation';
import {
  endBuild,
  memoBlock,
  memoContext,
  redrawBlock,
  startBuild,
  type BlockMemo,
} from './block-memo';
import type { DrawGraph, ServiceContext, ViewOptions } from './draw-types';
import {
  emitNamespaceGroup,
  emitServiceBlock,
  emittedEdges,
  namespaceGroupId,
  newEmission,
  startBlock,
} from './emit';
import { emitWorkloads, workloadsOfService } from './emit-workloads';
import { nearMissesOf } from './ghosts';
import { matchesQuery, parseQuery } from './search';
import { indexTopology, type TopologyIndex } from './topology-index';

/** The order of the map's blocks: by namespace, then name (code-point order). */
export function byNsName(
  a: { namespace: string; name: string },
  b: { namespace: string; name: string },
) {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function byAddress(a: { address: string; id: string }, b: { address: string; id: string }) {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : a.id < b.id ? -1 : 1;
}

/** A block a build will draw: a Service's, or a collapsed namespace's group of the healthy rest. */
type PlannedBlock =
  | { id: string; ctx: ServiceContext; collapse: boolean }
  | { id: string; ns: string; healthy: ServiceContext[]; partial: boolean };

function serviceContext(
  service: ServiceNode,
  nearMisses: NearMiss[],
  index: TopologyIndex,
  options: ViewOptions,
): ServiceContext {
  const ctx: ServiceContext = {
    service,
    endpoints: (index.endpointsByService.get(service.id) ?? []).slice().sort(byAddress),
    overlayPods: (index.overlayByService.get(service.id) ?? []).slice().sort(byNsName),
  };
  if (nearMisses.length) ctx.nearMisses = nearMisses;
  if (options.workloads) {
    const workloads = workloadsOfService(ctx, index.pods, options.workloads);
    if (workloads.length) ctx.workloads = workloads;
  }
  return ctx;
}

/**
 * The drawn graph for `topology` as `options` ask. With `memo` (lib/graph/block-memo.ts), the
 * Services whose inputs did not change since the memo's last build reuse their context and block,
 * and the node table is the memo's, updated in place (so read the graph before the next build);
 * the result is the same either way.
 */
export function buildDrawGraph(
  topology: Topology,
  options: ViewOptions = {},
  memo?: BlockMemo,
): DrawGraph {
  const index = indexTopology(topology, memo?.index);
  const namespaceFilter = options.namespaces?.length ? new Set(options.namespaces) : null;
  const tokens = parseQuery(options.query);

  // 1. Filter Services.
  const contexts: ServiceContext[] = [];
  for (const service of [...topology.services].sort(byNsName)) {
    if (namespaceFilter && !namespaceFilter.has(service.namespace)) continue;
    if (options.problemsOnly && service.health === 'healthy') continue;
    const nearMisses = nearMissesOf(options.diagnoses?.get(service.id));
    const make = () => serviceContext(service, nearMisses, index, options);
    const ctx = memo
      ? memoContext(memo, index, { service, nearMisses, lookup: options.workloads }, make)
      : make();
    if (tokens.length && !matchesQuery(tokens, ctx, index.pods)) continue;
    contexts.push(ctx);
  }

  // 2. Decide aggregation.
  const aggregation = decideAggregation(
    contexts,
    options,
    (id) => topology.services.find((s) => s.id === id)?.namespace,
  );

  // 3. Plan the blocks in namespace/name order: a collapsed namespace still draws its Services
  // with a problem, then groups the rest.
  const plan: PlannedBlock[] = [];
  for (const ns of [...aggregation.byNamespace.keys()].sort()) {
    const list = aggregation.byNamespace.get(ns) ?? [];
    const collapsed = aggregation.collapsedNamespaces.has(ns);
    for (const ctx of list) {
      if (collapsed && ctx.service.health === 'healthy') continue;
      plan.push({ id: ctx.service.id, ctx, collapse: aggregation.collapsesEndpoints(ctx) });
    }
    if (collapsed) {
      const healthy = list.filter((ctx) => ctx.service.health === 'healthy');
      plan.push({ id: namespaceGroupId(ns), ns, healthy, partial: healthy.length < list.length });
    }
  }

  // 4. Emit nodes, edges, blocks and the outline, in that order.
  const em = memo
    ? startBuild(
        memo,
        plan.map((p) => p.id),
      )
    : newEmission();
  const lookup = options.workloads;
  const expanded = options.expanded ?? new Set<string>();
  plan.forEach((planned, place) => {
    if (!('ctx' in planned)) {
      const { ns, healthy, partial } = planned;
      const emit = () => emitNamespaceGroup(em, ns, healthy, partial);
      if (memo) redrawBlock(memo, em, place, planned.id, emit);
      else {
        startBlock(em, place);
        emit();
      }
      return;
    }
    const { ctx, collapse } = planned;
    const emit = () => {
      const emitted = emitServiceBlock(em, index, ctx, collapse);
      if (lookup && ctx.workloads)
        emitWorkloads(em, index, ctx, emitted.block, emitted.entry, { lookup, expanded });
      return emitted;
    };
    if (memo) memoBlock(memo, em, place, ctx, { collapse, expanded: options.expanded }, emit);
    else {
      startBlock(em, place);
      emit();
    }
  });
  if (memo) endBuild(memo);

  return {
    nodes: em.nodes,
    edges: emittedEdges(em),
    blocks: em.blocks,
    outline: em.outline,
    matchedServices: contexts.length,
    totalServices: topology.services.length,
    collapsedNamespaces: [...aggregation.collapsedNamespaces].sort(),
  };
}
