/**
 * The top of a big first picture: what the pipeline posts first when a drawing of many nodes
 * goes to a page that shows none (a big cluster's first snapshot), so the page decodes, mirrors
 * and paints a screenful, and the rest follows as a second diff once that is painted
 * (lib/worker/pipeline.ts). At 51k nodes the whole first picture was ~550 ms of one task on the
 * page (decoding the message, mirroring it, React) and ~100 ms more in the frame that painted it.
 *
 * Contract: `topBlocks(graph, layout, rows)` is a plain drawing (no kept tables) of the blocks
 * that start in the first `rows` rows, whole: their nodes, the edges between those, their
 * outline entries (a child whose node is laid out in a later block is left out until the rest
 * comes), their positions as the layout has them, and the graph's counts and the layout's size.
 * `firstScreen(drawing, rows)` is that top of a whole drawing, so the view fits the whole map
 * and nothing moves when the rest arrives, with `rest`, the Services it leaves out (a namespace
 * group counts its Services); null when the top would be most of the picture anyway.
 * `restAfter(top, drawing)` is the diff from a top to a drawing whose top it is, the same as
 * `diffDrawing(top, plainDrawing(drawing))`, made without comparing the rest with the top's
 * tables: it checks that the top's nodes, positions and edges are the drawing's (by identity, or
 * by value for a top drawn apart: lib/worker/early-top.ts), and is null where the two could
 * differ (they are not, or so few edges are left that the diff would send their order). Pure;
 * the drawing is read, never changed, and the answer shares no table with it.
 *
 * Why `restAfter`: the rest is diffed while the page paints the top and is then what the map
 * waits for; at 51k nodes the generic diff looked up every node, position and edge of the rest
 * in the top's tables to find nothing there.
 */
import type { DrawEdge, DrawGraph, DrawNode, OutlineEntry } from '../graph/draw-types';
import type { Drawing } from '../graph/drawing';
import type { Layout, NodePosition } from '../graph/layout';
import {
  countsAndSizeChange,
  IMPLIED_ORDER_MAX,
  outlineChange,
  sameValue,
  type DrawingDiff,
  type DrawingSource,
} from './drawing-diff';

export interface FirstScreen {
  top: DrawingSource;
  /** Services of the drawing that the top leaves for later. */
  rest: number;
}

/** Below this share of the drawing left for later, posting in two saves too little. */
const MIN_REST_SHARE = 0.25;

function keptOutline(entries: readonly OutlineEntry[], nodes: ReadonlyMap<string, DrawNode>) {
  const kept: OutlineEntry[] = [];
  let same = true;
  for (const entry of entries) {
    if (!nodes.has(entry.nodeId)) {
      same = false;
      continue;
    }
    const children = keptOutline(entry.children, nodes);
    if (children === entry.children) kept.push(entry);
    else {
      kept.push({ ...entry, children });
      same = false;
    }
  }
  return same ? (entries as OutlineEntry[]) : kept;
}

/** The Services drawn in `nodes`: one per Service node, a namespace group's own count. */
export function servicesDrawn(nodes: ReadonlyMap<string, DrawNode>): number {
  let count = 0;
  for (const node of nodes.values()) {
    if (node.kind === 'service') count++;
    else if (node.kind === 'namespace-group') count += node.group?.count ?? 0;
  }
  return count;
}

export function topBlocks(graph: DrawGraph, layout: Layout, rows: number): DrawingSource {
  const nodes = new Map<string, DrawNode>();
  const positions = new Map<string, NodePosition>();
  for (const [id, node] of graph.nodes) {
    const block = layout.blocks.get(node.block);
    if (!block || block.start >= rows) continue;
    const position = layout.positions.get(id);
    if (!position) continue;
    nodes.set(id, node);
    // Copied: the pipeline's tables, and the position objects in them, change with its next build.
    positions.set(id, { ...position });
  }
  const edges: DrawEdge[] = graph.edges.filter((e) => nodes.has(e.source) && nodes.has(e.target));
  const top: DrawGraph = {
    nodes,
    edges,
    blocks: [],
    outline: keptOutline(graph.outline, nodes),
    matchedServices: graph.matchedServices,
    totalServices: graph.totalServices,
    collapsedNamespaces: graph.collapsedNamespaces,
  };
  return {
    graph: top,
    layout: { positions, rows: layout.rows, width: layout.width, height: layout.height },
  };
}

export function firstScreen(drawing: Drawing, rows: number): FirstScreen | null {
  const top = topBlocks(drawing.graph, drawing.layout, rows);
  const held = top.graph.nodes.size;
  const left = drawing.graph.nodes.size - held;
  if (held === 0 || left < drawing.graph.nodes.size * MIN_REST_SHARE) return null;
  return { top, rest: drawing.graph.matchedServices - servicesDrawn(top.graph.nodes) };
}

/** A drawing as plain data: diffed as such, without relying on its kept tables' changes. */
export function plainDrawing(drawing: Drawing): DrawingSource {
  return { graph: drawing.graph, layout: drawing.layout };
}

const samePosition = (a: NodePosition, b: NodePosition | undefined) =>
  !!b && a.x === b.x && a.y === b.y && a.column === b.column && a.row === b.row;

/** Whether the top's nodes, positions and edges (a prefix of the drawing's) are the drawing's. */
function topIsOf(top: DrawingSource, graph: DrawGraph, layout: Layout): boolean {
  const topEdges = top.graph.edges;
  for (let i = 0; i < topEdges.length; i++) {
    const edge = graph.edges[i];
    if (topEdges[i] !== edge && !sameValue(topEdges[i], edge)) return false;
  }
  for (const [id, node] of top.graph.nodes) {
    const now = graph.nodes.get(id);
    if (now !== node && (!now || !sameValue(node, now))) return false;
  }
  for (const [id, position] of top.layout.positions)
    if (!samePosition(position, layout.positions.get(id))) return false;
  return top.layout.positions.size === top.graph.nodes.size;
}

export function restAfter(top: DrawingSource, drawing: Drawing): DrawingDiff | null {
  const { graph, layout } = drawing;
  const topEdges = top.graph.edges;
  if (graph.edges.length - topEdges.length <= IMPLIED_ORDER_MAX) return null;
  if (!topIsOf(top, graph, layout)) return null;
  const held = top.graph.nodes;
  const nodes: DrawNode[] = [];
  for (const [id, node] of graph.nodes) if (!held.has(id)) nodes.push(node);
  const placed = top.layout.positions;
  const movedIds: string[] = [];
  const moved = new Float64Array((layout.positions.size - placed.size) * 4);
  let at = 0;
  for (const [id, pos] of layout.positions) {
    if (placed.has(id)) continue;
    movedIds.push(id);
    moved[at++] = pos.x;
    moved[at++] = pos.y;
    moved[at++] = pos.column;
    moved[at++] = pos.row;
  }
  const diff: DrawingDiff = {
    nodes,
    removedNodes: [],
    edges: graph.edges.slice(topEdges.length),
    removedEdges: [],
    movedIds,
    moved: at === moved.length ? moved : moved.slice(0, at),
    removedPositions: [],
    edgesAllNew: true,
  };
  const outline = outlineChange(top.graph.outline, graph.outline);
  if (outline) diff.outline = outline;
  // A top sized and counted as the whole map says nothing new here; one drawn apart does.
  return Object.assign(diff, countsAndSizeChange(top, plainDrawing(drawing)));
}
