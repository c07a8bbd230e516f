/**
 * The top of a big first picture: what the pipeline posts first when a drawing of many nodes
 * goes to a page that shows none (a big cluster's first snapshot), so the page decodes, mirrors
 * and paints a screenful, and the rest follows as a second diff once that is painted
 * (lib/worker/pipeline.ts). At 51k nodes the whole first picture was ~550 ms of one task on the
 * page (decoding the message, mirroring it, React) and ~100 ms more in the frame that painted it.
 *
 * Contract: `firstScreen(drawing, rows)` answers a plain drawing (no kept tables) of the blocks
 * that start in the first `rows` rows, whole: their nodes, the edges between those, their
 * outline entries (a child whose node is laid out in a later block is left out until the rest
 * comes), their positions as the full layout has them, and the full drawing's counts and size,
 * so the view fits the whole map and nothing moves when the rest arrives; `restOf` the nodes it
 * leaves out. Null when the top would be most of the picture anyway. `restAfter(top, drawing)`
 * is the diff from that top to the drawing it was made of, the same as `diffDrawing(top,
 * plainDrawing(drawing))`, made without comparing what the top already holds (it holds the
 * drawing's own nodes and positions, unchanged), or null where the two could differ (the top's
 * edges not the first of the drawing's, or so few edges left that the diff would send their
 * order). Pure; the drawing is read, never changed, and the answer shares no table with it.
 *
 * Why `restAfter`: the rest is diffed while the page paints the top and is then what the map
 * waits for; at 51k nodes the generic diff looked up every node, position and edge of the rest
 * in the top's tables to find nothing there.
 */
import type { DrawEdge, DrawGraph, DrawNode, OutlineEntry } from '../graph/draw-types';
import type { Drawing } from '../graph/drawing';
import type { NodePosition } from '../graph/layout';
import {
  IMPLIED_ORDER_MAX,
  outlineChange,
  type DrawingDiff,
  type DrawingSource,
} from './drawing-diff';

export interface FirstScreen {
  top: DrawingSource;
  /** Nodes of the drawing that the top leaves for later. */
  restOf: number;
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

export function firstScreen(drawing: Drawing, rows: number): FirstScreen | null {
  const { graph, layout } = drawing;
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
  const restOf = graph.nodes.size - nodes.size;
  if (nodes.size === 0 || restOf < graph.nodes.size * MIN_REST_SHARE) return null;
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
    top: {
      graph: top,
      layout: { positions, rows: layout.rows, width: layout.width, height: layout.height },
    },
    restOf,
  };
}

/** A drawing as plain data: diffed as such, without relying on its kept tables' changes. */
export function plainDrawing(drawing: Drawing): DrawingSource {
  return { graph: drawing.graph, layout: drawing.layout };
}

export function restAfter(top: DrawingSource, drawing: Drawing): DrawingDiff | null {
  const { graph, layout } = drawing;
  const topEdges = top.graph.edges;
  if (graph.edges.length - topEdges.length <= IMPLIED_ORDER_MAX) return null;
  // The top is fitted and counted as the whole (firstScreen): a diff would send neither.
  const { rows, width, height } = top.layout;
  const counted = top.graph;
  if (rows !== layout.rows || width !== layout.width || height !== layout.height) return null;
  if (
    counted.matchedServices !== graph.matchedServices ||
    counted.totalServices !== graph.totalServices ||
    counted.collapsedNamespaces !== graph.collapsedNamespaces
  )
    return null;
  for (let i = 0; i < topEdges.length; i++) if (topEdges[i] !== graph.edges[i]) return null;
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
  return diff;
}
