/**
 * The command line the pipeline benchmarks share (bench/derive.ts, bench/drawing.ts,
 * bench/scene.ts): `--sizes` (pods in `large:N`, comma-separated), a count of batches under the
 * benchmark's own name, and `--quick` (one small size, few batches: a smoke run).
 */
import { parseArgs } from 'node:util';

export function sizedRunArgs(count: { name: string; full: number; quick: number }): {
  sizes: number[];
  count: number;
} {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      [count.name]: { type: 'string' },
      quick: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick === true;
  const sizes = String(values.sizes ?? (quick ? '2000' : '5000,25000'))
    .split(',')
    .map(Number);
  const given = values[count.name];
  return { sizes, count: Number(given ?? (quick ? count.quick : count.full)) };
}
