import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutGraph } from './layout';
import { activeNodeElementId, buildAdjacency, moveFocus, servicePath } from './navigation';
import { buildDrawGraph } from './view-model';
import { syntheticTopology } from './testing/synthetic-topology';

const topology = syntheticTopology([
  { namespace: 'default', name: 'a', endpoints: 2 },
  { namespace: 'default', name: 'b', endpoints: 1, external: true },
]);
const graph = buildDrawGraph(topology);
const layout = layoutGraph(graph);
const adj = buildAdjacency(graph, layout);

test('arrow keys walk columns and follow edges', () => {
  const a = 'svc:u-default-a';
  const b = 'svc:u-default-b';
  assert.equal(moveFocus(null, 'ArrowDown', adj, layout), a);
  assert.equal(moveFocus(a, 'ArrowDown', adj, layout), b);
  assert.equal(moveFocus(b, 'ArrowUp', adj, layout), a);
  const ep = moveFocus(b, 'ArrowRight', adj, layout)!;
  assert.match(ep, /^ep:u-default-b:/);
  const ext = moveFocus(ep, 'ArrowRight', adj, layout)!;
  assert.match(ext, /^ext:/);
  assert.equal(moveFocus(ext, 'ArrowLeft', adj, layout), ep);
  assert.equal(moveFocus(ep, 'ArrowLeft', adj, layout), b);
});

test('a Service path holds its endpoints, targets and the edges between, nothing else', () => {
  const path = servicePath(graph, 'svc:u-default-a');
  assert.ok(path.has('svc:u-default-a'));
  assert.equal([...path].filter((id) => id.startsWith('ep:') && !id.includes('->')).length, 2);
  assert.equal([...path].filter((id) => id.startsWith('pod:') && !id.includes('->')).length, 2);
  assert.ok(![...path].some((id) => id.includes('default-b')));
});

test('the element id of the focused node is a plain token, one per node id', () => {
  assert.equal(activeNodeElementId('svc:u-default-a'), 'graph-node-svc_3a_u-default-a');
  const ids = ['ep:a/b', 'ep:a_2f_b', 'ep:a_b', 'ep:a b', 'pod:ü'];
  const made = ids.map(activeNodeElementId);
  assert.equal(new Set(made).size, ids.length);
  for (const id of made) assert.match(id, /^graph-node-[A-Za-z0-9_-]+$/);
});

test('a focused node no longer drawn: the arrows go on from its place, not from the first node', () => {
  const three = buildDrawGraph(
    syntheticTopology([
      { namespace: 'default', name: 'a', endpoints: 3 },
      { namespace: 'default', name: 'b', endpoints: 1 },
    ]),
  );
  const drawn = layoutGraph(three);
  const rowOf = (id: string) => drawn.positions.get(id)!.row;
  const podsInRowOrder = [...drawn.positions.keys()]
    .filter((id) => id.startsWith('pod:'))
    .sort((x, y) => rowOf(x) - rowOf(y));
  assert.equal(podsInRowOrder.length, 4);
  const [above, gone, below, last] = podsInRowOrder as [string, string, string, string];
  const place = drawn.positions.get(gone)!;
  // The pod deleted: the drawing without it, rows of the others as they were.
  const positions = new Map(drawn.positions);
  positions.delete(gone);
  const after = { ...drawn, positions };
  const adjacencyAfter = buildAdjacency(three, after);

  assert.equal(moveFocus(gone, 'ArrowDown', adjacencyAfter, after, place), below);
  assert.equal(moveFocus(gone, 'ArrowUp', adjacencyAfter, after, place), above);
  assert.equal(moveFocus(gone, 'Home', adjacencyAfter, after, place), above);
  assert.equal(moveFocus(gone, 'End', adjacencyAfter, after, place), last);
  // Left: the nearest row of the nearest drawn column before it (no workloads here: the
  // endpoints), which is the gone pod's own endpoint.
  assert.equal(
    moveFocus(gone, 'ArrowLeft', adjacencyAfter, after, place),
    'ep:u-default-a:10.0.0.1',
  );
  // Right of the last column: the nearest row anywhere, never nothing.
  assert.ok(moveFocus(gone, 'ArrowRight', adjacencyAfter, after, place));
  // Without its place the arrows start again from the first node.
  assert.equal(moveFocus(gone, 'ArrowDown', adjacencyAfter, after), 'svc:u-default-a');

  // The last pod gone: Down stays at the column's end; the rows below may also have closed up.
  const lastPlace = drawn.positions.get(last)!;
  const withoutLast = new Map(drawn.positions);
  withoutLast.delete(last);
  const afterLast = { ...drawn, positions: withoutLast };
  const adjacencyAfterLast = buildAdjacency(three, afterLast);
  assert.equal(moveFocus(last, 'ArrowDown', adjacencyAfterLast, afterLast, lastPlace), below);
  assert.equal(moveFocus(last, 'ArrowUp', adjacencyAfterLast, afterLast, lastPlace), below);
});
