/**
 * Blocks that moved whole, as ranges of rows: how a drawing diff says "every row below the new
 * Service moved down by two" without naming 51k positions (lib/worker/drawing-diff.ts), and how
 * the mirror and the canvas scene apply it.
 *
 * Contract: `RowShifts` is a flat Float64Array of (fromRow, toRow, deltaRows) triples over the
 * previous layout's rows, sorted by fromRow and disjoint, toRow exclusive: a position in such a
 * range moves by deltaRows rows (y by deltaRows × ROW_HEIGHT; x and column stay). The ranges come
 * from blocks laid out from the same block object at another start (lib/graph/layout.ts), so
 * everything in them moved that way; a position that did otherwise is listed by the diff itself.
 * Pure.
 */
import { ROW_HEIGHT, type Layout, type NodePosition } from '../graph/layout';

export type RowShifts = Float64Array;

/** The ranges of rows whose blocks moved whole from `previous` to `next`. */
export function blockShifts(
  previous: Layout['blocks'] | undefined,
  next: Layout['blocks'] | undefined,
): RowShifts {
  const out: number[] = [];
  if (!previous?.size || !next?.size) return new Float64Array(0);
  for (const [id, block] of next) {
    const before = previous.get(id);
    if (!before || before.source !== block.source || before.start === block.start) continue;
    const delta = block.start - before.start;
    const from = before.start;
    // The gap row after a block moves with it: a run of blocks that moved alike is one range.
    const to = before.start + before.height + 1;
    const last = out.length - 3;
    if (last >= 0 && out[last + 1] === from && out[last + 2] === delta) out[last + 1] = to;
    else out.push(from, to, delta);
  }
  // Blocks keep their order, so the ranges come sorted; sorted again all the same, since the
  // lookup below relies on it.
  const triples: number[][] = [];
  for (let i = 0; i < out.length; i += 3) triples.push(out.slice(i, i + 3));
  triples.sort((a, b) => a[0]! - b[0]!);
  return Float64Array.from(triples.flat());
}

/** How many rows a position that was on `row` moved (0: not in a range). */
export function shiftOf(shifts: RowShifts, row: number): number {
  let lo = 0;
  let hi = shifts.length / 3;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (shifts[mid * 3 + 1]! <= row) lo = mid + 1;
    else hi = mid;
  }
  const at = lo * 3;
  return at < shifts.length && shifts[at]! <= row ? shifts[at + 2]! : 0;
}

export function shifted(p: NodePosition, rows: number): NodePosition {
  return { x: p.x, y: p.y + rows * ROW_HEIGHT, column: p.column, row: p.row + rows };
}
