/**
 * Draw-ready geometry diffs: what the pipeline (which owns the full Drawing and the layout's
 * block bookkeeping) posts to the painting side, so a readiness flip crosses the thread boundary
 * as a few bytes, not as the graph.
 *
 * Contract: `diffDrawing(previous, next)` describes `next` relative to `previous` (null: from
 * nothing); `applyDrawingDiff(mirror, diff)` on a mirror equal to `previous` returns a mirror
 * equal to `next` — same nodes (by value), same edges (by id and value, in `next`'s order when
 * the edge set changed, else the previous order), same outline, counts and positions — with a new
 * `graph` object whenever anything changed and a new `layout` object whenever a position or the
 * size changed, the same objects otherwise (so React memoises on them; edges, the outline and an
 * outline entry whose subtree did not change keep their identity too). The node table
 * (`graph.nodes`) and the position table (`layout.positions`) are the mirror's own, updated in
 * place, not copied per update, and so are the position objects a row shift moves: a mirror a
 * diff was applied to reads as the new one there, so keep the returned mirror only, and read a
 * position's numbers rather than keep its object. The
 * graph's blocks, like the layout's block bookkeeping, stay with the pipeline: the painting side
 * reads neither, and at 10k nodes they were a megabyte per message. The outline travels as a
 * patch (`OutlinePatch`: an unchanged subtree is its node id), not whole: whole, adding one
 * Service posted 5.7 MB at 10k nodes, which the page spent ~100 ms decoding; and as node ids only,
 * since every key follows from its place (lib/graph/outline-entry.ts). The edges' order travels
 * only when it is not the previous order with the new edges after it, and then as an edit of the
 * previous order (`EdgeOrder`): at 51k nodes the first message was 68 MB of structured data, 14.5
 * MB of it the outline's keys and 4.8 MB the edges' ids a second time, and adding one Service sent
 * every edge's id again. Positions travel as one Float64Array (x, y, column, row per moved id),
 * transferable. `appliedDiff(graph)` says which diff made a mirror's graph, from which mirror, so a
 * renderer can patch what it drew (only the latest link is kept). No clock, no DOM, no worker API.
 */
import type { DrawEdge, DrawGraph, DrawNode, OutlineEntry } from '../graph/draw-types';
import type { DrawingChanges } from '../graph/drawing';
import { ROW_HEIGHT, type Layout, type NodePosition } from '../graph/layout';
import { outlineEntry } from '../graph/outline-entry';
import { blockShifts, shiftOf, shifted, type RowShifts } from './row-shifts';

/** The main thread's view of a drawing: the graph and what painting needs of its layout. */
export interface DrawingMirror {
  /** `blocks` stays with the pipeline: empty here. */
  graph: DrawGraph;
  /** The layout's block bookkeeping (`blocks`) stays with the pipeline: empty here. */
  layout: Layout;
}

/**
 * An outline, as a change to the previous one: per entry in order, either the node id of an entry
 * among the previous siblings that is unchanged with its whole subtree, or `[nodeId, children]`
 * with its children patched the same way (key, level and parent key follow from the place).
 */
export type OutlinePatch = (string | [nodeId: string, children: OutlinePatch])[];

/**
 * The edges' new order as an edit of the previous one: `[from, to]` stands for the previous
 * order's edges at indexes `from` up to `to` (exclusive), each replaced by its new value when the
 * diff changed it; a string is an edge the diff carries (new, or changed), by id. A Service added
 * in the middle of 50k edges is three parts, not 50k ids.
 */
export type EdgeOrder = (string | [from: number, to: number])[];

/** The pipeline's side of a drawing: a full Layout is assignable. */
export interface DrawingSource {
  graph: DrawGraph;
  /** With the layout's blocks, blocks that moved whole travel as row shifts (row-shifts.ts). */
  layout: Pick<DrawingMirror['layout'], 'positions' | 'rows' | 'width' | 'height'> &
    Partial<Pick<Layout, 'blocks'>>;
  /**
   * A drawing with kept tables (lib/graph/drawing.ts): the ids its build touched. Diffed against
   * the drawing made just before it, only those are looked at.
   */
  changes?: DrawingChanges;
}

export interface DrawingDiff {
  /**
   * Nodes added or restyled, whole (its id says which): the drawing's own objects, which the
   * crossing to the page cuts down to what is drawn (lib/worker/update-wire.ts).
   */
  nodes: DrawNode[];
  removedNodes: string[];
  /**
   * Edges added or changed, in the new order; `edgeOrder` is the new order as an edit of the
   * previous one, left out only when it is the previous order (without the removed edges)
   * followed by the added edges and would take many parts to say (a first picture).
   */
  edges: DrawEdge[];
  removedEdges: string[];
  edgeOrder?: EdgeOrder;
  /**
   * Sent (true) when `edgeOrder` is not and none of `edges` replaces a previous edge: the mirror
   * appends them without looking any up (the rest of a first picture: 74k edges at 51k nodes,
   * whose ids the page would otherwise hash in the task that paints them).
   */
  edgesAllNew?: true;
  /**
   * Rows of blocks that moved whole (row-shifts.ts), applied before `movedIds`: a Service added
   * near the top is one range, not every position below it. Sent only when there are any.
   */
  shifts?: RowShifts;
  /**
   * Ids whose position changed (or that are new) other than as `shifts` says, and x, y, column,
   * row for each, in order.
   */
  movedIds: string[];
  moved: Float64Array;
  removedPositions: string[];
  /** Sent only when they changed. */
  outline?: OutlinePatch;
  counts?: Pick<DrawGraph, 'matchedServices' | 'totalServices' | 'collapsedNamespaces'>;
  size?: { rows: number; width: number; height: number };
}

/**
 * Whether two pieces of plain data (objects, arrays, primitives: what nodes and edges hold, no
 * Maps) have the same value; a key whose value is undefined counts as absent, as in their JSON.
 * Walks both at once and stops at the first difference or at a shared object: a rebuilt node
 * usually still points at the store's unchanged records, so this costs far less than encoding
 * both sides, and allocates nothing.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key in x) if (!sameValue(x[key], y[key])) return false;
  for (const key in y) if (!(key in x) && y[key] !== undefined) return false;
  return true;
}
const samePosition = (a: NodePosition | undefined, b: NodePosition) =>
  a === b || (!!a && a.x === b.x && a.y === b.y && a.column === b.column && a.row === b.row);

export function emptyMirror(): DrawingMirror {
  return {
    graph: {
      nodes: new Map(),
      edges: [],
      blocks: [],
      outline: [],
      matchedServices: 0,
      totalServices: 0,
      collapsedNamespaces: [],
    },
    layout: { positions: new Map(), blocks: new Map(), rows: 0, width: 0, height: 0 },
  };
}

/**
 * The edges' part of a diff. The block memo (lib/graph/block-memo.ts) keeps an untouched
 * Service's edges as the same objects in the same order, so the common head and tail are found
 * by identity and only what lies between is matched by id: adding one Service to 50k edges looks
 * up its own edges, not 50k. `order` is `next`'s order as an edit of `previous`, or undefined when
 * it is the order the mirror arrives at by itself: the previous edges that remain, in their order,
 * then the new ones.
 */
function diffEdges(previous: readonly DrawEdge[], next: readonly DrawEdge[]) {
  const max = Math.min(previous.length, next.length);
  let head = 0;
  while (head < max && previous[head] === next[head]) head++;
  let tail = 0;
  while (tail < max - head && previous[previous.length - 1 - tail] === next[next.length - 1 - tail])
    tail++;
  const previousEnd = previous.length - tail;
  // The middle of `previous`, by id; what is left after matching `next`'s middle was removed.
  const unmatched = new Map<string, number>();
  for (let i = head; i < previousEnd; i++) unmatched.set(previous[i]!.id, i);
  const edges: DrawEdge[] = [];
  const order: EdgeOrder = [];
  let run: [number, number] | null = null;
  if (head > 0) order.push((run = [0, head]));
  let lastOld = head - 1;
  let sawNew = false;
  let implied = true;
  let restyled = 0;
  // Nothing left to match (the rest of a first picture after its top, whose edges came first):
  // every edge is new, and 74k ids are not looked up in an empty table.
  const matching = unmatched.size > 0;
  for (let j = head; j < next.length - tail; j++) {
    const edge = next[j]!;
    const at = matching ? unmatched.get(edge.id) : undefined;
    if (at === undefined) {
      edges.push(edge);
      sawNew = true;
      run = null;
      order.push(edge.id);
      continue;
    }
    unmatched.delete(edge.id);
    if (sawNew || at <= lastOld) implied = false;
    lastOld = at;
    if (!sameValue(previous[at], edge)) {
      // By id, outside the runs: the page copies runs whole and looks up only what changed.
      edges.push(edge);
      restyled++;
      run = null;
      order.push(edge.id);
      continue;
    }
    if (run && run[1] === at) run[1] = at + 1;
    else order.push((run = [at, at + 1]));
  }
  if (tail > 0) {
    if (sawNew) implied = false;
    if (run && run[1] === previousEnd) run[1] = previous.length;
    else order.push([previousEnd, previous.length]);
  }
  const removedEdges = [...unmatched.keys()];
  // An implied order is sent when it is a few runs (with the ids between them): copying runs
  // spares the page a lookup per edge. Not when nothing changed, nor when it would name every
  // edge or most of them (a first picture).
  const worthIt =
    (edges.length > 0 || removedEdges.length > 0) &&
    order.length <= IMPLIED_ORDER_MAX &&
    order.some((part) => typeof part !== 'string');
  return {
    edges,
    removedEdges,
    order: implied && !worthIt ? undefined : order,
    allNew: restyled === 0,
  };
}

/** The most parts an implied edge order may have and still be sent. */
export const IMPLIED_ORDER_MAX = 256;

/**
 * The changes a diff from `previous` to `next` may rely on: `next`'s own when `previous` is the
 * drawing made just before it, none when the diff is from nothing or between plain drawings.
 * Diffing kept tables any other way would compare a table with itself: said loudly.
 */
function changesSince(
  previous: DrawingSource | null,
  next: DrawingSource,
): DrawingChanges | undefined {
  const changes = next.changes;
  if (!changes) return undefined;
  if (changes.superseded)
    throw new Error('a drawing with kept tables is diffed after a newer one was built');
  if (!previous) return undefined;
  if (changes.since !== previous)
    throw new Error('a drawing with kept tables is diffed against one not made just before it');
  return changes;
}

export function diffDrawing(previous: DrawingSource | null, next: DrawingSource): DrawingDiff {
  const prev = previous ?? emptyMirror();
  const changes = changesSince(previous, next);
  const nodes: DrawNode[] = [];
  const removedNodes: string[] = [];
  if (changes) {
    for (const [id, old] of changes.nodes) {
      const node = next.graph.nodes.get(id);
      if (!node) {
        if (old) removedNodes.push(id);
      } else if (!old || !sameValue(old, node)) nodes.push(node);
    }
  } else {
    for (const node of next.graph.nodes.values()) {
      const old = prev.graph.nodes.get(node.id);
      if (!old || !sameValue(old, node)) nodes.push(node);
    }
    for (const id of prev.graph.nodes.keys()) if (!next.graph.nodes.has(id)) removedNodes.push(id);
  }

  const {
    edges,
    removedEdges,
    order: edgeOrder,
    allNew,
  } = diffEdges(prev.graph.edges, next.graph.edges);

  const shifts = blockShifts(previous?.layout.blocks, next.layout.blocks);
  const movedIds: string[] = [];
  const coords: number[] = [];
  const removedPositions: string[] = [];
  const compare = (id: string, old: NodePosition | undefined, pos: NodePosition) => {
    const rows = old && shifts.length > 0 ? shiftOf(shifts, old.row) : 0;
    if (samePosition(old && rows !== 0 ? shifted(old, rows) : old, pos)) return;
    movedIds.push(id);
    coords.push(pos.x, pos.y, pos.column, pos.row);
  };
  if (changes) {
    // The rest of the table is blocks kept in place or moved whole: `shifts` says the latter.
    for (const [id, old] of changes.positions) {
      const pos = next.layout.positions.get(id);
      if (pos) compare(id, old, pos);
      else if (old) removedPositions.push(id);
    }
  } else {
    for (const [id, pos] of next.layout.positions) compare(id, prev.layout.positions.get(id), pos);
    for (const id of prev.layout.positions.keys())
      if (!next.layout.positions.has(id)) removedPositions.push(id);
  }

  const diff: DrawingDiff = {
    nodes,
    removedNodes,
    edges,
    removedEdges,
    movedIds,
    moved: Float64Array.from(coords),
    removedPositions,
  };
  if (edgeOrder) diff.edgeOrder = edgeOrder;
  else if (allNew && edges.length > 0) diff.edgesAllNew = true;
  if (shifts.length > 0) diff.shifts = shifts;
  const outline = outlineChange(prev.graph.outline, next.graph.outline);
  if (outline) diff.outline = outline;
  return Object.assign(diff, countsAndSizeChange(prev, next));
}

/** The diff's `counts` and `size`, each only when it changed from `prev` to `next`. */
export function countsAndSizeChange(
  prev: DrawingSource,
  next: DrawingSource,
): Pick<DrawingDiff, 'counts' | 'size'> {
  const change: Pick<DrawingDiff, 'counts' | 'size'> = {};
  const { matchedServices, totalServices, collapsedNamespaces } = next.graph;
  if (
    matchedServices !== prev.graph.matchedServices ||
    totalServices !== prev.graph.totalServices ||
    collapsedNamespaces.join('\n') !== prev.graph.collapsedNamespaces.join('\n')
  )
    change.counts = { matchedServices, totalServices, collapsedNamespaces };
  const { rows, width, height } = next.layout;
  if (rows !== prev.layout.rows || width !== prev.layout.width || height !== prev.layout.height)
    change.size = { rows, width, height };
  return change;
}

/**
 * Whether two outline subtrees are the same: the same node ids in the same tree. Keys, levels and
 * parent keys follow from the node ids above (lib/graph/outline-entry.ts), so they are not
 * compared: at 51k nodes comparing every key (a path of ids) was most of the outline's cost.
 */
function sameSubtree(a: OutlineEntry, b: OutlineEntry): boolean {
  if (a === b) return true;
  if (a.nodeId !== b.nodeId || a.children.length !== b.children.length) return false;
  for (let i = 0; i < a.children.length; i++)
    if (!sameSubtree(a.children[i]!, b.children[i]!)) return false;
  return true;
}

function patchOutline(
  previous: readonly OutlineEntry[],
  next: readonly OutlineEntry[],
): OutlinePatch {
  // Siblings usually keep their places: try the same index before the lookup by node id.
  let before: Map<string, OutlineEntry> | null = null;
  return next.map((entry, i) => {
    let old = previous[i];
    if (old?.nodeId !== entry.nodeId)
      old = (before ??= new Map(previous.map((e) => [e.nodeId, e]))).get(entry.nodeId);
    if (old && sameSubtree(old, entry)) return entry.nodeId;
    return [entry.nodeId, patchOutline(old?.children ?? [], entry.children)];
  });
}

/** The outline's patch from `previous` to `next`; undefined when it did not change. */
export function outlineChange(
  previous: readonly OutlineEntry[],
  next: readonly OutlineEntry[],
): OutlinePatch | undefined {
  const patch = patchOutline(previous, next);
  return keepsAll(patch, previous) ? undefined : patch;
}

/** Whether a patch keeps every previous entry as it was, in order: the outline did not change. */
function keepsAll(patch: OutlinePatch, previous: readonly OutlineEntry[]): boolean {
  if (patch.length !== previous.length) return false;
  for (let i = 0; i < patch.length; i++) if (patch[i] !== previous[i]!.nodeId) return false;
  return true;
}

function applyOutline(
  previous: readonly OutlineEntry[],
  patch: OutlinePatch,
  parent: OutlineEntry | null,
): OutlineEntry[] {
  // Indexed only when there is something to keep: a first picture's 27k entries with children
  // each made an empty Map here.
  const before =
    previous.length > 0 ? new Map(previous.map((entry) => [entry.nodeId, entry])) : null;
  return patch.map((part) => {
    if (typeof part !== 'string') {
      const [nodeId, children] = part;
      const entry = outlineEntry(parent, nodeId);
      entry.children = applyOutline(before?.get(nodeId)?.children ?? [], children, entry);
      return entry;
    }
    const kept = before?.get(part);
    // Only a mirror that is not the diff's `previous` lacks it: a broken contract, said loudly.
    if (!kept) throw new Error(`outline patch keeps an entry the mirror lacks: ${part}`);
    return kept;
  });
}

/** Whether the diff changes nothing (the pipeline then posts nothing). */
export function isEmptyDiff(diff: DrawingDiff): boolean {
  return (
    diff.nodes.length === 0 &&
    diff.removedNodes.length === 0 &&
    diff.edges.length === 0 &&
    diff.removedEdges.length === 0 &&
    !diff.edgeOrder &&
    diff.movedIds.length === 0 &&
    !diff.shifts &&
    diff.removedPositions.length === 0 &&
    !diff.outline &&
    !diff.counts &&
    !diff.size
  );
}

/** The large buffers of a diff, for postMessage's transfer list. */
export function diffTransferables(diff: DrawingDiff): ArrayBuffer[] {
  return [diff.moved, diff.shifts]
    .map((array) => array?.buffer)
    .filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}

/** The edges after `diff`, and the previous edges it removed (what a renderer drew of them). */
function applyEdges(
  previous: readonly DrawEdge[],
  diff: DrawingDiff,
): { edges: DrawEdge[]; removed: DrawEdge[] } {
  if (diff.edges.length === 0 && diff.removedEdges.length === 0 && !diff.edgeOrder)
    return { edges: previous as DrawEdge[], removed: [] };
  // A first picture: the diff's edges are the edges (at 51k nodes, indexing them to merge with
  // nothing was tens of milliseconds of the page's first update).
  if (previous.length === 0 && !diff.edgeOrder) return { edges: diff.edges, removed: [] };
  if (diff.edgesAllNew && diff.removedEdges.length === 0)
    return { edges: previous.concat(diff.edges), removed: [] };
  const changed = new Map(diff.edges.map((e) => [e.id, e]));
  const out: DrawEdge[] = [];
  const removed: DrawEdge[] = [];
  if (!diff.edgeOrder) {
    // The previous order without the removed edges, then the new ones.
    const removedIds = new Set(diff.removedEdges);
    for (const edge of previous) {
      if (removedIds.has(edge.id)) {
        removed.push(edge);
        continue;
      }
      const now = changed.get(edge.id);
      if (now) changed.delete(edge.id);
      out.push(now ?? edge);
    }
    for (const edge of changed.values()) out.push(edge);
    return { edges: out, removed };
  }
  const kept = new Uint8Array(previous.length);
  // When every edge the diff carries is a new one (a Service added), ranges are copied whole: a
  // native copy, not a lookup per edge of the map.
  const added = diff.edgeOrder.reduce((n, part) => (typeof part === 'string' ? n + 1 : n), 0);
  const restyled = changed.size > added;
  const runs: DrawEdge[][] = [];
  for (const part of diff.edgeOrder) {
    if (typeof part !== 'string') {
      const [from, to] = part;
      kept.fill(1, from, to);
      const run = previous.slice(from, to);
      if (restyled)
        for (let i = 0; i < run.length; i++) run[i] = changed.get(run[i]!.id) ?? run[i]!;
      runs.push(run);
      continue;
    }
    const edge = changed.get(part);
    // Only a mirror that is not the diff's `previous` lacks it: a broken contract, said loudly.
    if (!edge) throw new Error(`edge order names an edge the diff lacks: ${part}`);
    runs.push([edge]);
  }
  for (let i = 0; i < previous.length; i++) if (!kept[i]) removed.push(previous[i]!);
  let edges: DrawEdge[] = [];
  // A bounded number of arguments per call.
  for (let i = 0; i < runs.length; i += 8192) edges = edges.concat(...runs.slice(i, i + 8192));
  return { edges, removed };
}

/**
 * How a mirror's graph was made: the diff, the mirror it was applied to, and what that mirror
 * held of what the diff took away, moved or restyled — the y each moved or removed position had,
 * the edges it removed, and whether each node the diff names was drawn — since the tables
 * themselves are updated in place. A renderer that drew that mirror patches what it drew instead
 * of starting over (components/graph/canvas-scene.ts).
 */
export interface AppliedDiff {
  previous: DrawingMirror;
  diff: DrawingDiff;
  yBefore: ReadonlyMap<string, number>;
  removedEdges: readonly DrawEdge[];
  /**
   * Per node id the diff names (removed, added or restyled, moved, its position removed): whether
   * the previous mirror had it with a position, i.e. drew it. Any other node is as it was.
   */
  drawnBefore: ReadonlyMap<string, boolean>;
}

/** Only the latest link is kept, so the chain never holds older drawings alive. */
const appliedDiffs = new WeakMap<DrawGraph, AppliedDiff>();

export function appliedDiff(graph: DrawGraph): AppliedDiff | undefined {
  return appliedDiffs.get(graph);
}

export function applyDrawingDiff(mirror: DrawingMirror, diff: DrawingDiff): DrawingMirror {
  if (isEmptyDiff(diff)) return mirror;
  const drawnBefore = new Map<string, boolean>();
  const { nodes } = mirror.graph;
  const { positions } = mirror.layout;
  // Before the tables change; a few lookups per id the diff names, in tables already hashed.
  for (const ids of [diff.removedNodes, diff.movedIds, diff.removedPositions])
    for (const id of ids) drawnBefore.set(id, nodes.has(id) && positions.has(id));
  for (const { id } of diff.nodes) drawnBefore.set(id, nodes.has(id) && positions.has(id));
  const { next, yBefore, removedEdges } = applyToMirror(mirror, diff);
  appliedDiffs.delete(mirror.graph);
  appliedDiffs.set(next.graph, { previous: mirror, diff, yBefore, removedEdges, drawnBefore });
  return next;
}

function applyToMirror(
  mirror: DrawingMirror,
  diff: DrawingDiff,
): { next: DrawingMirror; yBefore: Map<string, number>; removedEdges: DrawEdge[] } {
  const g = mirror.graph;
  // In place: copying the table per update cost the page tens of milliseconds at 50k nodes.
  const nodes = g.nodes;
  for (const id of diff.removedNodes) nodes.delete(id);
  for (const node of diff.nodes) nodes.set(node.id, node);
  const { edges, removed: removedEdges } = applyEdges(g.edges, diff);
  const graph: DrawGraph = {
    nodes,
    edges,
    blocks: g.blocks,
    outline: diff.outline ? applyOutline(g.outline, diff.outline, null) : g.outline,
    matchedServices: diff.counts?.matchedServices ?? g.matchedServices,
    totalServices: diff.counts?.totalServices ?? g.totalServices,
    collapsedNamespaces: diff.counts?.collapsedNamespaces ?? g.collapsedNamespaces,
  };
  const l = mirror.layout;
  const positions = l.positions;
  const moved = diff.movedIds.length > 0 || diff.removedPositions.length > 0 || !!diff.shifts;
  const yBefore = new Map<string, number>();
  // From an empty table there is nothing to remember.
  if (positions.size > 0)
    for (const ids of [diff.removedPositions, diff.movedIds])
      for (const id of ids) {
        const p = positions.get(id);
        if (p) yBefore.set(id, p.y);
      }
  if (moved) {
    for (const id of diff.removedPositions) positions.delete(id);
    const shifts = diff.shifts;
    // In place: a new object per shifted position was a Map write and an allocation for every
    // node below a Service created near the top (about 11 ms at 51k nodes).
    if (shifts)
      for (const p of positions.values()) {
        const rows = shiftOf(shifts, p.row);
        if (rows !== 0) {
          p.y += rows * ROW_HEIGHT;
          p.row += rows;
        }
      }
    const { movedIds, moved: coords } = diff;
    for (let i = 0, at = 0; i < movedIds.length; i++, at += 4)
      positions.set(movedIds[i]!, {
        x: coords[at]!,
        y: coords[at + 1]!,
        column: coords[at + 2]!,
        row: coords[at + 3]!,
      });
  }
  const size = diff.size ?? l;
  const layout =
    !moved && !diff.size
      ? l
      : { positions, blocks: l.blocks, rows: size.rows, width: size.width, height: size.height };
  return { next: { graph, layout }, yBefore, removedEdges };
}
