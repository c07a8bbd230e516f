import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDrawing, type DrawInputs, type Drawing } from '../graph/drawing';
import { syntheticTopology, type SyntheticService } from '../graph/testing/synthetic-topology';
import {
  applyDrawingDiff,
  diffDrawing,
  emptyMirror,
  isEmptyDiff,
  sameValue,
  type DrawingMirror,
} from './drawing-diff';

const base: SyntheticService[] = [
  { namespace: 'default', name: 'api', endpoints: 3 },
  { namespace: 'default', name: 'web', endpoints: 2 },
  { namespace: 'shop', name: 'cart', endpoints: 4 },
];
const inputs = (specs: SyntheticService[]): DrawInputs => ({
  topology: syntheticTopology(specs),
  namespaces: [],
  query: '',
  problemsOnly: false,
  drawAll: true,
  expanded: new Set(),
  keepServiceId: null,
});

/** The mirror's value, comparable with deepEqual against a Drawing (blocks stay in the pipeline). */
function valueOf(d: Drawing | DrawingMirror) {
  return {
    nodes: new Map(d.graph.nodes),
    edges: d.graph.edges,
    outline: d.graph.outline,
    counts: [d.graph.matchedServices, d.graph.totalServices, d.graph.collapsedNamespaces],
    positions: new Map(d.layout.positions),
    size: [d.layout.rows, d.layout.width, d.layout.height],
  };
}

test('from nothing, the diff rebuilds the whole drawing', () => {
  const drawing = createDrawing()(inputs(base));
  const diff = diffDrawing(null, drawing);
  assert.equal(diff.nodes.length, drawing.graph.nodes.size);
  assert.equal(diff.moved.length, drawing.layout.positions.size * 4);
  assert.deepEqual(valueOf(applyDrawingDiff(emptyMirror(), diff)), valueOf(drawing));
});

test('a readiness flip posts the restyled nodes only, no positions, blocks or outline', () => {
  const draw = createDrawing();
  const before = draw(inputs(base));
  const after = draw(inputs(base.map((s) => (s.name === 'web' ? { ...s, notReady: 1 } : s))));
  const diff = diffDrawing(before, after);
  assert.ok(diff.nodes.length > 0 && diff.nodes.length <= 4, `${diff.nodes.length} nodes`);
  assert.ok(diff.nodes.every((n) => n.id.includes('web')));
  assert.deepEqual(diff.removedNodes, []);
  assert.deepEqual(diff.movedIds, [], 'positions are stable');
  assert.equal(diff.outline, undefined);
  assert.equal(diff.size, undefined);
  assert.ok(JSON.stringify(diff).length < JSON.stringify([...after.graph.nodes.values()]).length);

  const mirror = applyDrawingDiff(applyDrawingDiff(emptyMirror(), diffDrawing(null, before)), diff);
  assert.deepEqual(valueOf(mirror), valueOf(after));
});

test('unchanged parts keep their identity; an empty diff returns the same mirror', () => {
  const draw = createDrawing();
  const first = draw(inputs(base));
  const mirror = applyDrawingDiff(emptyMirror(), diffDrawing(null, first));
  const same = draw({ ...inputs(base) });
  const diff = diffDrawing(first, same);
  assert.ok(isEmptyDiff(diff), 'rebuilt from an equal topology: nothing to send');
  assert.equal(applyDrawingDiff(mirror, diff), mirror);

  const flipped = draw(inputs(base.map((s) => (s.name === 'api' ? { ...s, notReady: 2 } : s))));
  const nodes = mirror.graph.nodes;
  const next = applyDrawingDiff(mirror, diffDrawing(same, flipped));
  assert.notEqual(next.graph, mirror.graph, 'a restyle is a new graph object');
  assert.equal(next.graph.nodes, nodes, 'whose node table is updated in place, not copied');
  assert.deepEqual(valueOf(next), valueOf(flipped));
  assert.equal(next.graph.outline, mirror.graph.outline);
  assert.equal(next.graph.blocks, mirror.graph.blocks);
  assert.equal(next.layout, mirror.layout);
});

test('added and removed Services: nodes, edges, positions and order follow', () => {
  const draw = createDrawing();
  const steps: SyntheticService[][] = [
    base,
    [...base, { namespace: 'default', name: 'billing', endpoints: 2 }],
    base.filter((s) => s.name !== 'web'),
    [{ namespace: 'shop', name: 'cart', endpoints: 1 }],
    base,
  ];
  let previous: Drawing | null = null;
  let mirror = emptyMirror();
  for (const specs of steps) {
    const next = draw(inputs(specs));
    mirror = applyDrawingDiff(mirror, diffDrawing(previous, next));
    assert.deepEqual(valueOf(mirror), valueOf(next), specs.map((s) => s.name).join(','));
    previous = next;
  }
});

test('the moved positions travel as one transferable Float64Array', () => {
  const drawing = createDrawing()(inputs(base));
  const diff = diffDrawing(null, drawing);
  assert.ok(diff.moved instanceof Float64Array);
  const copy = structuredClone(diff, { transfer: [diff.moved.buffer as ArrayBuffer] });
  assert.deepEqual(valueOf(applyDrawingDiff(emptyMirror(), copy)), valueOf(drawing));
});

test('sameValue compares plain data by value, an undefined key as absent', () => {
  const shared = { uid: 'a', labels: { app: 'x' } };
  assert.equal(
    sameValue({ a: 1, b: [1, { c: 'x' }], r: shared }, { a: 1, b: [1, { c: 'x' }], r: shared }),
    true,
  );
  assert.equal(sameValue({ a: 1, b: undefined }, { a: 1 }), true);
  assert.equal(sameValue({ a: 1 }, { a: 1, b: undefined }), true);
  assert.equal(sameValue({ a: 1 }, { a: 1, b: 0 }), false);
  assert.equal(sameValue({ a: [1, 2] }, { a: [1, 2, 3] }), false);
  assert.equal(sameValue({ a: [1] }, { a: { 0: 1 } }), false);
  assert.equal(sameValue({ a: { b: { c: 'x' } } }, { a: { b: { c: 'y' } } }), false);
  assert.equal(sameValue(null, {}), false);
  assert.equal(sameValue(Number.NaN, Number.NaN), true);
});

test('the outline travels as a patch: unchanged subtrees are keys and keep their identity', () => {
  const draw = createDrawing();
  const before = draw(inputs(base));
  const mirror = applyDrawingDiff(emptyMirror(), diffDrawing(null, before));
  const after = draw(inputs([...base, { namespace: 'shop', name: 'orders', endpoints: 2 }]));
  const diff = diffDrawing(before, after);
  assert.ok(diff.outline, 'the outline changed');
  const kept = diff.outline.filter((part) => typeof part === 'string');
  assert.ok(kept.length > 0, 'the untouched namespace goes as its key');
  const next = applyDrawingDiff(mirror, diff);
  assert.deepEqual(next.graph.outline, after.graph.outline);
  for (const key of kept)
    assert.equal(
      next.graph.outline.find((e) => e.key === key),
      mirror.graph.outline.find((e) => e.key === key),
      `${key} keeps its identity`,
    );
  assert.ok(JSON.stringify(diff.outline).length < JSON.stringify(after.graph.outline).length);
  assert.equal(next.graph.blocks.length, 0, 'blocks stay with the pipeline');
});
