/**
 * The Canvas renderer's geometry (canvas-layer.tsx), prepared once per drawing so a pan frame only
 * walks what is visible: nodes sorted by y (binary search for the window), edges grouped by style
 * and sorted by their top y. Per frame there is no string building and no Map lookup. Flat typed
 * arrays, one numeric sort each (no object per node or edge). A build, the page's first picture
 * on a big map, is one pass over the edges into typed arrays (their ends, tops and groups), then
 * a counting sort of them into batches.
 *
 * Contract: `buildScene` holds every drawn node that has a position, in y order, and every edge
 * whose ends both have one, in the batch of its style and dimming (dimmed batches first), in top
 * order. canvas-scene.ts decides when to build one and when to patch the last
 * (scene-patch.ts). Pure.
 */
import type { DrawEdge, DrawGraph, DrawNode } from '@/lib/graph/draw-types';
import { ELBOW_INSET } from '@/lib/graph/edge-geometry';
import { NODE_HEIGHT, NODE_WIDTH, type Layout, type NodePosition } from '@/lib/graph/layout';
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
  // Packed while checked: one pass, left at the first key that does not pack.
  const packed = new Float64Array(n < PACK ? n : 0);
  let i = 0;
  for (; i < packed.length; i++) {
    const key = keys[i]!;
    if (!Number.isInteger(key) || Math.abs(key) >= 2 ** 33) break;
    packed[i] = key * PACK + i;
  }
  if (n < PACK && i === n) {
    packed.sort();
    for (let k = 0; k < n; k++) {
      const v = packed[k]!;
      order[k] = v - Math.floor(v / PACK) * PACK;
    }
    return order;
  }
  for (let k = 0; k < n; k++) order[k] = k;
  return order.sort((a, b) => keys[a]! - keys[b]! || a - b);
}

/**
 * Every edge style made so far, by id. An edge's style depends on its kind, condition and label
 * only: one object per combination, found without building a string for an unlabelled edge
 * (labels are rare: near-miss edges).
 */
const stylesById: Style[] = [];
const unlabelledIds = new Map<string, Map<string, number>>();
const labelledIds = new Map<string, number>();

function styleIdOf(edge: DrawEdge): number {
  const condition = edge.condition ?? '';
  const label = edge.label ?? '';
  let byCondition: Map<string, number> | undefined;
  let id: number | undefined;
  if (label === '') {
    byCondition = unlabelledIds.get(edge.kind);
    if (!byCondition) unlabelledIds.set(edge.kind, (byCondition = new Map()));
    id = byCondition.get(condition);
  } else id = labelledIds.get(`${edge.kind}|${condition}|${label}`);
  if (id !== undefined) return id;
  id = stylesById.push(edgeStyle(edge)) - 1;
  if (byCondition) byCondition.set(condition, id);
  else labelledIds.set(`${edge.kind}|${condition}|${label}`, id);
  return id;
}

/**
 * The edges of `edges` whose ends are both drawn, placed and grouped by style and dimming. Groups
 * are numbered by their style's first drawn edge: group 2s is style s dimmed, 2s + 1 lit.
 */
interface Placed {
  /** Per edge: its group, or -1 when an end is not drawn. */
  groups: Int32Array;
  /** Per edge: [ax, ay, bx, by], as `edgeEnds` (lib/graph/edge-geometry.ts) has them. */
  ends: Float64Array;
  elbows: Uint8Array;
  tops: Float64Array;
  /** Per group, how many edges it holds. */
  counts: number[];
  styles: Style[];
}

/**
 * One pass over the edges, the page's first picture's hottest loop: no object, closure or string
 * per edge, and a call only for a look not met before.
 */
function placed(edges: readonly DrawEdge[], layout: Layout, highlight: Set<string> | null): Placed {
  const n = edges.length;
  const { positions } = layout;
  // Imported bindings may be getters in a bundle.
  const width = NODE_WIDTH;
  const middle = NODE_HEIGHT / 2;
  const bottom = NODE_HEIGHT;
  const groups = new Int32Array(n);
  const ends = new Float64Array(n * 4);
  const elbows = new Uint8Array(n);
  const tops = new Float64Array(n);
  const counts: number[] = [];
  const styles: Style[] = [];
  // Style id (styleIdOf) → this call's style number, -1 while not met.
  const numbers: number[] = [];
  // The unlabelled looks met, as (kind, condition, style number): a handful, scanned.
  const looks: (string | number | undefined)[] = [];
  // An edge often starts where the one before started or ended (a Service's endpoints, then each
  // endpoint's pod): those positions are not looked up again.
  let lastSource: string | undefined;
  let lastTarget: string | undefined;
  let lastA: NodePosition | undefined;
  let lastB: NodePosition | undefined;
  for (let i = 0; i < n; i++) {
    const edge = edges[i]!;
    const { source, target } = edge;
    const a = source === lastSource ? lastA : source === lastTarget ? lastB : positions.get(source);
    const b = positions.get(target);
    lastSource = source;
    lastTarget = target;
    lastA = a;
    lastB = b;
    if (!a || !b) {
      groups[i] = -1;
      continue;
    }
    let style = -1;
    if (edge.label === undefined)
      for (let k = 0; k < looks.length; k += 3)
        if (looks[k] === edge.kind && looks[k + 1] === edge.condition) {
          style = looks[k + 2] as number;
          break;
        }
    if (style < 0) {
      const id = styleIdOf(edge);
      while (numbers.length <= id) numbers.push(-1);
      if (numbers[id]! < 0) {
        numbers[id] = styles.length;
        styles.push(stylesById[id]!);
        counts.push(0, 0);
      }
      style = numbers[id]!;
      if (edge.label === undefined) looks.push(edge.kind, edge.condition, style);
    }
    const group = style * 2 + (highlight !== null && !highlight.has(edge.id) ? 0 : 1);
    groups[i] = group;
    counts[group]!++;
    const elbow = !(b.x >= a.x + width);
    const ay = a.y + (elbow ? bottom : middle);
    const by = b.y + middle;
    ends[i * 4] = elbow ? a.x + ELBOW_INSET : a.x + width;
    ends[i * 4 + 1] = ay;
    ends[i * 4 + 2] = b.x;
    ends[i * 4 + 3] = by;
    elbows[i] = elbow ? 1 : 0;
    tops[i] = Math.min(ay, by);
  }
  return { groups, ends, elbows, tops, counts, styles };
}

export function edgeBatches(
  edges: readonly DrawEdge[],
  layout: Layout,
  highlight: Set<string> | null,
): EdgeBatch[] {
  const { groups, ends, elbows, tops, counts, styles } = placed(edges, layout, highlight);
  // Dimmed groups first, so the highlighted edges are drawn over them: the batches' order.
  const batchOrder: number[] = [];
  for (let g = 0; g < counts.length; g += 2) if (counts[g]! > 0) batchOrder.push(g);
  for (let g = 1; g < counts.length; g += 2) if (counts[g]! > 0) batchOrder.push(g);
  // A counting sort of the drawn edges by group, each group in edge order.
  const starts = new Array<number>(counts.length).fill(0);
  let total = 0;
  for (const g of batchOrder) {
    starts[g] = total;
    total += counts[g]!;
  }
  const members = new Uint32Array(total);
  const next = starts.slice();
  for (let i = 0; i < edges.length; i++) {
    const g = groups[i]!;
    if (g >= 0) members[next[g]!++] = i;
  }
  const batches: EdgeBatch[] = [];
  for (const g of batchOrder) {
    const start = starts[g]!;
    const count = counts[g]!;
    const unsortedTops = new Float64Array(count);
    for (let k = 0; k < count; k++) unsortedTops[k] = tops[members[start + k]!]!;
    const order = sortedOrder(unsortedTops);
    const batchSegs = new Float64Array(count * 4);
    const batchTops = new Float64Array(count);
    const batchElbows = new Uint8Array(count);
    const batchEdges = new Array<DrawEdge>(count);
    let span = 0;
    for (let to = 0; to < count; to++) {
      const from = members[start + order[to]!]!;
      const ay = ends[from * 4 + 1]!;
      const by = ends[from * 4 + 3]!;
      batchSegs[to * 4] = ends[from * 4]!;
      batchSegs[to * 4 + 1] = ay;
      batchSegs[to * 4 + 2] = ends[from * 4 + 2]!;
      batchSegs[to * 4 + 3] = by;
      batchTops[to] = tops[from]!;
      batchElbows[to] = elbows[from]!;
      batchEdges[to] = edges[from]!;
      span = Math.max(span, Math.abs(ay - by));
    }
    const style = styles[g >> 1]!;
    batches.push({
      color: style.color,
      dash: style.dash,
      width: style.width,
      dim: (g & 1) === 0,
      segs: batchSegs,
      elbows: batchElbows,
      tops: batchTops,
      span,
      edges: batchEdges,
    });
  }
  return batches;
}

export function buildScene(graph: DrawGraph, layout: Layout, highlight: Set<string> | null): Scene {
  const size = graph.nodes.size;
  const drawn = new Array<DrawNode>(size);
  const xs = new Float64Array(size);
  const ys = new Float64Array(size);
  let m = 0;
  for (const node of graph.nodes.values()) {
    const p = layout.positions.get(node.id);
    if (!p) continue;
    drawn[m] = node;
    xs[m] = p.x;
    ys[m] = p.y;
    m++;
  }
  const order = sortedOrder(ys.subarray(0, m));
  const nodes = new Array<DrawNode>(m);
  const nodeXs = new Float64Array(m);
  const nodeYs = new Float64Array(m);
  for (let to = 0; to < m; to++) {
    const from = order[to]!;
    nodes[to] = drawn[from]!;
    nodeXs[to] = xs[from]!;
    nodeYs[to] = ys[from]!;
  }
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

/** The first index at or after `from` whose value is at least `target` (`values` ascending). */
export function lowerBound(values: Float64Array, target: number, from = 0): number {
  let lo = from;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
