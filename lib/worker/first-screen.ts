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
 * leaves out. Null when the top would be most of the picture anyway. Pure; the drawing is read,
 * never changed, and the answer shares no table with it.
 */
import type { DrawEdge, DrawGraph, DrawNode, OutlineEntry } from '../graph/draw-types';
import type { Drawing } from '../graph/drawing';
import type { NodePosition } from '../graph/layout';
import type { DrawingSource } from './drawing-diff';

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
