/**
 * Patching a Canvas scene (scene-geometry.ts) with the drawing diff the mirror applied
 * (`appliedDiff`, lib/worker/drawing-diff.ts), instead of building it again: at 51k nodes a build
 * is ~30 ms, a patch a few.
 *
 * Contract: `patchScene(previous, graph, layout, applied)` returns a scene that paints what
 * `buildScene(graph, layout, previous.highlight)` paints (ties in y may come in another order,
 * which paints the same); or null when a build is the better deal or the shifts left the kept
 * elements out of order. Which of the diff's nodes the previous scene holds is what the mirror
 * said when the diff was applied (`AppliedDiff.drawnBefore`), not an index of the scene's ids: at
 * 51k nodes and 74k edges that index was a second of a slow machine's time after every build,
 * finished by the first patch when the page had not been idle long enough.
 *
 * What lies in rows the diff shifts (blocks that moved whole, lib/worker/row-shifts.ts) moves
 * with them; the nodes and edges the diff moved otherwise, added, restyled or removed (and the
 * edges of such nodes, or of ends that shifted unlike) are taken out and put back where they now
 * sort. A patch is one pass over the arrays with a cursor over the shifts: elements are looked
 * at one by one (an id asked of a set) only where the diff's nodes and edges were in the previous
 * scene, or near the end of a shift range; between those, what moves alike is copied as a run
 * whose end a binary search finds. It writes only from the first element that differs (a batch
 * nothing touched is kept as it is).
 */
import type { DrawEdge, DrawGraph, DrawNode } from '@/lib/graph/draw-types';
import { ROW_HEIGHT, type Layout } from '@/lib/graph/layout';
import type { AppliedDiff } from '@/lib/worker/drawing-diff';
import { shiftOf, type RowShifts } from '@/lib/worker/row-shifts';
import { edgeBatches, lowerBound, mergeOrder, type EdgeBatch, type Scene } from './scene-geometry';

/**
 * How many rows what is drawn at `y` moved, asked in ascending `y`: a cursor over the ranges, so
 * a walk of a sorted array costs no search per element. `rangeEnd` is where the last answer stops
 * holding: the first row after its range, or, when `y` lay in none, the first row of the next
 * range (Infinity when none follows).
 */
function shiftCursor(shifts: RowShifts | undefined) {
  let k = 0;
  return {
    rangeEnd: Number.POSITIVE_INFINITY,
    at(y: number): number {
      if (!shifts) return 0;
      const row = Math.floor(y / ROW_HEIGHT);
      while (k < shifts.length && shifts[k + 1]! <= row) k += 3;
      if (k < shifts.length && shifts[k]! <= row) {
        this.rangeEnd = shifts[k + 1]!;
        return shifts[k + 2]!;
      }
      this.rangeEnd = k < shifts.length ? shifts[k]! : Number.POSITIVE_INFINITY;
      return 0;
    },
  };
}

/** How many rows what is drawn at `y` moved, asked in any order. */
const rowShift = (shifts: RowShifts | undefined, y: number) =>
  shifts ? shiftOf(shifts, Math.floor(y / ROW_HEIGHT)) : 0;

/** The first index at or after `from` whose value is above `target` (`values` ascending). */
function firstAbove(values: Float64Array, target: number, from: number): number {
  let lo = from;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The nodes of `previous` without `out`, shifted, restyled from the graph, with `added` merged in
 * where they sort; null if the shifts left them out of order. One pass, written straight into the
 * new arrays. Only a node at the y of one the diff touched is looked at by itself (its id asked
 * of the sets); between those, the edges of the shift ranges and the places of new nodes, the
 * kept nodes move alike and are copied as a run, with a binary search to find its end: looked at
 * one by one, the 51k nodes of a big map were ~5 ms of every patch on a slow machine.
 */
function patchNodes(
  previous: Scene,
  graph: DrawGraph,
  layout: Layout,
  touched: Touched,
  added: readonly string[],
  shifts: RowShifts | undefined,
): Pick<Scene, 'nodes' | 'nodeXs' | 'nodeYs'> | null {
  const { out, restyled, nodeYs: at } = touched;
  const fresh: { node: DrawNode; x: number; y: number }[] = [];
  for (const id of added) {
    const node = graph.nodes.get(id);
    const p = layout.positions.get(id);
    if (node && p) fresh.push({ node, x: p.x, y: p.y });
  }
  fresh.sort((a, b) => a.y - b.y);
  const { nodes: keptNodes, nodeXs: keptXs, nodeYs: keptYs } = previous;
  const count = keptNodes.length;
  const size = count + fresh.length;
  const nodes = new Array<DrawNode>(size);
  const nodeXs = new Float64Array(size);
  const nodeYs = new Float64Array(size);
  const cursor = shiftCursor(shifts);
  let m = 0;
  let j = 0;
  let k = 0;
  let lastY = Number.NEGATIVE_INFINITY;
  // The new nodes that sort before a kept node now at `y`: after the kept ones at their y.
  const freshBefore = (y: number) => {
    for (; j < fresh.length && fresh[j]!.y < y; j++, m++) {
      nodes[m] = fresh[j]!.node;
      nodeXs[m] = fresh[j]!.x;
      nodeYs[m] = fresh[j]!.y;
    }
  };
  let i = 0;
  while (i < count) {
    const before = keptYs[i]!;
    if (at) while (k < at.length && at[k]! < before) k++;
    const rows = cursor.at(before);
    const dy = rows * ROW_HEIGHT;
    if (!at || (k < at.length && at[k] === before)) {
      // At a touched y (or every node, when where they were is not known): this node alone.
      const node = keptNodes[i]!;
      i++;
      if (out?.has(node.id)) continue;
      const y = before + dy;
      if (y < lastY) return null;
      lastY = y;
      freshBefore(y);
      nodes[m] = restyled?.has(node.id) ? (graph.nodes.get(node.id) ?? node) : node;
      nodeXs[m] = keptXs[i - 1]!;
      nodeYs[m] = y;
      m++;
      continue;
    }
    // A run nothing asks about, moved alike: up to the next touched y or the end of this range.
    let stop = k < at.length ? lowerBound(keptYs, at[k]!, i) : count;
    if (cursor.rangeEnd !== Number.POSITIVE_INFINITY)
      stop = Math.min(stop, lowerBound(keptYs, cursor.rangeEnd * ROW_HEIGHT, i));
    if (before + dy < lastY) return null;
    while (i < stop) {
      freshBefore(keptYs[i]! + dy);
      const upTo =
        j < fresh.length
          ? Math.max(i + 1, Math.min(stop, firstAbove(keptYs, fresh[j]!.y - dy, i)))
          : stop;
      nodeXs.set(keptXs.subarray(i, upTo), m);
      for (; i < upTo; i++, m++) {
        nodes[m] = keptNodes[i]!;
        nodeYs[m] = keptYs[i]! + dy;
      }
    }
    lastY = keptYs[stop - 1]! + dy;
  }
  freshBefore(Number.POSITIVE_INFINITY);
  nodes.length = m;
  return { nodes, nodeXs: nodeXs.subarray(0, m), nodeYs: nodeYs.subarray(0, m) };
}

/**
 * `batch` without the edges `leaves` says (pushed to `again` when they are to be drawn anew),
 * the rest moved by the row shifts; `batch` itself when nothing changed, undefined if the moves
 * left the kept ones out of order. An edge whose two ends moved unalike is drawn anew too. An edge
 * is looked at by itself only where its top lies in a window (`leaves` is asked only there; pairs
 * of lo, hi; null: everywhere) or within the batch's span of the end of a shift range (its lower
 * end may lie past it); between those, the edges move alike and are copied as a run.
 */
function patchBatch(
  batch: EdgeBatch,
  shifts: RowShifts | undefined,
  leaves: ((edge: DrawEdge) => boolean) | null,
  windows: readonly number[] | null,
  again: DrawEdge[],
): EdgeBatch | undefined {
  const { segs, tops, elbows, edges, span } = batch;
  const count = edges.length;
  const cursor = shiftCursor(shifts);
  let w = 0;
  // The kept edges, written only from the first edge that differs: until then they are the
  // batch's own, and a batch nothing touched is returned as it is.
  let out: Pick<EdgeBatch, 'segs' | 'tops' | 'elbows' | 'edges'> | null = null;
  let m = 0;
  let lastTop = Number.NEGATIVE_INFINITY;
  const startCopy = (upTo: number) => {
    out = {
      segs: new Float64Array(count * 4),
      tops: new Float64Array(count),
      elbows: new Uint8Array(count),
      edges: new Array<DrawEdge>(count),
    };
    out.segs.set(segs.subarray(0, upTo * 4));
    out.tops.set(tops.subarray(0, upTo));
    out.elbows.set(elbows.subarray(0, upTo));
    for (let i = 0; i < upTo; i++) out.edges[i] = edges[i]!;
  };
  let i = 0;
  while (i < count) {
    const top = tops[i]!;
    const rows = cursor.at(top);
    const dy = rows * ROW_HEIGHT;
    // Where the edges whose lower end surely lies in this range (or gap) end.
    const alikeBelow = cursor.rangeEnd * ROW_HEIGHT - span;
    if (windows) while (w < windows.length && windows[w + 1]! < top) w += 2;
    const asked = !!leaves && (!windows || (w < windows.length && windows[w]! <= top));
    if (asked || top >= alikeBelow) {
      // This edge alone.
      const edge = edges[i]!;
      const ay = segs[i * 4 + 1]!;
      const by = segs[i * 4 + 3]!;
      // The lower end moved alike when it lies in the same range (or in none, as the top).
      const bottom = Math.max(ay, by);
      const bottomRows =
        Math.floor(bottom / ROW_HEIGHT) < cursor.rangeEnd ? rows : rowShift(shifts, bottom);
      if (rows !== bottomRows || (asked && leaves!(edge))) {
        again.push(edge);
        if (!out) startCopy(i);
        i++;
        continue;
      }
      if (dy !== 0 && !out) startCopy(i);
      if (out) {
        const o: Pick<EdgeBatch, 'segs' | 'tops' | 'elbows' | 'edges'> = out;
        if (top + dy < lastTop) return undefined;
        o.segs[m * 4] = segs[i * 4]!;
        o.segs[m * 4 + 1] = ay + dy;
        o.segs[m * 4 + 2] = segs[i * 4 + 2]!;
        o.segs[m * 4 + 3] = by + dy;
        o.tops[m] = top + dy;
        o.elbows[m] = elbows[i]!;
        o.edges[m] = edge;
      }
      lastTop = top + dy;
      m++;
      i++;
      continue;
    }
    // A run that moves alike: up to the next window, or the edges near the range's end.
    let stop = lowerBound(tops, alikeBelow, i);
    if (leaves && windows && w < windows.length)
      stop = Math.min(stop, lowerBound(tops, windows[w]!, i));
    if (dy !== 0 && !out) startCopy(i);
    if (out) {
      const o: Pick<EdgeBatch, 'segs' | 'tops' | 'elbows' | 'edges'> = out;
      if (top + dy < lastTop) return undefined;
      o.segs.set(segs.subarray(i * 4, stop * 4), m * 4);
      o.elbows.set(elbows.subarray(i, stop), m);
      for (let at = i, to = m; at < stop; at++, to++) {
        o.segs[to * 4 + 1]! += dy;
        o.segs[to * 4 + 3]! += dy;
        o.tops[to] = tops[at]! + dy;
        o.edges[to] = edges[at]!;
      }
    }
    m += stop - i;
    lastTop = tops[stop - 1]! + dy;
    i = stop;
  }
  if (!out) return batch;
  const o: Pick<EdgeBatch, 'segs' | 'tops' | 'elbows' | 'edges'> = out;
  o.edges.length = m;
  return {
    ...batch,
    segs: o.segs.subarray(0, m * 4),
    tops: o.tops.subarray(0, m),
    elbows: o.elbows.subarray(0, m),
    edges: o.edges,
  };
}

/** `batch` with `extra`'s edges (same style, sorted by top) merged in; null if it is empty. */
function mergeBatch(batch: EdgeBatch, extra: EdgeBatch | undefined): EdgeBatch | null {
  if (!extra?.edges.length) return batch.edges.length > 0 ? batch : null;
  if (!batch.edges.length) return extra;
  const order = mergeOrder(batch.tops, extra.tops);
  const segs = new Float64Array(order.length * 4);
  const tops = new Float64Array(order.length);
  const elbows = new Uint8Array(order.length);
  const edges = new Array<DrawEdge>(order.length);
  for (let to = 0; to < order.length; to++) {
    const from = order[to]!;
    const source = from < 0 ? extra : batch;
    const at = from < 0 ? ~from : from;
    segs[to * 4] = source.segs[at * 4]!;
    segs[to * 4 + 1] = source.segs[at * 4 + 1]!;
    segs[to * 4 + 2] = source.segs[at * 4 + 2]!;
    segs[to * 4 + 3] = source.segs[at * 4 + 3]!;
    tops[to] = source.tops[at]!;
    elbows[to] = source.elbows[at]!;
    edges[to] = source.edges[at]!;
  }
  return { ...batch, segs, tops, elbows, edges, span: Math.max(batch.span, extra.span) };
}

const sameStyle = (a: EdgeBatch, b: EdgeBatch) =>
  a.dim === b.dim && a.color === b.color && a.dash === b.dash && a.width === b.width;

/** The ids of `ids` that `keep` says; null when none. */
function idsWhere(ids: Iterable<string>, keep: (id: string) => boolean): Set<string> | null {
  let found: Set<string> | null = null;
  for (const id of ids) if (keep(id)) (found ??= new Set()).add(id);
  return found;
}

/** What a patch must find in the previous scene, and where it is there. */
interface Touched {
  /** Drawn nodes the diff takes out (removed, or moved otherwise than by a shift). */
  out: Set<string> | null;
  /** Drawn nodes the diff restyles. */
  restyled: Set<string> | null;
  /**
   * The previous scene's y of each of those, sorted: only a node there is asked for by id (null:
   * not known, every node is asked).
   */
  nodeYs: number[] | null;
  /** Edges the diff removes or restyles that the previous scene may hold (both ends drawn). */
  changed: Set<string> | null;
  /**
   * Where the tops of the edges that leave lie in the previous scene, as sorted disjoint
   * (lo, hi) pairs; null when that is not known and every edge is asked.
   */
  windows: number[] | null;
}

/** Rows a position now on `row` moved by the shifts (0: it lay in none). */
function shiftInto(shifts: RowShifts | undefined, row: number): number {
  if (!shifts) return 0;
  for (let k = 0; k < shifts.length; k += 3) {
    const delta = shifts[k + 2]!;
    if (row >= shifts[k]! + delta && row < shifts[k + 1]! + delta) return delta;
  }
  return 0;
}

/** Sorted (lo, hi) pairs, overlapping ones joined. */
function joined(intervals: [number, number][]): number[] {
  intervals.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of intervals) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]!) out[last] = Math.max(out[last]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

function touchedBy(
  previous: Scene,
  graph: DrawGraph,
  layout: Layout,
  applied: AppliedDiff,
): Touched {
  const { diff, yBefore, drawnBefore } = applied;
  const { shifts } = diff;
  // Whether the previous scene drew a node: a node the diff does not name is as it was.
  const drawn = (id: string) =>
    drawnBefore.get(id) ?? (graph.nodes.has(id) && layout.positions.has(id));
  // A new node has a new position, so it is among the moved ids too, but the scene lacks it.
  const out = idsWhere([...diff.movedIds, ...diff.removedPositions, ...diff.removedNodes], drawn);
  const restyled = idsWhere(
    diff.nodes.map((n) => n.id),
    drawn,
  );
  // An edge the scene drew has both ends drawn; a new one among them is looked for in vain.
  const changedEdges = [...diff.edges, ...applied.removedEdges].filter(
    (e) => drawn(e.source) && drawn(e.target),
  );
  const changed = changedEdges.length > 0 ? new Set(changedEdges.map((e) => e.id)) : null;
  // Where a drawn node was: its y before the diff moved it, else where it is, less its shift.
  const yOf = (id: string) => {
    const before = yBefore.get(id);
    if (before !== undefined) return before;
    const p = layout.positions.get(id);
    return p ? p.y - shiftInto(shifts, p.row) * ROW_HEIGHT : undefined;
  };
  const nodeYs: number[] = [];
  for (const id of [...(out ?? []), ...(restyled ?? [])]) {
    const y = yOf(id);
    // Not known: every node is asked.
    if (y === undefined) return { out, restyled, nodeYs: null, changed, windows: null };
    nodeYs.push(y);
  }
  nodeYs.sort((a, b) => a - b);
  // An edge's ends lie inside its nodes' boxes: its top is within a row of its upper node's y.
  const intervals: [number, number][] = [];
  for (const edge of changedEdges) {
    const a = yOf(edge.source);
    const b = yOf(edge.target);
    if (a === undefined || b === undefined)
      return { out, restyled, nodeYs, changed, windows: null };
    const top = Math.min(a, b);
    intervals.push([top - 1, top + ROW_HEIGHT]);
  }
  // A node that moved keeps its edges, whose other ends may lie anywhere up to the longest span
  // above. A removed node's edges are all removed edges, placed above.
  const span = Math.max(0, ...previous.batches.map((b) => b.span));
  const removed = new Set(diff.removedNodes);
  for (const id of out ?? []) {
    if (removed.has(id)) continue;
    const y = yOf(id)!;
    intervals.push([y - span - ROW_HEIGHT, y + ROW_HEIGHT]);
  }
  return { out, restyled, nodeYs, changed, windows: joined(intervals) };
}

/** `previous` with the applied diff (see the header); or null when a rebuild is the better deal. */
export function patchScene(
  previous: Scene,
  graph: DrawGraph,
  layout: Layout,
  applied: AppliedDiff,
): Scene | null {
  const { diff } = applied;
  if ((diff.movedIds.length + diff.removedPositions.length) * 4 >= previous.nodes.length)
    return null;
  const touched = touchedBy(previous, graph, layout, applied);
  const { out, changed } = touched;
  const { shifts } = diff;
  const nodes = patchNodes(previous, graph, layout, touched, diff.movedIds, shifts);
  if (!nodes) return null;

  // Edges: the diff's own, and every drawn edge of a node that moved or went, out and back in;
  // an edge whose two ends moved alike moves with them, one whose ends moved unalike goes back in.
  const leaves =
    out || changed
      ? (edge: DrawEdge) =>
          !!changed?.has(edge.id) || !!out?.has(edge.source) || !!out?.has(edge.target)
      : null;
  const left: DrawEdge[] = [];
  const kept: EdgeBatch[] = [];
  for (const batch of previous.batches) {
    const next = patchBatch(batch, shifts, leaves, touched.windows, left);
    if (next === undefined) return null;
    kept.push(next);
  }
  // Back in: the diff's edges, and those that left without the diff changing them.
  // `edgeBatches` places them from the layout, and drops any whose ends are not drawn.
  const again: DrawEdge[] = [...diff.edges];
  for (const edge of left) if (!changed?.has(edge.id)) again.push(edge);
  const extra = edgeBatches(again, layout, previous.highlight);
  const batches: EdgeBatch[] = [];
  for (const batch of kept) {
    const at = extra.findIndex((b) => sameStyle(b, batch));
    const next = mergeBatch(batch, at < 0 ? undefined : extra.splice(at, 1)[0]);
    if (next) batches.push(next);
  }
  // Styles new to this scene: dimmed ones before the first highlighted batch, as a build has them.
  for (const batch of extra) {
    const at = batch.dim ? batches.findIndex((b) => !b.dim) : -1;
    batches.splice(at < 0 ? batches.length : at, 0, batch);
  }
  return { ...nodes, batches, graph, layout, highlight: previous.highlight };
}
