import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DrawBlock } from '../graph/draw-types';
import type { BlockLayout } from '../graph/layout';
import { blockShifts, shiftOf, shifted } from './row-shifts';

const block = (id: string): DrawBlock => ({ id, columns: [[id], [], [], []] });
const laid = (source: DrawBlock, start: number, height: number): BlockLayout => ({
  start,
  height,
  slots: new Map(),
  source,
});

test('blocks that moved alike are one range of rows; a changed or new block is none', () => {
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(block) as [
    DrawBlock,
    DrawBlock,
    DrawBlock,
    DrawBlock,
  ];
  const before = new Map([
    ['a', laid(a, 0, 2)],
    ['b', laid(b, 3, 1)],
    ['c', laid(c, 5, 3)],
    ['d', laid(d, 9, 1)],
  ]);
  const after = new Map([
    ['new', laid(block('new'), 0, 1)],
    ['a', laid(a, 2, 2)],
    ['b', laid(b, 5, 1)],
    ['c', laid(block('c'), 7, 3)], // re-emitted: another block object
    ['d', laid(d, 11, 1)],
  ]);
  assert.deepEqual([...blockShifts(before, after)], [0, 5, 2, 9, 11, 2]);
  assert.deepEqual([...blockShifts(before, before)], []);
  assert.deepEqual([...blockShifts(undefined, after)], []);
});

test('a row takes the shift of the range it lies in, none outside', () => {
  const shifts = Float64Array.from([0, 5, 2, 9, 11, -1, 20, 30, 4]);
  const expected = [2, 2, 2, 2, 2, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4];
  expected.forEach((rows, row) => assert.equal(shiftOf(shifts, row), rows, `row ${row}`));
  assert.equal(shiftOf(shifts, 30), 0);
  assert.equal(shiftOf(new Float64Array(0), 3), 0);
  assert.deepEqual(shifted({ x: 380, y: 38, column: 1, row: 1 }, 2), {
    x: 380,
    y: 114,
    column: 1,
    row: 3,
  });
});
