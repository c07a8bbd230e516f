/**
 * The rest of a big first picture across the worker → page boundary (lib/worker/update-wire.ts):
 * what the worker does to post it (pack), the crossing (a structured clone, as postMessage makes
 * it, its buffers transferred), and what the page does with it (unpack, then the mirror's apply:
 * lib/worker/drawing-diff.ts), for synthetic `large:N` records through the store, the drawing
 * and the first-screen split, as the worker has them. Ours is the wire form as shipped (nodes cut
 * down to what is drawn as JSON text, one byte per character, their repeated values as
 * references; edges, moved ids and the outline as indexes into one id table, edges all new
 * appended unlooked-up); the BASELINE, in the same process and interleaved round by round, is the
 * form before the id table: the whole drawing's nodes (cut down, as the diff then did), edges and
 * outline patch as one JSON text, and the edges merged by id. Medians of the rounds; the text's
 * size too.
 *
 * Usage: npm run bench:wire [-- --pods 25000 --rounds 7]
 */
import { createDrawing } from '../lib/graph/drawing';
import { drawnNode } from '../lib/graph/drawn-node';
import { drawEverything } from '../lib/graph/testing/synthetic-topology';
import { createWorkloadIndex } from '../lib/graph/workloads';
import { createDerivedCache } from '../lib/store/derive';
import { initialRecordStoreState } from '../lib/store/record-state';
import type { SlimRecord } from '../lib/topology/records';
import { syntheticSnapshot } from '../lib/topology/testing/synthetic';
import {
  applyDrawingDiff,
  diffDrawing,
  emptyMirror,
  type DrawingDiff,
} from '../lib/worker/drawing-diff';
import { firstScreen, plainDrawing } from '../lib/worker/first-screen';
import type { PipelineUpdate } from '../lib/worker/pipeline';
import { pack, unpack, wireTransferables, type WorkerMessage } from '../lib/worker/update-wire';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const PODS = Number(arg('pods', '25000'));
const ROUNDS = Number(arg('rounds', '7'));

/** The baseline: the wire before the id table (one JSON text of nodes, edges and outline). */
const baseline = {
  pack(update: PipelineUpdate) {
    const { nodes, edges, outline, ...rest } = update.drawing!;
    return {
      packed: JSON.stringify({ nodes: nodes.map(drawnNode), edges, outline }),
      update: { ...update, drawing: { ...rest, nodes: [], edges: [] } },
    };
  },
  unpack(message: { packed: string; update: PipelineUpdate }): PipelineUpdate {
    const { nodes, edges, outline } = JSON.parse(message.packed) as DrawingDiff;
    // Without `edgesAllNew`, as the mirror merged edges by id before it.
    const { edgesAllNew: _unused, ...drawing } = message.update.drawing!;
    void _unused;
    return { ...message.update, drawing: { ...drawing, nodes, edges, outline } };
  },
};

function restOfFirstPicture() {
  const { visibility: _visibility, ...kinds } = syntheticSnapshot({ pods: PODS });
  void _visibility;
  const records = new Map(
    (Object.values(kinds).flat() as SlimRecord[]).map((r) => [r.meta.uid, r] as const),
  );
  const derived = createDerivedCache()({ ...initialRecordStoreState(), records });
  const drawing = createDrawing()({
    ...drawEverything(derived.topology),
    diagnoses: derived.diagnoses,
    workloads: createWorkloadIndex()(derived.snapshot),
  });
  const screen = firstScreen(drawing, 200)!;
  return {
    size: drawing.graph.nodes.size,
    edges: drawing.graph.edges.length,
    top: diffDrawing(null, screen.top),
    rest: diffDrawing(screen.top, plainDrawing(drawing)),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const time = <T>(into: number[], work: () => T): T => {
  const start = performance.now();
  const out = work();
  into.push(performance.now() - start);
  return out;
};

function main() {
  const { size, edges, top, rest } = restOfFirstPicture();
  console.log(
    `wire · large:${PODS} · ${size.toLocaleString('en-US')} drawn nodes, ${edges.toLocaleString('en-US')} edges; the rest after the top: ${rest.nodes.length.toLocaleString('en-US')} nodes, ${rest.edges.length.toLocaleString('en-US')} edges · ${ROUNDS} rounds`,
  );
  const figures = {
    ours: { pack: [] as number[], cross: [] as number[], page: [] as number[], text: 0 },
    baseline: { pack: [] as number[], cross: [] as number[], page: [] as number[], text: 0 },
  };
  for (let round = 0; round < ROUNDS; round++) {
    // The same diff each round, re-made so the rounds do not share what a transfer detached.
    const update = (): PipelineUpdate => ({
      drawing: { ...rest, moved: rest.moved.slice() },
      drawingRest: 0,
    });
    {
      const f = figures.ours;
      const message = time(f.pack, () => pack(update()));
      if ('packed' in message) f.text = message.packed.length;
      const crossed = time(f.cross, () =>
        structuredClone(message, { transfer: wireTransferables(message) }),
      ) as WorkerMessage;
      const mirror = applyDrawingDiff(emptyMirror(), top);
      time(f.page, () => applyDrawingDiff(mirror, unpack(crossed).drawing!));
    }
    {
      const f = figures.baseline;
      const message = time(f.pack, () => baseline.pack(update()));
      f.text = message.packed.length;
      const crossed = time(f.cross, () => structuredClone(message));
      const mirror = applyDrawingDiff(emptyMirror(), top);
      time(f.page, () => applyDrawingDiff(mirror, baseline.unpack(crossed).drawing!));
    }
  }
  const line = (f: typeof figures.ours) =>
    `pack p50 ${median(f.pack).toFixed(1)} ms, crossing p50 ${median(f.cross).toFixed(1)} ms, unpack + mirror p50 ${median(f.page).toFixed(1)} ms; text ${(f.text / 1e6).toFixed(1)} MB`;
  console.log(`  ours (indexes):         ${line(figures.ours)}`);
  console.log(`  baseline (JSON text):   ${line(figures.baseline)}`);
  const r = (k: 'pack' | 'cross' | 'page') =>
    (median(figures.baseline[k]) / median(figures.ours[k])).toFixed(2);
  console.log(
    `  baseline ÷ ours p50: pack ${r('pack')}×, crossing ${r('cross')}×, unpack + mirror ${r('page')}×`,
  );
}

main();
