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
