/**
 * Benchmark of the map pipeline's derive step (records → topology + diagnoses + namespaces), the
 * part of each batch the maintained model took over:
 *   node --import tsx bench/derive.ts [--sizes 5000,25000] [--flips 60] [--quick]   (npm run bench:derive)
 * Synthetic `large:N` records (lib/topology/testing/synthetic.ts, the topology benchmark's) in a
 * records map as the page's store holds them; then readiness flips, one EndpointSlice endpoint per
 * batch, each a new map with the other records' objects kept (as the store applies a batch).
 * Per batch, in the same process, interleaved: ours — `createDerivedCache()` as the pipeline
 * uses it, fed the changed records — and the baseline, `deriveView` from scratch, what every
 * batch cost before. The first records are built from scratch either way, and the first flip
 * makes the model (printed apart); the two answers are compared deeply at the end. Wall-clock
 * milliseconds, and the load average (the machine is shared).
 */
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createDerivedCache, deriveView } from '../lib/store/derive';
import { initialRecordStoreState, type RecordStoreState } from '../lib/store/record-state';
import type { EndpointSliceRecord, SlimRecord } from '../lib/topology/records';
import { syntheticSnapshot } from '../lib/topology/testing/synthetic';
import { ms, percentile, timed } from './tools/stats';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string' },
    flips: { type: 'string' },
    /** A smoke run: one small size, few flips. */
    quick: { type: 'boolean', default: false },
  },
});
const sizes = (values.sizes ?? (values.quick ? '2000' : '5000,25000')).split(',').map(Number);
const flips = Number(values.flips ?? (values.quick ? '10' : '60'));

const quantile = (xs: number[], q: number) => percentile(xs, q * 100);

/** The slice with endpoint 0's readiness flipped, at a new resourceVersion. */
function flipped(slice: EndpointSliceRecord, version: number): EndpointSliceRecord {
  const [first, ...rest] = slice.endpoints;
  return {
    ...slice,
    meta: { ...slice.meta, resourceVersion: `flip-${version}` },
    endpoints: [{ ...first!, ready: first!.ready === false }, ...rest],
  };
}

console.log(
  `bench/derive.ts — node ${process.version}, ${new Date().toISOString()}; ${flips} readiness flips per size; load ${loadavg()[0]!.toFixed(1)}`,
);
for (const pods of sizes) {
  const snapshot = syntheticSnapshot({ pods });
  const { visibility, ...kinds } = snapshot;
  void visibility;
  const all = Object.values(kinds).flat() as SlimRecord[];
  let records = new Map(all.map((r) => [r.meta.uid, r]));
  const slices = snapshot.endpointSlices.filter((s) => s.endpoints.length > 0);
  let state: RecordStoreState = { ...initialRecordStoreState(), records };
  const derive = createDerivedCache();
  const [, firstOurs] = timed(() => derive(state));
  const [first, firstBaseline] = timed(() => deriveView(records, 0));
  const ours: number[] = [];
  const baseline: number[] = [];
  // Flip 0 makes the model: printed apart, not in the per-flip figures.
  let modelMade = 0;
  let modelBaseline = 0;
  for (let i = 0; i <= flips; i++) {
    const slice = slices[(i * 7919) % slices.length]!;
    const next = flipped(records.get(slice.meta.uid) as EndpointSliceRecord, i + 1);
    records = new Map(records);
    records.set(next.meta.uid, next);
    state = { ...state, records, recordsVersion: i };
    if (i === 0) {
      modelMade = timed(() => derive(state))[1];
      modelBaseline = timed(() => deriveView(records, i))[1];
      continue;
    }
    // Alternate which runs first, so neither always meets the other's garbage.
    if (i % 2) {
      ours.push(timed(() => derive(state))[1]);
      baseline.push(timed(() => deriveView(records, i))[1]);
    } else {
      baseline.push(timed(() => deriveView(records, i))[1]);
      ours.push(timed(() => derive(state))[1]);
    }
  }
  assert.deepStrictEqual(derive(state), deriveView(records, flips), 'the same answer');
  const drawn =
    first.topology.services.length + first.topology.endpoints.length + first.topology.pods.length;
  console.log(
    `large:${pods}  ${all.length} records, ${first.topology.services.length} Services, ~${drawn} nodes`,
  );
  console.log(
    `  first derive (from scratch both ways): ${ms(firstOurs)}, baseline ${ms(firstBaseline)}; ` +
      `first flip, the model made: ${ms(modelMade)}, baseline ${ms(modelBaseline)}`,
  );
  console.log(
    `  per readiness flip: maintained p50 ${ms(quantile(ours, 0.5))} p95 ${ms(quantile(ours, 0.95))}; ` +
      `from scratch (baseline) p50 ${ms(quantile(baseline, 0.5))} p95 ${ms(quantile(baseline, 0.95))}; ` +
      `baseline ÷ ours p50 ${(quantile(baseline, 0.5) / quantile(ours, 0.5)).toFixed(1)}×; same answer: true`,
  );
}
console.log(`load ${loadavg()[0]!.toFixed(1)}`);
