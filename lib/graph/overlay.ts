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
 *
 * `twinKeeper()` makes, per view, what the SVG layer draws of a twin: its nodes and edges and
 * their positions alone, the same object again while none of them changed. The SVG layer is
 * memoised, so a streaming update elsewhere on a 51k-node map renders none of the twin's up to
 * 300 nodes again (about an eighth of what the page allocated per update before).
 */
import type { DrawEdge, DrawGraph, DrawNode } from './draw-types';
import type { Layout, NodePosition } from './layout';

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

/** What the SVG layer draws of a twin: nothing else of the graph or layout is in it. */
export interface Twin {
  graph: Pick<DrawGraph, 'nodes' | 'edges'>;
  layout: Pick<Layout, 'positions'>;
}

const samePosition = (a: NodePosition | undefined, b: NodePosition | undefined) =>
  a === b || (!!a && !!b && a.x === b.x && a.y === b.y);

/** Whether `previous` draws what `overlay` at `positions` draws: same objects, same places. */
function drawsTheSame(
  previous: Twin,
  overlay: Pick<DrawGraph, 'nodes' | 'edges'>,
  positions: ReadonlyMap<string, NodePosition>,
): boolean {
  const { nodes, edges } = previous.graph;
  if (nodes.size !== overlay.nodes.size || edges.length !== overlay.edges.length) return false;
  const kept = nodes.entries();
  for (const [id, node] of overlay.nodes) {
    const [keptId, keptNode] = kept.next().value!;
    if (keptId !== id || keptNode !== node) return false;
    if (!samePosition(previous.layout.positions.get(id), positions.get(id))) return false;
  }
  return edges.every((edge, i) => edge === overlay.edges[i]);
}

/**
 * One per view (see the header): `keep(overlay, layout)` returns the twin of `overlay` with its
 * nodes' positions in `layout`, copied (the mirror moves position objects in place), or the last
 * one it returned when that draws the same nodes and edges (by identity) at the same places.
 */
export function twinKeeper(): (
  overlay: Pick<DrawGraph, 'nodes' | 'edges'>,
  layout: Layout,
) => Twin {
  let last: Twin | null = null;
  return (overlay, layout) => {
    if (last && drawsTheSame(last, overlay, layout.positions)) return last;
    const positions = new Map<string, NodePosition>();
    for (const id of overlay.nodes.keys()) {
      const p = layout.positions.get(id);
      if (p) positions.set(id, { ...p });
    }
    return (last = {
      graph: { nodes: overlay.nodes, edges: overlay.edges },
      layout: { positions },
    });
  };
}
