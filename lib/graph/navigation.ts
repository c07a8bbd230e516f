/**
 * Keyboard movement between drawn nodes and the "path" of a Service (what clicking it
 * highlights). Pure functions over a DrawGraph and its Layout.
 */
import type { Layout, NodePosition } from './layout';
import type { DrawGraph } from './draw-types';

export interface Adjacency {
  out: Map<string, string[]>;
  in: Map<string, string[]>;
  /** Per column, node ids in row order. */
  columns: string[][];
}

export function buildAdjacency(graph: DrawGraph, layout: Layout): Adjacency {
  const out = new Map<string, string[]>();
  const inn = new Map<string, string[]>();
  for (const edge of graph.edges) {
    let o = out.get(edge.source);
    if (!o) out.set(edge.source, (o = []));
    o.push(edge.target);
    let i = inn.get(edge.target);
    if (!i) inn.set(edge.target, (i = []));
    i.push(edge.source);
  }
  const columns: string[][] = [[], [], [], []];
  for (const [id, pos] of layout.positions) columns[pos.column]?.push(id);
  for (const column of columns)
    column.sort((a, b) => layout.positions.get(a)!.row - layout.positions.get(b)!.row);
  return { out, in: inn, columns };
}

export type NavKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End';

function nearestInColumn(column: string[], row: number, layout: Layout): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const id of column) {
    const d = Math.abs(layout.positions.get(id)!.row - row);
    if (d < bestDistance) {
      bestDistance = d;
      best = id;
    }
  }
  return best;
}

/** Where a focused node was drawn: its column and row. */
export type Place = Pick<NodePosition, 'column' | 'row'>;

/**
 * A move from a node that is no longer drawn (a pod deleted while the graph's focus was on it):
 * as if it were still at its place. Up is the node above that place in its column, Down the one
 * at or below it (the rows below may have closed up), Home/End the column's ends, Left/Right the
 * nearest row in the nearest non-empty column that way. With nothing that way, the nearest row
 * anywhere.
 */
function moveFromPlace(place: Place, key: NavKey, adjacency: Adjacency, layout: Layout) {
  const rowOf = (id: string) => layout.positions.get(id)!.row;
  const column = adjacency.columns[place.column] ?? [];
  const nearestFrom = (step: 1 | -1) => {
    for (let c = place.column + step; c >= 0 && c < adjacency.columns.length; c += step) {
      const near = nearestInColumn(adjacency.columns[c]!, place.row, layout);
      if (near) return near;
    }
    return undefined;
  };
  switch (key) {
    case 'ArrowUp':
      return column.findLast((id) => rowOf(id) < place.row) ?? column[0];
    case 'ArrowDown':
      return column.find((id) => rowOf(id) >= place.row) ?? column[column.length - 1];
    case 'Home':
      return column[0];
    case 'End':
      return column[column.length - 1];
    case 'ArrowRight':
      return nearestFrom(1);
    case 'ArrowLeft':
      return nearestFrom(-1);
  }
}

/**
 * The node a key moves the graph's focus to. `current` is the focused node; when it is no longer
 * drawn, `place` (where it was) keeps the arrows where the person was instead of starting again
 * from the first node.
 */
export function moveFocus(
  current: string | null,
  key: NavKey,
  adjacency: Adjacency,
  layout: Layout,
  place?: Place,
): string | null {
  const firstAny = adjacency.columns.find((column) => column.length > 0)?.[0];
  const pos = current ? layout.positions.get(current) : undefined;
  if (current && !pos && place) {
    return (
      moveFromPlace(place, key, adjacency, layout) ??
      nearestInColumn(adjacency.columns.flat(), place.row, layout) ??
      null
    );
  }
  if (!current || !pos) return firstAny ?? null;
  const column = adjacency.columns[pos.column] ?? [];
  const index = column.indexOf(current);
  // Right/Left follow edges to the nearest column that way (a pod's workload before its
  // endpoint), rows breaking ties; a breakdown row in the same column is reached by Up/Down.
  const toward = (ids: string[], direction: 1 | -1) =>
    ids
      .map((id) => ({ id, p: layout.positions.get(id) }))
      .filter(({ p }) => p && (p.column - pos.column) * direction > 0)
      .sort((a, b) => (a.p!.column - b.p!.column) * direction || a.p!.row - b.p!.row)
      .map(({ id }) => id);
  switch (key) {
    case 'ArrowUp':
      return column[Math.max(0, index - 1)] ?? current;
    case 'ArrowDown':
      return column[Math.min(column.length - 1, index + 1)] ?? current;
    case 'Home':
      return column[0] ?? current;
    case 'End':
      return column[column.length - 1] ?? current;
    case 'ArrowRight': {
      const next = toward(adjacency.out.get(current) ?? [], 1);
      if (next[0]) return next[0];
      for (let c = pos.column + 1; c < adjacency.columns.length; c++) {
        const near = nearestInColumn(adjacency.columns[c]!, pos.row, layout);
        if (near) return near;
      }
      return current;
    }
    case 'ArrowLeft': {
      const prev = toward(adjacency.in.get(current) ?? [], -1);
      if (prev[0]) return prev[0];
      for (let c = pos.column - 1; c >= 0; c--) {
        const near = nearestInColumn(adjacency.columns[c]!, pos.row, layout);
        if (near) return near;
      }
      return current;
    }
  }
}

/**
 * The Service, its endpoints and their targets (and overlay pods), and the workloads drawn beside
 * it with their ownership edges and breakdown rows: nodes and edges.
 */
export function servicePath(graph: DrawGraph, serviceId: string): Set<string> {
  const set = new Set<string>([serviceId]);
  const firstHop = new Set<string>();
  for (const edge of graph.edges) {
    if (edge.source === serviceId) {
      set.add(edge.id);
      set.add(edge.target);
      firstHop.add(edge.target);
    }
  }
  for (const edge of graph.edges) {
    if (firstHop.has(edge.source)) {
      set.add(edge.id);
      set.add(edge.target);
    } else if (edge.kind === 'owns' && graph.nodes.get(edge.source)?.service?.id === serviceId) {
      set.add(edge.id);
      set.add(edge.source);
      set.add(edge.target);
    }
  }
  return set;
}

/**
 * The element id of the node the graph's keyboard focus is on, which the graph names in
 * `aria-activedescendant` (components/graph/graph-view.tsx): the node id with every character but
 * letters, digits and `-` written as `_<hex>_`, so it is a plain token and two node ids never
 * share one (a screen reader speaks the new node because the id changed).
 */
export function activeNodeElementId(nodeId: string): string {
  return `graph-node-${nodeId.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`;
}
