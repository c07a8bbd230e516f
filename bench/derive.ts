/**
 * Benchmark of the map pipeline's derive step (records → topology + diagnoses + namespaces), the
 * part of each batch the maintained model took over:
 *   node --import tsx bench/derive.ts [--sizes 5000,25000] [--flips 60] [--quick]   (npm run bench:derive)
 * Synthetic `large:N` records (lib/topology/testing/synthetic.ts, the topology benchmark's) in
 * the page's record store; then readiness flips, one EndpointSlice endpoint per batch. Per batch,
 * in the same process, interleaved: ours — the store's reducer applies the batch
 * (`applyStreamEvents`: a record table that copies only the shards it writes, and says what the
 * batch changed) and `createDerivedCache()` derives from it as the pipeline does — and the
 * baseline, what every batch cost before: a copy of the whole records map with the batch in it,
 * and `deriveView` from scratch. The store's step and the derive step are printed apart too. The
 * first records are built from scratch either way, and the first flip makes the model (printed
 * apart); ours is compared deeply with the build from scratch of the same records at the end.
 * Wall-clock milliseconds, and the load average (the machine is shared).
 */
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { createDerivedCache, deriveView } from '../lib/store/derive';
import {
  applyStreamEvents,
  initialRecordStoreState,
  type RecordStoreState,
} from '../lib/store/record-state';
import type { EndpointSliceRecord, SlimRecord } from '../lib/topology/records';
import { syntheticSnapshot } from '../lib/topology/testing/synthetic';
import { sizedRunArgs } from './tools/sized-args';
import { ms, percentile, timed } from './tools/stats';

const { sizes, count: flips } = sizedRunArgs({ name: 'flips', full: 60, quick: 10 });

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
  let state: RecordStoreState = initialRecordStoreState({ records: all });
  const derive = createDerivedCache();
  const [, firstOurs] = timed(() => derive(state));
  const [first, firstBaseline] = timed(() => deriveView(records, 0));
  const ours = { store: [] as number[], derive: [] as number[], total: [] as number[] };
  const baseline = { store: [] as number[], derive: [] as number[], total: [] as number[] };
  // Flip 0 makes the model: printed apart, not in the per-flip figures.
  let modelMade = 0;
  let modelBaseline = 0;
  for (let i = 0; i <= flips; i++) {
    const slice = slices[(i * 7919) % slices.length]!;
    const next = flipped(records.get(slice.meta.uid) as EndpointSliceRecord, i + 1);
    const runOurs = () => {
      const [applied, store] = timed(() =>
        applyStreamEvents(state, [{ type: 'upsert', records: [next] }]),
      );
      state = applied;
      const t = timed(() => derive(state))[1];
      return { store, derive: t };
    };
    const runBaseline = () => {
      const store = timed(() => {
        records = new Map(records);
        records.set(next.meta.uid, next);
      })[1];
      const t = timed(() => deriveView(records, i))[1];
      return { store, derive: t };
    };
    if (i === 0) {
      const a = runOurs();
      const b = runBaseline();
      modelMade = a.store + a.derive;
      modelBaseline = b.store + b.derive;
      continue;
    }
    // Alternate which runs first, so neither always meets the other's garbage.
    let a;
    let b;
    if (i % 2) {
      a = runOurs();
      b = runBaseline();
    } else {
      b = runBaseline();
      a = runOurs();
    }
    for (const [into, t] of [
      [ours, a],
      [baseline, b],
    ] as const) {
      into.store.push(t.store);
      into.derive.push(t.derive);
      into.total.push(t.store + t.derive);
    }
  }
  assert.deepStrictEqual(
    derive(state),
    deriveView(state.records, state.recordsVersion),
    'the same answer as the build from scratch of the same records',
  );
  const drawn =
    first.topology.services.length + first.topology.endpoints.length + first.topology.pods.length;
  const line = (label: string, o: number[], b: number[]) =>
    `  ${label}: ours p50 ${ms(quantile(o, 0.5))} p95 ${ms(quantile(o, 0.95))}; ` +
    `baseline p50 ${ms(quantile(b, 0.5))} p95 ${ms(quantile(b, 0.95))}; ` +
    `baseline ÷ ours p50 ${(quantile(b, 0.5) / quantile(o, 0.5)).toFixed(1)}×`;
  console.log(
    `large:${pods}  ${all.length} records, ${first.topology.services.length} Services, ~${drawn} nodes`,
  );
  console.log(
    `  first derive (from scratch both ways): ${ms(firstOurs)}, baseline ${ms(firstBaseline)}; ` +
      `first flip, the model made: ${ms(modelMade)}, baseline ${ms(modelBaseline)}`,
  );
  console.log(line('per readiness flip, store + derive', ours.total, baseline.total));
  console.log(line('  the store (table / whole-map copy)', ours.store, baseline.store));
  console.log(line('  derive (maintained / from scratch)', ours.derive, baseline.derive));
  console.log('  same answer: true');
}
console.log(`load ${loadavg()[0]!.toFixed(1)}`);
