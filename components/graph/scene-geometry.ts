/**
 * The Canvas renderer's geometry (canvas-layer.tsx), prepared once per drawing so a pan frame only
 * walks what is visible: nodes sorted by y (binary search for the window), edges grouped by style
 * and sorted by their top y. Per frame there is no string building and no Map lookup. Flat typed
 * arrays, one numeric sort each (no object per node or edge).
 *
 * Contract: `buildScene` holds every drawn node that has a position, in y order, and every edge
 * whose ends both have one, in the batch of its style and dimming (dimmed batches first), in top
 * order. canvas-scene.ts decides when to build one and when to patch the last
 * (scene-patch.ts). Pure.
 */
import type { DrawEdge, DrawGraph, DrawNode } from '@/lib/graph/draw-types';
import { edgeEnds } from '@/lib/graph/edge-geometry';
import type { Layout } from '@/lib/graph/layout';
import { edgeStyle } from './graph-style';

export interface EdgeBatch {
  color: string;
  dash: string;
  width: number;
  dim: boolean;
  /** [ax, ay, bx, by] per edge, sorted by min(ay, by). */
  segs: Float64Array;
  /** 1 where the edge is an elbow (lib/graph/edge-geometry.ts), else 0; parallel to tops. */
  elbows: Uint8Array;
  tops: Float64Array;
  /** Largest vertical extent of an edge in this batch (at least). */
  span: number;
  /** The edges, parallel to tops: what a patch takes out. */
  edges: DrawEdge[];
}

export interface Scene {
  /** Sorted by y; `nodeXs`/`nodeYs` parallel. */
  nodes: DrawNode[];
  nodeXs: Float64Array;
  nodeYs: Float64Array;
  batches: EdgeBatch[];
  /** What it was built from, to patch it or to reuse what a restyle leaves alone. */
  graph: DrawGraph;
  layout: Layout;
  highlight: Set<string> | null;
}

type Style = ReturnType<typeof edgeStyle>;

/** 2^18: the packed sort below holds an index below this in the low bits of an integer key. */
const PACK = 262_144;

/**
 * The order that sorts `keys` ascending (stable). Integer keys — layout rows are whole pixels —
 * are packed with their index into one double and sorted natively, with no comparator call per
 * pair; anything else falls back to a comparator.
 */
function sortedOrder(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const order = new Uint32Array(n);
  if (n < PACK && keys.every((k) => Number.isInteger(k) && Math.abs(k) < 2 ** 33)) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = keys[i]! * PACK + i;
    packed.sort();
    for (let i = 0; i < n; i++) {
      const v = packed[i]!;
      order[i] = v - Math.floor(v / PACK) * PACK;
    }
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => keys[a]! - keys[b]! || a - b);
}

/** An edge's style depends on its kind, condition and label only: one object per combination. */
const styles = new Map<string, Style>();
function styleOf(edge: DrawEdge): Style {
  const key = `${edge.kind}|${edge.condition ?? ''}|${edge.label ?? ''}`;
  let style = styles.get(key);
  if (!style) styles.set(key, (style = edgeStyle(edge)));
  return style;
}

/** Edges waiting to be sorted into batches: five numbers each (ax, ay, bx, by, elbow). */
interface Pending {
  flat: number[];
  edges: DrawEdge[];
}

/** Adds `edge` to the pending group of its style and dimming, if both its ends are drawn. */
function collect(
  groups: Map<Style, { dim: Pending; lit: Pending }>,
  edge: DrawEdge,
  layout: Layout,
  highlight: Set<string> | null,
) {
  const a = layout.positions.get(edge.source);
  const b = layout.positions.get(edge.target);
  if (!a || !b) return;
  const style = styleOf(edge);
  let group = groups.get(style);
  if (!group)
    groups.set(style, (group = { dim: { flat: [], edges: [] }, lit: { flat: [], edges: [] } }));
  const into = highlight !== null && !highlight.has(edge.id) ? group.dim : group.lit;
  const e = edgeEnds(a, b);
  into.flat.push(e.ax, e.ay, e.bx, e.by, e.elbow ? 1 : 0);
  into.edges.push(edge);
}

/** A batch of `pending`'s edges, sorted by top. */
function sortedBatch(style: Style, dim: boolean, pending: Pending): EdgeBatch {
  const { flat } = pending;
  const count = pending.edges.length;
  const unsortedTops = new Float64Array(count);
  for (let i = 0; i < count; i++) unsortedTops[i] = Math.min(flat[i * 5 + 1]!, flat[i * 5 + 3]!);
  const order = sortedOrder(unsortedTops);
  const segs = new Float64Array(count * 4);
  const tops = new Float64Array(count);
  const elbows = new Uint8Array(count);
  const edges = new Array<DrawEdge>(count);
  let span = 0;
  order.forEach((from, to) => {
    const at = from * 5;
    segs[to * 4] = flat[at]!;
    segs[to * 4 + 1] = flat[at + 1]!;
    segs[to * 4 + 2] = flat[at + 2]!;
    segs[to * 4 + 3] = flat[at + 3]!;
    elbows[to] = flat[at + 4]!;
    tops[to] = unsortedTops[from]!;
    edges[to] = pending.edges[from]!;
    span = Math.max(span, Math.abs(flat[at + 1]! - flat[at + 3]!));
  });
  return {
    color: style.color,
    dash: style.dash,
    width: style.width,
    dim,
    segs,
    elbows,
    tops,
    span,
    edges,
  };
}

export function edgeBatches(
  edges: readonly DrawEdge[],
  layout: Layout,
  highlight: Set<string> | null,
): EdgeBatch[] {
  const groups = new Map<Style, { dim: Pending; lit: Pending }>();
  for (const edge of edges) collect(groups, edge, layout, highlight);
  // Dimmed edges first, so the highlighted ones are drawn over them.
  const batches: EdgeBatch[] = [];
  for (const dim of [true, false])
    for (const [style, group] of groups) {
      const pending = dim ? group.dim : group.lit;
      if (pending.edges.length > 0) batches.push(sortedBatch(style, dim, pending));
    }
  return batches;
}

export function buildScene(graph: DrawGraph, layout: Layout, highlight: Set<string> | null): Scene {
  const drawn: DrawNode[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const node of graph.nodes.values()) {
    const p = layout.positions.get(node.id);
    if (!p) continue;
    drawn.push(node);
    xs.push(p.x);
    ys.push(p.y);
  }
  const order = sortedOrder(Float64Array.from(ys));
  const nodes = new Array<DrawNode>(drawn.length);
  const nodeXs = new Float64Array(drawn.length);
  const nodeYs = new Float64Array(drawn.length);
  order.forEach((from, to) => {
    nodes[to] = drawn[from]!;
    nodeXs[to] = xs[from]!;
    nodeYs[to] = ys[from]!;
  });
  return {
    nodes,
    nodeXs,
    nodeYs,
    batches: edgeBatches(graph.edges, layout, highlight),
    graph,
    layout,
    highlight,
  };
}

/** Merges two runs sorted by key (`a` kept where keys tie) by index: the order of the result. */
export function mergeOrder(aKeys: Float64Array, bKeys: Float64Array): Int32Array {
  // ≥ 0: index into a; < 0: ~index into b.
  const out = new Int32Array(aKeys.length + bKeys.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k++)
    out[k] = j >= bKeys.length || (i < aKeys.length && aKeys[i]! <= bKeys[j]!) ? i++ : ~j++;
  return out;
}
