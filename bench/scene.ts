/**
 * Benchmark of the page's share of an update on a big map: the mirror applying the worker's
 * diff (lib/worker/drawing-diff.ts) and the canvas scene patched from it
 * (components/graph/scene-patch.ts), against building the scene from scratch:
 *   node --import tsx bench/scene.ts [--sizes 5000,25000] [--batches 40] [--quick]   (npm run bench:scene)
 * Synthetic `large:N` records through the maintained model and the drawing, as the worker has
 * them; then, in turns, a Service created in the first namespace (every block below it moves),
 * one created in the last and one deleted there. Each diff crosses a structured clone, as a
 * worker's message does, and is applied to the page's mirror; then, in the same process and
 * interleaved, ours — `sceneBuilder()` as the canvas keeps it, patching its last scene — and the
 * baseline, a scene built from scratch for the same mirror. After every batch the two scenes are
 * compared: the same nodes at the same places, the same edges in batches of the same look.
 * Before the turns, the first picture's scene: `buildScene` of the whole map, the first build (cold
 * for the run's first size, as the page's is) and the median of further builds of the same
 * mirror, with its edge batching alone.
 * Wall-clock milliseconds, medians and p95; the load average.
 */
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { sceneBuilder, type Scene } from '../components/graph/canvas-scene';
import { buildScene, edgeBatches } from '../components/graph/scene-geometry';
import { createDrawing, type RetainedDrawing } from '../lib/graph/drawing';
import { drawEverything } from '../lib/graph/testing/synthetic-topology';
import { createWorkloadIndex } from '../lib/graph/workloads';
import { createDerivedCache } from '../lib/store/derive';
import {
  applyStreamEvents,
  initialRecordStoreState,
  type RecordStoreState,
} from '../lib/store/record-state';
import type { StreamEvent } from '../lib/stream/protocol';
import type { SlimRecord } from '../lib/topology/records';
import { serviceRecord } from '../lib/topology/testing/objects';
import { syntheticSnapshot } from '../lib/topology/testing/synthetic';
import { applyDrawingDiff, diffDrawing, emptyMirror } from '../lib/worker/drawing-diff';
import { sizedRunArgs } from './tools/sized-args';
import { median, ms, percentile, timed } from './tools/stats';

const { sizes, count: batches } = sizedRunArgs({ name: 'batches', full: 40, quick: 6 });
/** Further builds of the first picture's scene, after the cold one. */
const REBUILDS = 9;

/** What a scene paints, whatever the order of ties: nodes and edges with their places and looks. */
function painted(scene: Scene) {
  const nodes = scene.nodes.map((n, i) => `${n.id}@${scene.nodeXs[i]},${scene.nodeYs[i]}`).sort();
  const edges = scene.batches
    .flatMap((b) =>
      b.edges.map(
        (e, i) =>
          `${e.id}|${b.color}|${b.dash}|${b.width}|${b.dim}|${[...b.segs.subarray(i * 4, i * 4 + 4)]}`,
      ),
    )
    .sort();
  return { nodes, edges };
}

type Pattern = 'top' | 'end-create' | 'end-delete';
const LABEL: Record<Pattern, string> = {
  top: 'a Service created at the top (every block below moves)',
  'end-create': 'a Service created in the last namespace',
  'end-delete': 'a Service deleted in the last namespace',
};

console.log(
  `bench/scene.ts — node ${process.version}, ${new Date().toISOString()}; ${batches} batches per pattern and size; load ${loadavg()[0]!.toFixed(1)}`,
);
for (const pods of sizes) {
  const snapshot = syntheticSnapshot({ pods });
  const { visibility, ...kinds } = snapshot;
  void visibility;
  let state: RecordStoreState = initialRecordStoreState({
    records: Object.values(kinds).flat() as SlimRecord[],
  });
  const derive = createDerivedCache();
  const workloads = createWorkloadIndex();
  const draw = createDrawing();
  const namespaces = snapshot.namespaces.map((n) => n.meta.name).sort();
  let drawn: RetainedDrawing | null = null;
  let mirror = emptyMirror();
  const sceneOf = sceneBuilder();
  const times = {
    apply: new Map<Pattern, number[]>(),
    ours: new Map<Pattern, number[]>(),
    base: new Map<Pattern, number[]>(),
  };
  const push = (into: Map<Pattern, number[]>, p: Pattern, t: number) =>
    into.set(p, [...(into.get(p) ?? []), t]);
  const step = (event: StreamEvent) => {
    state = applyStreamEvents(state, [event]);
    const derived = derive(state);
    const drawing = draw({
      ...drawEverything(derived.topology),
      diagnoses: derived.diagnoses,
      workloads: workloads(derived.snapshot),
    });
    const diff = structuredClone(diffDrawing(drawn, drawing));
    drawn = drawing;
    return diff;
  };
  // The first picture, built cold and then again; then a first patch, untimed (the scene
  // builder then holds its ids).
  const warm = (name: string) => {
    const diff = step({ type: 'upsert', records: [serviceRecord(namespaces[0]!, name, {})] });
    mirror = applyDrawingDiff(mirror, diff);
  };
  warm('bench-warm-a');
  const [, firstBuild] = timed(() => buildScene(mirror.graph, mirror.layout, null));
  const rebuilds: number[] = [];
  const batchings: number[] = [];
  for (let i = 0; i < REBUILDS; i++) {
    rebuilds.push(timed(() => buildScene(mirror.graph, mirror.layout, null))[1]);
    batchings.push(timed(() => edgeBatches(mirror.graph.edges, mirror.layout, null))[1]);
  }
  const firstPicture =
    `  the first picture's scene (buildScene of the whole map): first (cold) ${ms(firstBuild)}; ` +
    `median of ${REBUILDS} more ${ms(median(rebuilds))}, of which the edge batches ${ms(median(batchings))}`;
  sceneOf(mirror.graph, mirror.layout, null);
  warm('bench-warm-b');
  sceneOf(mirror.graph, mirror.layout, null);
  let last: SlimRecord | null = null;
  for (let i = 0; i < batches * 3; i++) {
    const pattern: Pattern = (['top', 'end-create', 'end-delete'] as const)[i % 3]!;
    let event: StreamEvent;
    if (pattern === 'top')
      event = { type: 'upsert', records: [serviceRecord(namespaces[0]!, `bench-top-${i}`, {})] };
    else if (pattern === 'end-create') {
      last = serviceRecord(namespaces[namespaces.length - 1]!, `bench-end-${i}`, {});
      event = { type: 'upsert', records: [last] };
    } else event = { type: 'delete', refs: [{ kind: 'Service', uid: last!.meta.uid }] };
    const diff = step(event);
    const [applied, tApply] = timed(() => applyDrawingDiff(mirror, diff));
    mirror = applied;
    push(times.apply, pattern, tApply);
    let ours: Scene;
    let base: Scene;
    const runOurs = () => {
      const [scene, t] = timed(() => sceneOf(mirror.graph, mirror.layout, null));
      push(times.ours, pattern, t);
      return scene;
    };
    const runBase = () => {
      const [scene, t] = timed(() => sceneBuilder()(mirror.graph, mirror.layout, null));
      push(times.base, pattern, t);
      return scene;
    };
    if (i % 2) {
      ours = runOurs();
      base = runBase();
    } else {
      base = runBase();
      ours = runOurs();
    }
    assert.deepStrictEqual(painted(ours), painted(base), `batch ${i}: the same scene`);
  }
  console.log(
    `large:${pods}  ${mirror.graph.nodes.size} drawn nodes, ${mirror.graph.edges.length} edges`,
  );
  console.log(firstPicture);
  for (const pattern of ['top', 'end-create', 'end-delete'] as const) {
    const o = times.ours.get(pattern)!;
    const b = times.base.get(pattern)!;
    const a = times.apply.get(pattern)!;
    console.log(
      `  ${LABEL[pattern]}: mirror apply p50 ${ms(percentile(a, 50))}; scene patched (ours) p50 ${ms(percentile(o, 50))} p95 ${ms(percentile(o, 95))}; ` +
        `built from scratch (baseline) p50 ${ms(percentile(b, 50))} p95 ${ms(percentile(b, 95))}; baseline ÷ ours p50 ${(percentile(b, 50) / percentile(o, 50)).toFixed(1)}×`,
    );
  }
}
console.log(`load ${loadavg()[0]!.toFixed(1)}; every patched scene painted what the built one did`);
