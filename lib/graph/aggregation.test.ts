import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeNode, nodeLabel } from './describe';
import { buildDrawGraph } from './view-model';
import { syntheticTopology } from './testing/synthetic-topology';

const topology = syntheticTopology([
  { namespace: 'shop', name: 'big', endpoints: 39, notReady: 2 },
  { namespace: 'shop', name: 'eight', endpoints: 8 },
]);
const big = topology.services.find((s) => s.name === 'big')!;
const eight = topology.services.find((s) => s.name === 'eight')!;

test('beyond eight endpoints a Service shows one group summarised by condition', () => {
  const graph = buildDrawGraph(topology);
  const group = graph.nodes.get(`grp:eps:${big.id}`)!;
  assert.equal(group.kind, 'endpoint-group');
  assert.deepEqual(nodeLabel(group), ['39 endpoints · click to expand', '37 ready · 2 not ready']);
  assert.equal(
    describeNode(group, () => undefined),
    '39 endpoints: 37 ready, 2 not ready; collapsed, press Enter to expand',
  );
  // Its outline twin is the group too, not 39 rows.
  const entry = graph.outline.find((e) => e.nodeId === big.id)!;
  assert.deepEqual(
    entry.children.map((c) => c.nodeId),
    [group.id],
  );
  // Eight is still drawn one by one.
  assert.equal(graph.nodes.has(`grp:eps:${eight.id}`), false);
});

test('a click expands the group; the open Service (focus view) shows its endpoints up to 50', () => {
  const expanded = buildDrawGraph(topology, { expanded: new Set([`grp:eps:${big.id}`]) });
  assert.equal(expanded.nodes.has(`grp:eps:${big.id}`), false);
  const focused = buildDrawGraph(topology, { keepServiceId: big.id });
  assert.equal(focused.nodes.has(`grp:eps:${big.id}`), false);
  assert.equal(
    [...focused.nodes.values()].filter((n) => n.kind === 'endpoint' && n.block === big.id).length,
    39,
  );
});
