/**
 * Benchmark of the map pipeline's drawing step per batch (view model, layout, and the diff posted
 * to the page), the part the block memo and row shifts took over:
 *   node --import tsx bench/drawing.ts [--sizes 5000,25000] [--batches 40] [--quick]   (npm run bench:drawing)
 * Synthetic `large:N` records (lib/topology/testing/synthetic.ts) through the maintained model
 * (lib/store/derive.ts), as the pipeline has them; then, in turns, a Service created in the first
 * namespace (every block below it moves) and one created or deleted in the last (only what
 * follows it there moves), after two untimed batches that make the model. Per batch, in the same
 * process, interleaved: ours — `createDrawing()` and
 * `diffDrawing` as the pipeline runs them — and the baseline, what every batch cost before: the
 * view model built from scratch, laid out from the previous layout, diffed against the previous
 * drawing (no block objects kept, so every position below a new block is listed). The two
 * drawings are compared deeply after every batch. Wall-clock milliseconds, medians and p95; the
 * load average (the machine is shared).
 */
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { createDrawing, type DrawInputs, type Drawing } from '../lib/graph/drawing';
import { layoutGraph } from '../lib/graph/layout';
import { buildDrawGraph } from '../lib/graph/view-model';
import { createWorkloadIndex } from '../lib/graph/workloads';
import { createDerivedCache } from '../lib/store/derive';
import { initialRecordStoreState, type RecordStoreState } from '../lib/store/record-state';
import type { SlimRecord } from '../lib/topology/records';
import { serviceRecord } from '../lib/topology/testing/objects';
import { syntheticSnapshot } from '../lib/topology/testing/synthetic';
import { diffDrawing, type DrawingDiff } from '../lib/worker/drawing-diff';
import { sizedRunArgs } from './tools/sized-args';
import { ms, percentile, timed } from './tools/stats';

const { sizes, count: batches } = sizedRunArgs({ name: 'batches', full: 40, quick: 8 });

const quantile = (xs: number[], q: number) => percentile(xs, q * 100);
/** Ids and numbers a diff carries for positions: what the page decodes and applies. */
const positionsSent = (d: DrawingDiff) => d.movedIds.length + (d.shifts?.length ?? 0) / 3;

console.log(
  `bench/drawing.ts — node ${process.version}, ${new Date().toISOString()}; ${batches} batches per size; load ${loadavg()[0]!.toFixed(1)}`,
);
for (const pods of sizes) {
  const snapshot = syntheticSnapshot({ pods });
  const { visibility, ...kinds } = snapshot;
  void visibility;
  let records = new Map(
    (Object.values(kinds).flat() as SlimRecord[]).map((r) => [r.meta.uid, r] as const),
  );
  let state: RecordStoreState = { ...initialRecordStoreState(), records };
  const derive = createDerivedCache();
  const workloads = createWorkloadIndex();
  const expanded = new Set<string>();
  const inputsOf = (s: RecordStoreState): DrawInputs => {
    const derived = derive(s);
    return {
      topology: derived.topology,
      namespaces: [],
      query: '',
      problemsOnly: false,
      drawAll: true,
      expanded,
      keepServiceId: null,
      diagnoses: derived.diagnoses,
      workloads: workloads(derived.snapshot),
    };
  };
  const namespaces = snapshot.namespaces.map((n) => n.meta.name).sort();
  const draw = createDrawing();
  const baselineDraw = (inputs: DrawInputs, previous: Drawing | null): Drawing => {
    const graph = buildDrawGraph(inputs.topology, {
      drawAll: true,
      expanded,
      ...(inputs.diagnoses ? { diagnoses: inputs.diagnoses } : {}),
      ...(inputs.workloads ? { workloads: inputs.workloads } : {}),
    });
    return { graph, layout: layoutGraph(graph, previous?.layout ?? null) };
  };
  let inputs = inputsOf(state);
  let ours = draw(inputs);
  let base = baselineDraw(inputs, null);
  const timings = {
    top: { ours: [] as number[], base: [] as number[] },
    end: { ours: [] as number[], base: [] as number[] },
  };
  const sent = { top: { ours: 0, base: 0 }, end: { ours: 0, base: 0 } };
  // Warm-up, not timed: the first small batch makes the maintained model (lib/store/derive.ts),
  // whose topology objects are all new once, so the first drawing after it is a full one.
  const warm = serviceRecord(namespaces[namespaces.length - 1]!, 'bench-warm-up', {});
  for (const step of ['create', 'delete'] as const) {
    records = new Map(records);
    if (step === 'create') records.set(warm.meta.uid, warm);
    else records.delete(warm.meta.uid);
    state = { ...state, records, recordsVersion: state.recordsVersion + 1 };
    inputs = inputsOf(state);
    ours = draw(inputs);
    base = baselineDraw(inputs, base);
  }
  for (let i = 0; i < batches * 2; i++) {
    // Turns: a Service created in the first namespace (kept: every block below moves, as each of
    // the browser benchmark's latency writes does), then one created or deleted in the last.
    const where = i % 2 === 0 ? 'top' : 'end';
    records = new Map(records);
    if (where === 'top') {
      const service = serviceRecord(namespaces[0]!, `bench-top-${i}`, {});
      records.set(service.meta.uid, service);
    } else {
      const service = serviceRecord(namespaces[namespaces.length - 1]!, `bench-end-${i >> 2}`, {});
      if (i % 4 === 1) records.set(service.meta.uid, service);
      else records.delete(service.meta.uid);
    }
    state = { ...state, records, recordsVersion: state.recordsVersion + 1 };
    inputs = inputsOf(state);
    const runOurs = () => {
      const [next, t] = timed(() => {
        const drawing = draw(inputs);
        return { drawing, diff: diffDrawing(ours, drawing) };
      });
      ours = next.drawing;
      timings[where].ours.push(t);
      sent[where].ours += positionsSent(next.diff);
    };
    const runBase = () => {
      const [next, t] = timed(() => {
        const drawing = baselineDraw(inputs, base);
        // Without the layout's blocks, as before row shifts: every moved position is listed.
        const previous = { graph: base.graph, layout: { ...base.layout, blocks: undefined } };
        return { drawing, diff: diffDrawing(previous, drawing) };
      });
      base = next.drawing;
      timings[where].base.push(t);
      sent[where].base += positionsSent(next.diff);
    };
    // Alternate which runs first, so neither always meets the other's garbage.
    if (i % 2) {
      runOurs();
      runBase();
    } else {
      runBase();
      runOurs();
    }
    assert.deepStrictEqual(
      { nodes: ours.graph.nodes, edges: ours.graph.edges, positions: ours.layout.positions },
      { nodes: base.graph.nodes, edges: base.graph.edges, positions: base.layout.positions },
      `batch ${i}: the same drawing`,
    );
  }
  console.log(`large:${pods}  ${records.size} records, ${ours.graph.nodes.size} drawn nodes`);
  for (const where of ['top', 'end'] as const) {
    const t = timings[where];
    const n = t.ours.length;
    console.log(
      `  ${where === 'top' ? 'a Service created at the top (every block below moves)' : 'a Service created or deleted in the last namespace (only what follows it there moves)'}: ` +
        `ours p50 ${ms(quantile(t.ours, 0.5))} p95 ${ms(quantile(t.ours, 0.95))}; ` +
        `full rebuild (baseline) p50 ${ms(quantile(t.base, 0.5))} p95 ${ms(quantile(t.base, 0.95))}; ` +
        `baseline ÷ ours p50 ${(quantile(t.base, 0.5) / quantile(t.ours, 0.5)).toFixed(1)}×; ` +
        `positions sent per batch: ours ${(sent[where].ours / n).toFixed(0)}, baseline ${(sent[where].base / n).toFixed(0)}`,
    );
  }
}
console.log(`load ${loadavg()[0]!.toFixed(1)}; every batch drew the same as the baseline`);
