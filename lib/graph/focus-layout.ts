/**
 * The focus view: opening a Service lays out its chain (Service → endpoints → workload → their
 * pods, plus the pods the selector matches that are not endpoints and the near-miss ghosts) as a
 * compact two-column list that is readable in the width left beside the panel, and says which
 * viewport shows it. A workload heads its pods in the right-hand column (its breakdown rows under
 * it), each of its pods on the row of the endpoint that routes to it. The rest of the map keeps its positions (and is dimmed by the renderer).
 *
 * Contract: pure. `focusLayout(graph, layout, serviceId)` returns a new Layout in which only
 * the chain's nodes moved, to a region left of the whole map (x < 0, so it never overlaps
 * another block), starting at the Service's own height; plus the chain's box. The chain is
 * FOCUS_WIDTH layout units wide whatever its size: the Service on top, a collapsed endpoint group,
 * then per workload its node and its pods (each beside its endpoint), then the endpoints with no
 * workload, each on its own row indented under the Service with its target to its right, then
 * the other last-column nodes. The viewport that shows the box is lib/graph/fit.ts
 * `focusViewport`, with every other fit.
 */
import type { DrawGraph } from './draw-types';
import { NODE_HEIGHT, NODE_WIDTH, ROW_HEIGHT, type Layout, type NodePosition } from './layout';

/** How far endpoints are indented under their Service. */
export const FOCUS_INDENT = 24;
const COLUMN_GAP = 32;
/** The chain's width in layout units: indent, endpoint, gap, target. */
export const FOCUS_WIDTH = FOCUS_INDENT + NODE_WIDTH * 2 + COLUMN_GAP;
/** Space between the focus region and the whole map to its right. */
const REGION_GAP = 160;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FocusLayout {
  layout: Layout;
  box: Box;
  /** The chain's node ids (what is not dimmed). */
  members: Set<string>;
}

function byRow(layout: Layout) {
  return (a: string, b: string) =>
    (layout.positions.get(a)?.row ?? 0) - (layout.positions.get(b)?.row ?? 0);
}

/** The focus layout of `serviceId`'s chain, or null when the Service is not drawn. */
export function focusLayout(
  graph: DrawGraph,
  layout: Layout,
  serviceId: string,
): FocusLayout | null {
  const servicePos = layout.positions.get(serviceId);
  if (!servicePos || graph.nodes.get(serviceId)?.kind !== 'service') return null;
  const firstHop: string[] = [];
  const targetsOf = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (edge.source === serviceId) firstHop.push(edge.target);
    else {
      const list = targetsOf.get(edge.source);
      if (list) list.push(edge.target);
      else targetsOf.set(edge.source, [edge.target]);
    }
  }
  const order = byRow(layout);
  const column1 = firstHop.filter((id) => graph.nodes.get(id)?.column === 1).sort(order);
  const lastColumn = firstHop.filter((id) => graph.nodes.get(id)?.column === 3).sort(order);
  const workloads: string[] = [];
  for (const node of graph.nodes.values())
    if (node.kind === 'workload' && node.service?.id === serviceId) workloads.push(node.id);
  workloads.sort(order);
  // Which first-hop endpoints route to each pod.
  const endpointsOf = new Map<string, string[]>();
  for (const id of column1)
    for (const target of targetsOf.get(id) ?? []) {
      const list = endpointsOf.get(target);
      if (list) list.push(id);
      else endpointsOf.set(target, [id]);
    }

  const originX = -(FOCUS_WIDTH + REGION_GAP);
  const originY = servicePos.y;
  const baseRow = servicePos.row;
  const positions = new Map<string, NodePosition>(layout.positions);
  const members = new Set<string>();
  const place = (id: string, x: number, row: number, column: number) => {
    if (members.has(id) || !layout.positions.has(id)) return false;
    members.add(id);
    positions.set(id, {
      x: originX + x,
      y: originY + row * ROW_HEIGHT,
      column,
      row: baseRow + row,
    });
    return true;
  };
  place(serviceId, 0, 0, 0);
  let row = 1;
  const targetX = FOCUS_INDENT + NODE_WIDTH + COLUMN_GAP;
  for (const id of column1)
    if (graph.nodes.get(id)?.kind === 'endpoint-group' && place(id, FOCUS_INDENT, row, 1)) row++;
  for (const wl of workloads) {
    if (!place(wl, targetX, row, 2)) continue;
    row++;
    const owned = (targetsOf.get(wl) ?? []).slice().sort(order);
    for (const id of owned)
      if (graph.nodes.get(id)?.kind === 'workload-revision' && place(id, targetX, row, 2)) row++;
    for (const pod of owned) {
      if (graph.nodes.get(pod)?.kind === 'workload-revision' || members.has(pod)) continue;
      const endpoints = (endpointsOf.get(pod) ?? []).filter((ep) => !members.has(ep));
      if (!place(pod, targetX, row, 3) && endpoints.length === 0) continue;
      endpoints.forEach((ep, i) => place(ep, FOCUS_INDENT, row + i, 1));
      row += Math.max(1, endpoints.length);
    }
  }
  for (const id of column1) {
    if (!place(id, FOCUS_INDENT, row, 1)) continue;
    const targets = (targetsOf.get(id) ?? []).filter((t) => !members.has(t));
    // The endpoint's own target beside it; any further ones (rare) on the rows below.
    targets.forEach((t, i) => place(t, targetX, row + i, 3));
    row += Math.max(1, targets.length);
  }
  for (const id of lastColumn) if (place(id, targetX, row, 3)) row++;
  const box: Box = {
    x: originX,
    y: originY,
    width: FOCUS_WIDTH,
    height: (row - 1) * ROW_HEIGHT + NODE_HEIGHT,
  };
  return {
    layout: {
      ...layout,
      positions,
      // The region left of x = 0 is part of what a full fit must show.
      width: layout.width,
    },
    box,
    members,
  };
}
