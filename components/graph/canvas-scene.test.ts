import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDrawing, type DrawInputs } from '@/lib/graph/drawing';
import type { DrawGraph } from '@/lib/graph/draw-types';
import type { Layout } from '@/lib/graph/layout';
import {
  changeSpecs,
  drawEverything,
  stableSyntheticTopology,
  syntheticTopology,
  type SyntheticService,
} from '@/lib/graph/testing/synthetic-topology';
import { prng } from '@/lib/testing/prng';
import { applyDrawingDiff, diffDrawing, emptyMirror } from '@/lib/worker/drawing-diff';
import { sceneBuilder, type Scene } from './canvas-scene';

const inputs = (specs: SyntheticService[]): DrawInputs => drawEverything(syntheticTopology(specs));

/** What a scene paints, independent of the order of ties. */
function painted(scene: Scene) {
  const nodes = scene.nodes.map((node, i) => [scene.nodeYs[i], scene.nodeXs[i], node.id, node]);
  for (let i = 1; i < scene.nodeYs.length; i++)
    assert.ok(scene.nodeYs[i - 1]! <= scene.nodeYs[i]!, 'nodes in y order');
  // Batches of one look (colour, dash, width, dimming) paint alike, however they are split.
  const looks = new Map<string, unknown[][]>();
  for (const b of scene.batches) {
    for (let i = 1; i < b.tops.length; i++)
      assert.ok(b.tops[i - 1]! <= b.tops[i]!, 'edges in top order');
    const look = JSON.stringify([b.color, b.dash, b.width, b.dim]);
    const edges = looks.get(look) ?? [];
    looks.set(look, edges);
    b.edges.forEach((edge, i) => {
      const [ax, ay, bx, by] = b.segs.subarray(i * 4, i * 4 + 4);
      assert.ok(b.span >= Math.abs(ay! - by!), 'the span covers every edge');
      assert.equal(b.tops[i], Math.min(ay!, by!));
      edges.push([edge.id, edge, ax, ay, bx, by, b.elbows[i]]);
    });
  }
  const batches = [...looks].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [, edges] of batches) edges.sort(byId);
  const dimFirst = scene.batches.findIndex((b) => !b.dim);
  assert.ok(dimFirst < 0 || scene.batches.slice(dimFirst).every((b) => !b.dim), 'dimmed first');
  return {
    nodes: nodes.sort(byId),
    batches,
  };
}
const byId = (a: unknown[], b: unknown[]) =>
  String(typeof a[2] === 'string' ? a[2] : a[0]) < String(typeof b[2] === 'string' ? b[2] : b[0])
    ? -1
    : 1;

test('a patched scene paints what a scene built from scratch paints, change after change', () => {
  let patchedSteps = 0;
  let shiftedSteps = 0;
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const topologyOf = stableSyntheticTopology();
    const next = prng(seed);
    const draw = createDrawing();
    const sceneOf = sceneBuilder();
    let specs: SyntheticService[] = Array.from({ length: 30 }, (_, i) => ({
      namespace: ['a', 'b', 'c'][i % 3]!,
      name: `base-${i}`,
      endpoints: 1 + (i % 4),
      notReady: i % 3 === 0 ? 1 : 0,
      external: i % 7 === 0,
    }));
    let previous = null;
    let mirror = emptyMirror();
    let highlight: Set<string> | null = null;
    let last: Scene | null = null;
    for (let step = 0; step < 60; step++) {
      if (next() < 0.1) {
        // The highlight changes now and then: a rebuild of the edges, not a patch.
        const ids = mirror.graph.edges.map((e) => e.id);
        highlight = next() < 0.5 ? null : new Set(ids.filter(() => next() < 0.3));
      } else {
        specs = changeSpecs(specs, next, step);
        // Now and then two changes at once: a block that moves and is drawn anew in one diff.
        if (next() < 0.3) specs = changeSpecs(specs, next, step + 1000);
      }
      const drawing = draw({ ...inputs(specs), topology: topologyOf(specs) });
      const diff = diffDrawing(previous, drawing);
      if (diff.shifts) shiftedSteps++;
      mirror = applyDrawingDiff(mirror, diff);
      previous = drawing;
      const scene: Scene = sceneOf(mirror.graph, mirror.layout, highlight);
      if (last && scene.batches.some((b) => last!.batches.includes(b))) patchedSteps++;
      const fresh: Scene = sceneBuilder()(mirror.graph, mirror.layout, highlight);
      assert.deepStrictEqual(painted(scene), painted(fresh), `seed ${seed}, step ${step}`);
      last = scene;
    }
  }
  // Without patches, only steps that changed no edge keep a batch (23 of these 360).
  assert.ok(patchedSteps > 60, `steps were patched, not rebuilt (${patchedSteps})`);
  assert.ok(shiftedSteps > 20, `blocks moved whole in some steps (${shiftedSteps})`);
});

test('a scene built from another drawing than the diff was applied to is built anew', () => {
  const draw = createDrawing();
  const specs: SyntheticService[] = Array.from({ length: 12 }, (_, i) => ({
    namespace: 'a',
    name: `svc-${i}`,
    endpoints: 2,
  }));
  const first = draw(inputs(specs));
  const one = applyDrawingDiff(emptyMirror(), diffDrawing(null, first));
  const second = draw(inputs([...specs, { namespace: 'a', name: 'svc-5a', endpoints: 1 }]));
  const two = applyDrawingDiff(one, diffDrawing(first, second));
  const third = draw(inputs(specs));
  const three = applyDrawingDiff(two, diffDrawing(second, third));
  // The canvas saw the first drawing, then (two diffs later) the third.
  const sceneOf = sceneBuilder();
  const seen = (g: DrawGraph, l: Layout) => sceneOf(g, l, null);
  seen(one.graph, one.layout);
  assert.deepStrictEqual(
    painted(seen(three.graph, three.layout)),
    painted(sceneBuilder()(three.graph, three.layout, null)),
  );
});

test('a block drawn anew while it moves: its edges up to a shared address far above move too', () => {
  const topologyOf = stableSyntheticTopology();
  const shared = { external: true, sharedAddress: '203.0.113.9' };
  const fillers: SyntheticService[] = Array.from({ length: 20 }, (_, i) => ({
    namespace: 'b',
    name: `filler-${String(i).padStart(2, '0')}`,
    endpoints: 2,
  }));
  const before: SyntheticService[] = [
    { namespace: 'a', name: 'first', endpoints: 1, ...shared },
    ...fillers,
    { namespace: 'c', name: 'last', endpoints: 2, ...shared },
  ];
  // One diff: a Service added above `last` (it moves) and `last` resized (drawn anew).
  const after: SyntheticService[] = [
    ...before.slice(0, -1),
    { namespace: 'b', name: 'filler-new', endpoints: 3 },
    { namespace: 'c', name: 'last', endpoints: 3, ...shared },
  ];
  const draw = createDrawing();
  const sceneOf = sceneBuilder();
  const first = draw({ ...inputs(before), topology: topologyOf(before) });
  const one = applyDrawingDiff(emptyMirror(), diffDrawing(null, first));
  sceneOf(one.graph, one.layout, null);
  const second = draw({ ...inputs(after), topology: topologyOf(after) });
  const diff = diffDrawing(first, second);
  const two = applyDrawingDiff(one, diff);
  const lastEndpoint = [...two.graph.nodes.keys()].find((id) => id.startsWith('ep:u-c-last'))!;
  assert.ok(
    diff.movedIds.includes(lastEndpoint),
    'the resized block moved otherwise than by a shift',
  );
  const patched = sceneOf(two.graph, two.layout, null);
  assert.deepStrictEqual(painted(patched), painted(sceneBuilder()(two.graph, two.layout, null)));
});
