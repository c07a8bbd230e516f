import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDrawing, type DrawInputs, type Drawing } from '../graph/drawing';
import {
  changeSpecs,
  drawEverything,
  stableSyntheticTopology,
  syntheticTopology,
  type SyntheticService,
} from '../graph/testing/synthetic-topology';
import { prng } from '../testing/prng';
import {
  appliedDiff,
  applyDrawingDiff,
  diffDrawing,
  emptyMirror,
  diffTransferables,
  isEmptyDiff,
  sameValue,
} from './drawing-diff';
import { drawingValue } from '../graph/testing/drawing-value';

const base: SyntheticService[] = [
  { namespace: 'default', name: 'api', endpoints: 3 },
  { namespace: 'default', name: 'web', endpoints: 2 },
  { namespace: 'shop', name: 'cart', endpoints: 4 },
];
const inputs = (specs: SyntheticService[]): DrawInputs => drawEverything(syntheticTopology(specs));

test('from nothing, the diff rebuilds the whole drawing', () => {
  const drawing = createDrawing()(inputs(base));
  const diff = diffDrawing(null, drawing);
  assert.equal(diff.nodes.length, drawing.graph.nodes.size);
  assert.equal(diff.moved.length, drawing.layout.positions.size * 4);
  assert.deepEqual(drawingValue(applyDrawingDiff(emptyMirror(), diff)), drawingValue(drawing));
});

test('a readiness flip posts the restyled nodes only, no positions, blocks or outline', () => {
  const draw = createDrawing();
  const before = draw(inputs(base));
  // The drawing's tables are kept and updated by the next build: mirror it first.
  const start = applyDrawingDiff(emptyMirror(), diffDrawing(null, before));
  const after = draw(inputs(base.map((s) => (s.name === 'web' ? { ...s, notReady: 1 } : s))));
  const diff = diffDrawing(before, after);
  assert.ok(diff.nodes.length > 0 && diff.nodes.length <= 4, `${diff.nodes.length} nodes`);
  assert.ok(diff.nodes.every((n) => n.id.includes('web')));
  assert.deepEqual(diff.removedNodes, []);
  assert.deepEqual(diff.movedIds, [], 'positions are stable');
  assert.ok(diff.edges.length > 0, 'the edges to the flipped endpoint are restyled');
  assert.equal(diff.edgesAllNew, undefined, 'restyled edges replace theirs: not all new');
  assert.equal(diff.outline, undefined);
  assert.equal(diff.size, undefined);
  assert.ok(JSON.stringify(diff).length < JSON.stringify([...after.graph.nodes.values()]).length);

  assert.deepEqual(drawingValue(applyDrawingDiff(start, diff)), drawingValue(after));
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
  assert.deepEqual(drawingValue(next), drawingValue(flipped));
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
    assert.deepEqual(drawingValue(mirror), drawingValue(next), specs.map((s) => s.name).join(','));
    previous = next;
  }
});

test('kept tables: a drawing is diffed against the one made just before it, before the next', () => {
  const draw = createDrawing();
  const first = draw(inputs(base));
  const second = draw(inputs([...base, { namespace: 'shop', name: 'cart', endpoints: 1 }]));
  assert.equal(second.graph.nodes, first.graph.nodes, 'one node table, updated in place');
  assert.throws(() => diffDrawing(null, first), /after a newer one was built/);
  const third = draw(inputs(base));
  assert.throws(() => diffDrawing(first, third), /not made just before it/);
  assert.ok(diffDrawing(second, third).removedNodes.length > 0, 'the next pair diffs');
  assert.equal(first.changes.since, null, 'a superseded drawing holds no older one');
});

test('the moved positions travel as one transferable Float64Array', () => {
  const drawing = createDrawing()(inputs(base));
  const diff = diffDrawing(null, drawing);
  assert.ok(diff.moved instanceof Float64Array);
  const copy = structuredClone(diff, { transfer: [diff.moved.buffer as ArrayBuffer] });
  assert.deepEqual(drawingValue(applyDrawingDiff(emptyMirror(), copy)), drawingValue(drawing));
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

test('the outline travels as a patch of node ids: unchanged subtrees keep their identity', () => {
  const draw = createDrawing();
  const before = draw(inputs(base));
  const mirror = applyDrawingDiff(emptyMirror(), diffDrawing(null, before));
  const after = draw(inputs([...base, { namespace: 'shop', name: 'orders', endpoints: 2 }]));
  const diff = diffDrawing(before, after);
  assert.ok(diff.outline, 'the outline changed');
  const kept = diff.outline.filter((part) => typeof part === 'string');
  assert.ok(kept.length > 0, 'the untouched Services go as their node ids');
  const next = applyDrawingDiff(mirror, diff);
  // Keys, levels and parent keys are rebuilt from the places of the node ids.
  assert.deepEqual(next.graph.outline, after.graph.outline);
  for (const id of kept)
    assert.equal(
      next.graph.outline.find((e) => e.nodeId === id),
      mirror.graph.outline.find((e) => e.nodeId === id),
      `${id} keeps its identity`,
    );
  assert.ok(!JSON.stringify(diff.outline).includes('>'), 'no key travels');
  assert.ok(JSON.stringify(diff.outline).length < JSON.stringify(after.graph.outline).length);
  assert.equal(next.graph.blocks.length, 0, 'blocks stay with the pipeline');
});

test('the edge order travels as an edit: runs, and by id only the edges the diff carries', () => {
  const draw = createDrawing();
  const many: SyntheticService[] = Array.from({ length: 40 }, (_, i) => ({
    namespace: 'default',
    name: `svc-${String(i).padStart(2, '0')}`,
    endpoints: 3,
  }));
  const before = draw(inputs(many));
  // From nothing the order would name every edge: it is left implied.
  const first = diffDrawing(null, before);
  assert.equal(first.edgeOrder, undefined);
  const mirror = applyDrawingDiff(emptyMirror(), first);
  // A Service appended at the end: one run and its edges, which the page copies rather than
  // looking every edge up.
  const appended = draw(inputs([...many, { namespace: 'default', name: 'zz', endpoints: 2 }]));
  const append = diffDrawing(before, appended);
  assert.deepEqual(append.edgeOrder, [
    [0, before.graph.edges.length],
    ...append.edges.map((e) => e.id),
  ]);
  const grown = applyDrawingDiff(mirror, append);
  assert.deepEqual(drawingValue(grown), drawingValue(appended));
  // A readiness flip: the restyled edges by id between runs, the rest copied.
  const flipped = draw(
    inputs([...many, { namespace: 'default', name: 'zz', endpoints: 2, notReady: 1 }]),
  );
  const flip = diffDrawing(appended, flipped);
  const flipIds = flip.edgeOrder?.filter((part) => typeof part === 'string');
  assert.ok(flip.edges.length > 0 && flip.edges.length < 4, `${flip.edges.length} edges`);
  assert.deepEqual(
    flipIds,
    flip.edges.map((e) => e.id),
    'only the restyled edges by id',
  );
  assert.deepEqual(drawingValue(applyDrawingDiff(grown, flip)), drawingValue(flipped));
  // Nothing changed: no order.
  assert.equal(
    diffDrawing(
      flipped,
      draw(inputs([...many, { namespace: 'default', name: 'zz', endpoints: 2, notReady: 1 }])),
    ).edgeOrder,
    undefined,
  );
  // One Service in the middle: the edges before and after it as two runs, its own by id.
  const again = draw(inputs(many));
  const start = applyDrawingDiff(emptyMirror(), diffDrawing(null, again));
  const middle = draw(inputs([...many, { namespace: 'default', name: 'svc-19a', endpoints: 2 }]));
  const diff = diffDrawing(again, middle);
  assert.ok(diff.edgeOrder, 'the order changed');
  const runs = diff.edgeOrder.filter((part) => typeof part !== 'string');
  const ids = diff.edgeOrder.filter((part) => typeof part === 'string');
  assert.equal(runs.length, 2);
  assert.deepEqual(
    ids,
    diff.edges.map((e) => e.id),
    'only the new edges travel by id',
  );
  assert.deepEqual(drawingValue(applyDrawingDiff(start, diff)), drawingValue(middle));
});

test('random sequences of changes: the mirror always equals the drawing', () => {
  let shifted = 0;
  let appended = 0;
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    const next = prng(seed);
    const draw = createDrawing();
    const topologyOf = stableSyntheticTopology();
    let specs: SyntheticService[] = [];
    let previous: Drawing | null = null;
    let mirror = emptyMirror();
    for (let step = 0; step < 40; step++) {
      specs = changeSpecs(specs, next, step);
      const drawing = draw({ ...inputs(specs), topology: topologyOf(specs) });
      const diff = diffDrawing(previous, drawing);
      if (diff.shifts) shifted++;
      if (diff.edgesAllNew) {
        appended++;
        const had = new Set(mirror.graph.edges.map((e) => e.id));
        assert.ok(
          diff.edges.every((e) => !had.has(e.id)),
          'edgesAllNew: no edge replaces one',
        );
        assert.equal(diff.edgeOrder, undefined);
      }
      mirror = applyDrawingDiff(mirror, diff);
      assert.deepEqual(drawingValue(mirror), drawingValue(drawing), `seed ${seed}, step ${step}`);
      previous = drawing;
    }
  }
  assert.ok(shifted > 10, `blocks moved whole, as row shifts, in some steps (${shifted})`);
  assert.ok(appended > 10, `edges only appended, without a lookup, in some steps (${appended})`);
});

test('a Service added near the top moves the blocks below as one row shift, not each position', () => {
  const draw = createDrawing();
  const topologyOf = stableSyntheticTopology();
  const many: SyntheticService[] = Array.from({ length: 40 }, (_, i) => ({
    namespace: 'b',
    name: `svc-${String(i).padStart(2, '0')}`,
    endpoints: 3,
  }));
  const before = draw({ ...inputs(many), topology: topologyOf(many) });
  const start = applyDrawingDiff(emptyMirror(), diffDrawing(null, before));
  const withTop = [...many, { namespace: 'a', name: 'top', endpoints: 2 }];
  const after = draw({ ...inputs(withTop), topology: topologyOf(withTop) });
  const diff = diffDrawing(before, after);
  assert.equal(diff.shifts?.length, 3, 'one range');
  assert.deepEqual(
    diff.movedIds.filter((id) => !id.includes('a-top')),
    [],
    'only the new Service’s own nodes are listed',
  );
  assert.deepEqual(drawingValue(applyDrawingDiff(start, diff)), drawingValue(after));
  assert.ok(diffTransferables(diff).length === 2, 'the shifts travel as a transferable too');
});

test('the applied diff says which of the nodes it names the previous mirror drew', () => {
  const draw = createDrawing();
  const first = draw(inputs(base));
  const one = applyDrawingDiff(emptyMirror(), diffDrawing(null, first));
  const drawnOne = new Set(one.graph.nodes.keys());
  const second = draw(
    inputs([
      ...base.filter((s) => s.name !== 'web'),
      { namespace: 'a', name: 'new', endpoints: 1 },
    ]),
  );
  const diff = diffDrawing(first, second);
  const two = applyDrawingDiff(one, diff);
  const { drawnBefore } = appliedDiff(two.graph)!;
  const named = [
    ...diff.removedNodes,
    ...diff.movedIds,
    ...diff.removedPositions,
    ...diff.nodes.map((n) => n.id),
  ];
  assert.ok(diff.removedNodes.length > 0 && diff.movedIds.some((id) => !drawnOne.has(id)));
  assert.deepEqual(new Set(drawnBefore.keys()), new Set(named));
  for (const id of named) assert.equal(drawnBefore.get(id), drawnOne.has(id), id);
});
