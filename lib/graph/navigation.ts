/**
 * Keyboard movement between drawn nodes and the "path" of a Service (what clicking it
 * highlights). Pure functions over a DrawGraph and its Layout.
 */
import type { Layout } from './layout';
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
  const columns: string[][] = [[], [], []];
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

export function moveFocus(
  current: string | null,
  key: NavKey,
  adjacency: Adjacency,
  layout: Layout,
): string | null {
  const firstAny =
    adjacency.columns[0]?.[0] ?? adjacency.columns[1]?.[0] ?? adjacency.columns[2]?.[0];
  const pos = current ? layout.positions.get(current) : undefined;
  if (!current || !pos) return firstAny ?? null;
  const column = adjacency.columns[pos.column] ?? [];
  const index = column.indexOf(current);
  const byRow = (ids: string[]) =>
    [...ids].sort((a, b) => layout.positions.get(a)!.row - layout.positions.get(b)!.row);
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
      const next = byRow(
        (adjacency.out.get(current) ?? []).filter((id) => layout.positions.has(id)),
      );
      if (next[0]) return next[0];
      const right = adjacency.columns[pos.column + 1];
      return (right && nearestInColumn(right, pos.row, layout)) ?? current;
    }
    case 'ArrowLeft': {
      const prev = byRow(
        (adjacency.in.get(current) ?? []).filter((id) => layout.positions.has(id)),
      );
      if (prev[0]) return prev[0];
      const left = adjacency.columns[pos.column - 1];
      return (left && nearestInColumn(left, pos.row, layout)) ?? current;
    }
  }
}

/** The Service, its endpoints and their targets (and overlay pods), nodes and edges. */
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
    }
  }
  return set;
}
