/**
 * The Canvas renderer's geometry (canvas-layer.tsx), prepared once per drawing so a pan frame only
 * walks what is visible: nodes sorted by y (binary search for the window), edges grouped by style
 * and sorted by their top y. Per frame there is no string building and no Map lookup. Flat typed
 * arrays, one numeric sort each (no object per node or edge).
 *
 * Contract: `sceneBuilder()` returns `sceneOf(graph, layout, highlight)`, one per canvas. A scene
 * holds every drawn node that has a position, in y order, and every edge whose ends both have one,
 * in the batch of its style and dimming, in top order. When the mirror's graph was made by a diff
 * applied to the drawing the last scene was built from (`appliedDiff`, lib/worker/drawing-diff.ts)
 * and the highlight is the same, the last scene is patched: what lies in rows the diff shifts
 * (blocks that moved whole, lib/worker/row-shifts.ts) moves with them, and the nodes and edges the
 * diff moved otherwise, added, restyled or removed (and the edges of such nodes, or of ends that
 * shifted unlike) are taken out and put back where they now sort, in O(drawn) array copies and
 * O(changed) lookups — at 51k nodes a full rebuild was a long task per update. Otherwise, or when the diff moved a quarter of the nodes or more, the
 * scene is built from scratch. Either way the same nodes and edges are in the same places (ties in
 * y may come in another order, which paints the same).
 */
import type { DrawEdge, DrawGraph, DrawNode } from '@/lib/graph/draw-types';
import { edgeEnds } from '@/lib/graph/edge-geometry';
import { ROW_HEIGHT, type Layout } from '@/lib/graph/layout';
import { appliedDiff, type DrawingDiff } from '@/lib/worker/drawing-diff';
import { shiftOf, type RowShifts } from '@/lib/worker/row-shifts';
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

function edgeBatches(
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

function buildScene(graph: DrawGraph, layout: Layout, highlight: Set<string> | null): Scene {
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
function mergeOrder(aKeys: Float64Array, bKeys: Float64Array): Int32Array {
  // ≥ 0: index into a; < 0: ~index into b.
  const out = new Int32Array(aKeys.length + bKeys.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k++)
    out[k] = j >= bKeys.length || (i < aKeys.length && aKeys[i]! <= bKeys[j]!) ? i++ : ~j++;
  return out;
}

/** How many rows what is drawn at `y` moved (a node's top, or an edge's end inside its node). */
const rowShift = (shifts: RowShifts | undefined, y: number) =>
  shifts ? shiftOf(shifts, Math.floor(y / ROW_HEIGHT)) : 0;

/**
 * The nodes of `previous` without `out`, shifted, restyled from the graph, with `added` sorted
 * in; null if the shifts left them out of order.
 */
function patchNodes(
  previous: Scene,
  graph: DrawGraph,
  layout: Layout,
  out: ReadonlySet<string>,
  restyled: ReadonlySet<string>,
  added: readonly string[],
  shifts: RowShifts | undefined,
): Pick<Scene, 'nodes' | 'nodeXs' | 'nodeYs'> | null {
  const keptNodes: DrawNode[] = [];
  const keptXs: number[] = [];
  const keptYs: number[] = [];
  let sorted = true;
  previous.nodes.forEach((node, i) => {
    if (out.has(node.id)) return;
    keptNodes.push(restyled.has(node.id) ? (graph.nodes.get(node.id) ?? node) : node);
    keptXs.push(previous.nodeXs[i]!);
    const y = previous.nodeYs[i]! + rowShift(shifts, previous.nodeYs[i]!) * ROW_HEIGHT;
    if (keptYs.length > 0 && keptYs[keptYs.length - 1]! > y) sorted = false;
    keptYs.push(y);
  });
  if (!sorted) return null;
  const fresh: { node: DrawNode; x: number; y: number }[] = [];
  for (const id of added) {
    const node = graph.nodes.get(id);
    const p = layout.positions.get(id);
    if (node && p) fresh.push({ node, x: p.x, y: p.y });
  }
  fresh.sort((a, b) => a.y - b.y);
  const order = mergeOrder(
    Float64Array.from(keptYs),
    Float64Array.from(fresh, (f) => f.y),
  );
  const nodes = new Array<DrawNode>(order.length);
  const nodeXs = new Float64Array(order.length);
  const nodeYs = new Float64Array(order.length);
  order.forEach((from, to) => {
    const f = from < 0 ? fresh[~from]! : null;
    nodes[to] = f ? f.node : keptNodes[from]!;
    nodeXs[to] = f ? f.x : keptXs[from]!;
    nodeYs[to] = f ? f.y : keptYs[from]!;
  });
  return { nodes, nodeXs, nodeYs };
}

/** The edges a patch keeps of a batch, by index, and how far down each moves (layout units). */
interface Kept {
  at: number[];
  dy: number[];
}

/**
 * `batch` with only the kept edges, moved, and `extra`'s (sorted by top too) merged in; undefined
 * if the moves left the kept ones out of order, null if nothing is left.
 */
function mergeBatch(
  batch: EdgeBatch,
  kept: Kept,
  extra: EdgeBatch | undefined,
): EdgeBatch | null | undefined {
  const adding = extra?.edges.length ?? 0;
  const moves = kept.dy.some((dy) => dy !== 0);
  if (kept.at.length === batch.edges.length && adding === 0 && !moves) return batch;
  if (kept.at.length + adding === 0) return null;
  const keptTops = Float64Array.from(kept.at, (i, k) => batch.tops[i]! + kept.dy[k]!);
  for (let k = 1; k < keptTops.length; k++) if (keptTops[k - 1]! > keptTops[k]!) return undefined;
  const order = mergeOrder(keptTops, extra?.tops ?? new Float64Array(0));
  const segs = new Float64Array(order.length * 4);
  const tops = new Float64Array(order.length);
  const elbows = new Uint8Array(order.length);
  const edges = new Array<DrawEdge>(order.length);
  order.forEach((from, to) => {
    const source = from < 0 ? extra! : batch;
    const at = from < 0 ? ~from : kept.at[from]!;
    const dy = from < 0 ? 0 : kept.dy[from]!;
    segs[to * 4] = source.segs[at * 4]!;
    segs[to * 4 + 1] = source.segs[at * 4 + 1]! + dy;
    segs[to * 4 + 2] = source.segs[at * 4 + 2]!;
    segs[to * 4 + 3] = source.segs[at * 4 + 3]! + dy;
    tops[to] = source.tops[at]! + dy;
    elbows[to] = source.elbows[at]!;
    edges[to] = source.edges[at]!;
  });
  return { ...batch, segs, tops, elbows, edges, span: Math.max(batch.span, extra?.span ?? 0) };
}

const sameStyle = (a: EdgeBatch, b: EdgeBatch) =>
  a.dim === b.dim && a.color === b.color && a.dash === b.dash && a.width === b.width;

/** `previous` with `diff` applied (see the header), or null when a rebuild is the better deal. */
function patchScene(
  previous: Scene,
  graph: DrawGraph,
  layout: Layout,
  diff: DrawingDiff,
): Scene | null {
  const out = new Set<string>([...diff.movedIds, ...diff.removedPositions, ...diff.removedNodes]);
  if (out.size * 4 >= previous.nodes.length) return null;
  // A new node always has a new position, so it is among the moved ids.
  const restyled = new Set(diff.nodes.map((n) => n.id));
  const { shifts } = diff;
  const nodes = patchNodes(previous, graph, layout, out, restyled, diff.movedIds, shifts);
  if (!nodes) return null;

  // Edges: the diff's own, and every edge of a node that moved or went, out and back in; an edge
  // whose two ends moved alike moves with them.
  const changed = new Set<string>([...diff.removedEdges, ...diff.edges.map((e) => e.id)]);
  const again: DrawEdge[] = [...diff.edges];
  const keeps = previous.batches.map((batch) => {
    const kept: Kept = { at: [], dy: [] };
    batch.edges.forEach((edge, i) => {
      if (changed.has(edge.id)) return;
      const rows = rowShift(shifts, batch.segs[i * 4 + 1]!);
      if (
        out.has(edge.source) ||
        out.has(edge.target) ||
        rows !== rowShift(shifts, batch.segs[i * 4 + 3]!)
      )
        again.push(edge);
      else {
        kept.at.push(i);
        kept.dy.push(rows * ROW_HEIGHT);
      }
    });
    return kept;
  });
  const extra = edgeBatches(again, layout, previous.highlight);
  const batches: EdgeBatch[] = [];
  for (const [i, batch] of previous.batches.entries()) {
    const at = extra.findIndex((b) => sameStyle(b, batch));
    const next = mergeBatch(batch, keeps[i]!, at < 0 ? undefined : extra.splice(at, 1)[0]);
    if (next === undefined) return null;
    if (next) batches.push(next);
  }
  // Styles new to this scene: dimmed ones before the first highlighted batch, as a build has them.
  for (const batch of extra) {
    const at = batch.dim ? batches.findIndex((b) => !b.dim) : -1;
    batches.splice(at < 0 ? batches.length : at, 0, batch);
  }
  return { ...nodes, batches, graph, layout, highlight: previous.highlight };
}

/** One per canvas: builds each scene from the one before it (see the header). */
export function sceneBuilder() {
  let last: Scene | null = null;
  return (graph: DrawGraph, layout: Layout, highlight: Set<string> | null): Scene => {
    if (last && last.graph === graph && last.layout === layout && last.highlight === highlight)
      return last;
    const applied = appliedDiff(graph);
    const patched =
      last &&
      applied &&
      applied.previous.graph === last.graph &&
      applied.previous.layout === last.layout &&
      last.highlight === highlight
        ? patchScene(last, graph, layout, applied.diff)
        : null;
    if (patched) return (last = patched);
    if (last && last.layout === layout && last.graph.edges === graph.edges) {
      // Same positions and edges: the same nodes in the same order, restyled from the graph.
      const nodes: DrawNode[] = [];
      for (const node of last.nodes) {
        const now = graph.nodes.get(node.id);
        if (!now) break;
        nodes.push(now);
      }
      if (nodes.length === last.nodes.length && nodes.length === graph.nodes.size) {
        const batches =
          last.highlight === highlight ? last.batches : edgeBatches(graph.edges, layout, highlight);
        return (last = { ...last, nodes, batches, graph, highlight });
      }
    }
    return (last = buildScene(graph, layout, highlight));
  };
}

export function lowerBound(values: Float64Array, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
