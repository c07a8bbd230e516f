/**
 * The canvas renderer's SVG twin (components/graph/graph-view.tsx): the few nodes that must be
 * real elements over the canvas (the highlighted chain, the focused node, every ghost with its
 * labelled near-miss edge) and the edges between them.
 *
 * Contract: `edgeIndexOf(edges)` is made once per edge list (the mirror keeps a list's identity
 * while no edge changes, so a node restyle or a Service without edges reuses it);
 * `overlayOf(graph, index, highlight, focusedId, max)` then costs what the twin holds, not the
 * graph's size: at 51k nodes two walks of every edge per update were 10–17 ms of each
 * streaming update's task. The twin is the same as filtering every edge: the same nodes, and the
 * edges with both ends in it in the graph's order.
 */
import type { DrawEdge, DrawGraph, DrawNode } from './draw-types';

export interface EdgeIndex {
  edges: readonly DrawEdge[];
  /** Near-miss edges (Service → ghost): few, each always in the twin. */
  nearMiss: readonly DrawEdge[];
  /** Indexes into `edges` by source node id, made when the twin first has a node. */
  bySource(): ReadonlyMap<string, readonly number[]>;
}

export function edgeIndexOf(edges: readonly DrawEdge[]): EdgeIndex {
  const nearMiss = edges.filter((edge) => edge.kind === 'near-miss');
  let bySource: Map<string, number[]> | null = null;
  return {
    edges,
    nearMiss,
    bySource() {
      if (bySource) return bySource;
      bySource = new Map();
      for (let i = 0; i < edges.length; i++) {
        const source = edges[i]!.source;
        const list = bySource.get(source);
        if (list) list.push(i);
        else bySource.set(source, [i]);
      }
      return bySource;
    },
  };
}

/** The twin: at most `max` highlighted nodes, the focused one, and the ghosts' pairs. */
export function overlayOf(
  graph: DrawGraph,
  index: EdgeIndex,
  highlight: ReadonlySet<string> | null,
  focusedId: string | null,
  max: number,
): DrawGraph {
  const ids = new Set<string>();
  if (highlight) for (const id of highlight) if (graph.nodes.has(id) && ids.size < max) ids.add(id);
  if (focusedId && graph.nodes.has(focusedId)) ids.add(focusedId);
  for (const edge of index.nearMiss)
    if (ids.size < max) {
      ids.add(edge.source);
      ids.add(edge.target);
    }
  const nodes = new Map<string, DrawNode>();
  for (const id of ids) nodes.set(id, graph.nodes.get(id)!);
  const at: number[] = [];
  if (ids.size > 0) {
    const bySource = index.bySource();
    for (const id of ids)
      for (const i of bySource.get(id) ?? []) if (ids.has(index.edges[i]!.target)) at.push(i);
    at.sort((a, b) => a - b);
  }
  return { ...graph, nodes, edges: at.map((i) => index.edges[i]!) };
}
