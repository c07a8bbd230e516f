/**
 * Deterministic layered layout: four columns (Services │ endpoints │ workloads │ Pods & external
 * addresses), one horizontal band ("block") per Service in namespace/name order, so every edge
 * stays inside its band or close to it. The pods of one workload take neighbouring rows (a new
 * pod of a workload takes the first free row from where its workload's pods are), and the
 * workload node sits on the row of its first pod, its breakdown rows under it.
 *
 * Contract: pure, O(n log n) at worst, deterministic for the same input and the same
 * previous layout; stable across updates — given the previous layout, a node that is still drawn
 * keeps its row inside its block, blocks never shrink while their Service is drawn (so a change in
 * one Service moves nothing above it, and moves what is below only when its block must grow), a
 * Service that goes leaves its rows empty (up to `KEPT_GAP_ROWS`; so does anything else that
 * would pull a block up by that little), and new nodes take free rows. Coordinates are in layout units (px at zoom 1).
 */
import type { DrawBlock, DrawGraph } from './draw-types';

const COLUMN_X = [0, 380, 760, 1140] as const;
export const NODE_WIDTH = 260;
export const NODE_HEIGHT = 30;
export const ROW_HEIGHT = 38;
/** Empty rows between two blocks. */
const BLOCK_GAP_ROWS = 1;
/**
 * At most this many rows a Service leaves empty when it goes: the blocks below stay where they
 * were, and a Service added there takes the rows. A wider gap closes, and so does every gap a
 * view change opens (a filter drops most blocks): each block then moves up under the one above.
 */
export const KEPT_GAP_ROWS = 10;

export interface NodePosition {
  x: number;
  y: number;
  column: number;
  /** Global row (0-based). */
  row: number;
}

export interface BlockLayout {
  start: number;
  height: number;
  /** Node id → row inside the block (per column). */
  slots: Map<string, number>;
  /** The block it was laid out from: the same block object next time lays out the same. */
  source: DrawBlock;
  /** Kept tables (`relayout`): its nodes' position objects, so moving it whole looks none up. */
  placed?: NodePosition[];
}

export interface Layout {
  positions: Map<string, NodePosition>;
  blocks: Map<string, BlockLayout>;
  rows: number;
  width: number;
  height: number;
}

function placeColumn(
  ids: readonly string[],
  previous: BlockLayout | undefined,
  slots: Map<string, number>,
  groupOf?: ReadonlyMap<string, string>,
): number {
  // Keep every node that was here before in its row, then fill the free rows in list order; a
  // grouped node looks for a free row from where its group already is.
  const taken = new Set<number>();
  const fresh: string[] = [];
  const groupStart = new Map<string, number>();
  for (const id of ids) {
    const row = previous?.slots.get(id);
    if (row !== undefined && !taken.has(row)) {
      taken.add(row);
      slots.set(id, row);
      const group = groupOf?.get(id);
      if (group !== undefined) groupStart.set(group, Math.min(groupStart.get(group) ?? row, row));
    } else fresh.push(id);
  }
  let cursor = 0;
  let maxRow = -1;
  for (const row of taken) if (row > maxRow) maxRow = row;
  for (const id of fresh) {
    const group = groupOf?.get(id);
    const start = group !== undefined ? groupStart.get(group) : undefined;
    let row = start ?? cursor;
    while (taken.has(row)) row++;
    taken.add(row);
    slots.set(id, row);
    if (group !== undefined && start === undefined) groupStart.set(group, row);
    if (start === undefined) cursor = row;
    if (row > maxRow) maxRow = row;
  }
  return maxRow + 1;
}

/**
 * The workload column: each workload on the row of its first pod in the block (else the next
 * free row), each breakdown row under what precedes it; never above the previous entry.
 */
function placeWorkloads(
  ids: readonly string[],
  owners: ReadonlyMap<string, string> | undefined,
  slots: Map<string, number>,
): number {
  const firstPod = new Map<string, number>();
  for (const [pod, owner] of owners ?? []) {
    const row = slots.get(pod);
    if (row !== undefined) firstPod.set(owner, Math.min(firstPod.get(owner) ?? row, row));
  }
  let next = 0;
  for (const id of ids) {
    const row = Math.max(next, firstPod.get(id) ?? next);
    slots.set(id, row);
    next = row + 1;
  }
  return next;
}

/** Rows inside the block for each of its nodes, and the block's height. */
function placeBlock(block: DrawBlock, prev: BlockLayout | undefined) {
  // Laying a block out again from its own layout changes nothing: the same block object (a
  // Service the change did not touch, lib/graph/block-memo.ts) keeps its slots as they are.
  if (prev?.source === block) return { slots: prev.slots, height: prev.height };
  const slots = new Map<string, number>();
  let height = 1;
  const heights = [
    placeColumn(block.columns[0], prev, slots),
    placeColumn(block.columns[1], prev, slots),
    placeColumn(block.columns[3], prev, slots, block.owners),
  ];
  heights.push(placeWorkloads(block.columns[2], block.owners, slots));
  for (const used of heights) if (used > height) height = used;
  // Blocks never shrink while drawn: a pod leaving does not pull every block below it up.
  if (prev && prev.height > height) height = prev.height;
  return { slots, height };
}

function layoutBlocks(blocks: readonly DrawBlock[], previous?: Layout | null): Layout {
  const positions = new Map<string, NodePosition>();
  const blockLayouts = new Map<string, BlockLayout>();
  let row = 0;
  for (const block of blocks) {
    const prev = previous?.blocks.get(block.id);
    // A block stays where it was when only a few empty rows would be left above it.
    if (prev && prev.start > row && prev.start - row <= KEPT_GAP_ROWS) row = prev.start;
    const { slots, height } = placeBlock(block, prev);
    // A block that did not move keeps its nodes' position objects.
    const kept = prev?.source === block && prev.start === row ? previous!.positions : null;
    for (let column = 0; column < 4; column++) {
      for (const id of block.columns[column as 0 | 1 | 2 | 3]) {
        const same = kept?.get(id);
        if (same) {
          positions.set(id, same);
          continue;
        }
        const local = slots.get(id)!;
        positions.set(id, {
          x: COLUMN_X[column as 0 | 1 | 2 | 3],
          y: (row + local) * ROW_HEIGHT,
          column,
          row: row + local,
        });
      }
    }
    blockLayouts.set(block.id, { start: row, height, slots, source: block });
    row += height + BLOCK_GAP_ROWS;
  }
  const rows = Math.max(0, row - BLOCK_GAP_ROWS);
  return {
    positions,
    blocks: blockLayouts,
    rows,
    width: COLUMN_X[3] + NODE_WIDTH,
    height: rows * ROW_HEIGHT,
  };
}

/** Lays out the graph's blocks, starting from `previous` so drawn nodes keep their rows. */
export function layoutGraph(graph: DrawGraph, previous?: Layout | null): Layout {
  return layoutBlocks(graph.blocks, previous);
}

/** What `relayout` changed in the position table: each id it set or removed, its value before. */
export type PositionsBefore = Map<string, NodePosition | undefined>;

/**
 * The same layout as `layoutGraph(graph, previous)`, made by updating `previous`'s position table
 * in place: a block laid out from the same block object at the same start is not looked at, one
 * that moved whole has its positions moved in place, and only the others are placed anew. `gone`:
 * the ids no longer drawn (their positions are removed). For a drawing that keeps one table
 * across builds (lib/graph/drawing.ts): `previous` is spent after this, and its positions read as
 * the new layout's.
 */
export function relayout(
  graph: DrawGraph,
  previous: Layout,
  gone: Iterable<string>,
): { layout: Layout; before: PositionsBefore } {
  const positions = previous.positions;
  const before: PositionsBefore = new Map();
  const remember = (id: string) => {
    if (!before.has(id)) before.set(id, positions.get(id));
  };
  for (const id of gone)
    if (positions.has(id)) {
      remember(id);
      positions.delete(id);
    }
  const blockLayouts = new Map<string, BlockLayout>();
  let row = 0;
  for (const block of graph.blocks) {
    const prev = previous.blocks.get(block.id);
    if (prev && prev.start > row && prev.start - row <= KEPT_GAP_ROWS) row = prev.start;
    if (prev?.source === block) {
      const delta = row - prev.start;
      // Each of these positions is this block's own object: no other block draws its ids.
      if (delta !== 0) {
        const placed = prev.placed ?? block.columns.flat().map((id) => positions.get(id)!);
        for (const p of placed) {
          p.y += delta * ROW_HEIGHT;
          p.row += delta;
        }
        blockLayouts.set(block.id, { ...prev, start: row, placed });
      } else blockLayouts.set(block.id, prev);
      row += prev.height + BLOCK_GAP_ROWS;
      continue;
    }
    const { slots, height } = placeBlock(block, prev);
    const placed: NodePosition[] = [];
    for (let column = 0; column < 4; column++)
      for (const id of block.columns[column as 0 | 1 | 2 | 3]) {
        remember(id);
        const local = slots.get(id)!;
        const p = {
          x: COLUMN_X[column as 0 | 1 | 2 | 3],
          y: (row + local) * ROW_HEIGHT,
          column,
          row: row + local,
        };
        positions.set(id, p);
        placed.push(p);
      }
    blockLayouts.set(block.id, { start: row, height, slots, source: block, placed });
    row += height + BLOCK_GAP_ROWS;
  }
  const rows = Math.max(0, row - BLOCK_GAP_ROWS);
  const layout: Layout = {
    positions,
    blocks: blockLayouts,
    rows,
    width: COLUMN_X[3] + NODE_WIDTH,
    height: rows * ROW_HEIGHT,
  };
  return { layout, before };
}
