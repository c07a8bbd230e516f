import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDrawing, type Drawing } from '../graph/drawing';
import {
  drawEverything,
  syntheticCluster,
  syntheticTopology,
  type SyntheticService,
} from '../graph/testing/synthetic-topology';
import { applyDrawingDiff, diffDrawing, emptyMirror } from './drawing-diff';
import { firstScreen, plainDrawing, restAfter } from './first-screen';
import { drawingValue } from '../graph/testing/drawing-value';

/** Forty Services of one to six endpoints each, some of them external, some not ready. */
const specs: SyntheticService[] = Array.from({ length: 40 }, (_, i) => ({
  namespace: i % 3 === 0 ? 'shop' : 'default',
  name: `svc-${String(i).padStart(2, '0')}`,
  endpoints: 1 + (i % 6),
  notReady: i % 5 === 0 ? 1 : 0,
  external: i % 7 === 0,
}));

function drawn(): Drawing {
  return createDrawing()(drawEverything(syntheticTopology(specs)));
}

test('the top is the blocks that start in the first rows, whole, where the full layout puts them', () => {
  const drawing = drawn();
  const rows = Math.floor(drawing.layout.rows / 3);
  const screen = firstScreen(drawing, rows);
  assert.ok(screen);
  const { top, rest } = screen;
  const inTop = new Set(
    [...drawing.layout.blocks].filter(([, b]) => b.start < rows).map(([id]) => id),
  );
  assert.ok(inTop.size > 0 && inTop.size < drawing.layout.blocks.size);
  for (const [id, node] of drawing.graph.nodes)
    assert.equal(top.graph.nodes.has(id), inTop.has(node.block), `${id} in the top or not`);
  const servicesOf = (ids: Iterable<string>) =>
    [...ids].filter((id) => drawing.graph.nodes.get(id)!.kind === 'service').length;
  assert.equal(servicesOf(drawing.graph.nodes.keys()), drawing.graph.matchedServices);
  assert.equal(
    rest,
    servicesOf(drawing.graph.nodes.keys()) - servicesOf(top.graph.nodes.keys()),
    'the Services it leaves for later',
  );
  for (const [id, position] of top.layout.positions) {
    assert.deepEqual(position, drawing.layout.positions.get(id));
    assert.notEqual(position, drawing.layout.positions.get(id), 'a copy: the tables are kept');
  }
  assert.deepEqual(
    top.graph.edges,
    drawing.graph.edges.filter(
      (e) => top.graph.nodes.has(e.source) && top.graph.nodes.has(e.target),
    ),
  );
  const listed = new Set<string>();
  const walk = (entries: typeof top.graph.outline) =>
    entries.forEach((e) => {
      listed.add(e.nodeId);
      walk(e.children);
    });
  walk(top.graph.outline);
  assert.ok(
    [...listed].every((id) => top.graph.nodes.has(id)),
    'the outline lists what is drawn',
  );
  assert.ok(
    top.graph.outline.length > 0 && top.graph.outline.length < drawing.graph.outline.length,
  );
  assert.deepEqual(
    [top.layout.rows, top.layout.width, top.layout.height, top.graph.totalServices],
    [drawing.layout.rows, drawing.layout.width, drawing.layout.height, drawing.graph.totalServices],
    'the whole map is fitted and counted from the start',
  );
});

test('the top, then the rest, mirror the same drawing as the whole picture at once', () => {
  const drawing = drawn();
  const whole = applyDrawingDiff(emptyMirror(), diffDrawing(null, drawing));
  for (const rows of [1, 5, Math.floor(drawing.layout.rows / 2)]) {
    const screen = firstScreen(drawing, rows);
    assert.ok(screen, `rows ${rows}`);
    const top = applyDrawingDiff(emptyMirror(), diffDrawing(null, screen.top));
    assert.equal(top.graph.nodes.size, screen.top.graph.nodes.size);
    const rest = diffDrawing(screen.top, plainDrawing(drawing));
    assert.deepEqual(
      rest.movedIds.filter((id) => screen.top.layout.positions.has(id)),
      [],
      'nothing drawn moves',
    );
    assert.deepEqual(
      drawingValue(applyDrawingDiff(top, rest)),
      drawingValue(whole),
      `rows ${rows}`,
    );
  }
});

test('no top when it would be most of the picture, or nothing', () => {
  const drawing = drawn();
  assert.equal(firstScreen(drawing, drawing.layout.rows), null, 'everything');
  assert.equal(firstScreen(drawing, Math.ceil(drawing.layout.rows * 0.9)), null, 'most of it');
  assert.equal(firstScreen(drawing, 0), null, 'nothing');
});

test('the rest after a top is the diff from it, made without comparing', () => {
  const drawing = createDrawing()(drawEverything(syntheticTopology(syntheticCluster(300, 3))));
  assert.ok(drawing.graph.edges.length > 1000);
  for (const rows of [1, 7, Math.floor(drawing.layout.rows / 3)]) {
    const screen = firstScreen(drawing, rows);
    assert.ok(screen, `rows ${rows}`);
    const fast = restAfter(screen.top, drawing);
    assert.ok(fast, `rows ${rows}: the top's edges come first`);
    assert.deepEqual(fast, diffDrawing(screen.top, plainDrawing(drawing)), `rows ${rows}`);
    assert.equal(fast.edgesAllNew, true);
    const top = applyDrawingDiff(emptyMirror(), diffDrawing(null, screen.top));
    assert.deepEqual(drawingValue(applyDrawingDiff(top, fast)), drawingValue(drawing));
  }
});

test('a top drawn apart (equal values, other objects, its own counts and size): the same rest', () => {
  const drawing = createDrawing()(drawEverything(syntheticTopology(syntheticCluster(300, 3))));
  const screen = firstScreen(drawing, 7)!;
  // What early-top.ts gives: copies of the values, sized as the part it laid out.
  const copy = structuredClone(screen.top);
  copy.graph.matchedServices = drawing.graph.matchedServices;
  copy.layout.rows = 9;
  copy.layout.height = 9 * 38;
  const fast = restAfter(copy, drawing);
  assert.ok(fast);
  assert.deepEqual(fast.size, {
    rows: drawing.layout.rows,
    width: drawing.layout.width,
    height: drawing.layout.height,
  });
  assert.deepEqual(fast, diffDrawing(copy, plainDrawing(drawing)));
  const top = applyDrawingDiff(emptyMirror(), diffDrawing(null, copy));
  assert.deepEqual(drawingValue(applyDrawingDiff(top, fast)), drawingValue(drawing));
});

test('no rest made without comparing where it could differ from the diff', () => {
  const drawing = createDrawing()(drawEverything(syntheticTopology(syntheticCluster(300, 3))));
  const screen = firstScreen(drawing, 7)!;
  const { graph } = screen.top;
  const reordered = { ...screen.top, graph: { ...graph, edges: [...graph.edges].reverse() } };
  assert.ok(graph.edges.length > 1);
  assert.equal(restAfter(reordered, drawing), null, "the top's edges not the drawing's first");
  const [id, node] = [...graph.nodes][0]!;
  const restyled = {
    ...graph,
    nodes: new Map([...graph.nodes, [id, { ...node, namespace: 'elsewhere' }]]),
  };
  assert.equal(
    restAfter({ ...screen.top, graph: restyled }, drawing),
    null,
    "a node not the drawing's",
  );
  const moved = new Map(screen.top.layout.positions);
  moved.set(id, { ...moved.get(id)!, row: moved.get(id)!.row + 1 });
  const shifted = { ...screen.top, layout: { ...screen.top.layout, positions: moved } };
  assert.equal(restAfter(shifted, drawing), null, "a position not the drawing's");
  const small = createDrawing()(drawEverything(syntheticTopology(syntheticCluster(20, 2))));
  const smallScreen = firstScreen(small, 1)!;
  assert.ok(small.graph.edges.length - smallScreen.top.graph.edges.length <= 256);
  assert.equal(restAfter(smallScreen.top, small), null, 'so few edges left that the order is sent');
});
