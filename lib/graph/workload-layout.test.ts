import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeNode, nodeLabel } from './describe';
import type { DrawGraph } from './draw-types';
import { FOCUS_WIDTH, focusLayout } from './focus-layout';
import { fitInsets, focusViewport } from './fit';
import { zoomButtons } from './testing/view-controls';
import { NODE_WIDTH, layoutGraph } from './layout';
import { buildAdjacency, moveFocus, servicePath } from './navigation';
import { workloadCluster } from './testing/workload-cluster';
import { buildTopology } from '../topology';
import { syntheticSnapshot } from '../topology/testing/synthetic';
import { indexWorkloads } from './workloads';
import { buildDrawGraph } from './view-model';

const cluster = workloadCluster();
const graph = buildDrawGraph(cluster.topology, { workloads: cluster.workloads });
const layout = layoutGraph(graph);
const lookup = (id: string) => graph.nodes.get(id);
const workload = (g: DrawGraph, service: string) =>
  [...g.nodes.values()].find(
    (n) => n.kind === 'workload' && n.service?.id === cluster.serviceId(service),
  )!;

test('layout: four columns, no overlaps, each workload on the row of its first pod', () => {
  const seen = new Set<string>();
  for (const [id, pos] of layout.positions) {
    const key = `${pos.column}:${pos.row}`;
    assert.ok(!seen.has(key), `${id} overlaps at ${key}`);
    seen.add(key);
    assert.equal(pos.column, graph.nodes.get(id)!.column);
  }
  const xs = [...new Set([...layout.positions.values()].map((p) => p.x))].sort((a, b) => a - b);
  assert.equal(xs.length, 4);
  for (const node of graph.nodes.values()) {
    if (node.kind !== 'workload') continue;
    const rows = graph.edges
      .filter((e) => e.kind === 'owns' && e.source === node.id)
      .map((e) => layout.positions.get(e.target)!.row);
    assert.equal(layout.positions.get(node.id)!.row, Math.min(...rows), node.id);
    // Its pods take neighbouring rows.
    assert.equal(Math.max(...rows) - Math.min(...rows), rows.length - 1, node.id);
  }
});

test('layout: expanded breakdown rows sit under their workload; live updates keep rows', () => {
  const api = workload(graph, 'api');
  const expanded = buildDrawGraph(cluster.topology, {
    workloads: cluster.workloads,
    expanded: new Set([api.id]),
  });
  const next = layoutGraph(expanded, layout);
  const row = next.positions.get(api.id)!.row;
  const revisions = [...expanded.nodes.values()].filter((n) => n.kind === 'workload-revision');
  assert.deepEqual(
    revisions.map((n) => next.positions.get(n.id)!.row),
    [row + 1, row + 2],
  );
  for (const [id, pos] of layout.positions)
    if (graph.nodes.get(id)?.kind !== 'workload')
      assert.equal(next.positions.get(id)!.row, pos.row, id);
});

test('describe: the one-line label, its state and how to expand, in graph and outline words', () => {
  const api = workload(graph, 'api');
  assert.equal(
    describeNode(api, lookup),
    'Deployment api · rev 7 · 3/3 ready, namespace shop, rollout in progress; revisions hidden; press Enter to show them',
  );
  assert.deepEqual(nodeLabel(api), [
    'Deployment api · rev 7 · 3/3 ready',
    'rollout in progress · click for revisions',
  ]);
  const expanded = buildDrawGraph(cluster.topology, {
    workloads: cluster.workloads,
    expanded: new Set([api.id]),
  });
  const row = [...expanded.nodes.values()].find((n) => n.kind === 'workload-revision')!;
  assert.equal(
    describeNode(row, (id) => expanded.nodes.get(id)),
    'Revision of Deployment api: rev 7 (new): 0/2 ready · image api:bad',
  );
  assert.match(describeNode(expanded.nodes.get(api.id)!, lookup), /revisions shown/);
});

test('navigation: Left from a pod reaches its workload, then the endpoints; the path holds it', () => {
  const adj = buildAdjacency(graph, layout);
  const api = workload(graph, 'api');
  const pod = graph.edges.find((e) => e.kind === 'owns' && e.source === api.id)!.target;
  assert.equal(moveFocus(pod, 'ArrowLeft', adj, layout), api.id);
  assert.match(moveFocus(api.id, 'ArrowLeft', adj, layout)!, /^ep:/);
  assert.match(moveFocus(api.id, 'ArrowRight', adj, layout)!, /^pod:/);
  const path = servicePath(graph, cluster.serviceId('api'));
  assert.ok(path.has(api.id));
  assert.ok(path.has(`${api.id}->${pod}`));
  assert.ok(!path.has(workload(graph, 'db').id));
});

test('search: a workload is found by kind and name', () => {
  const names = (query: string) =>
    buildDrawGraph(cluster.topology, { workloads: cluster.workloads, query })
      .blocks.map((b) => b.id)
      .map((id) => cluster.topology.services.find((s) => s.id === id)?.name);
  assert.deepEqual(names('statefulset db'), ['db']);
  assert.deepEqual(names('web-b'), ['web']);
  assert.deepEqual(names('daemonset'), ['web']);
});

test('focus view: the workload heads its pods, each beside its endpoint, at the same width', () => {
  const api = workload(graph, 'api');
  const focus = focusLayout(graph, layout, cluster.serviceId('api'))!;
  assert.equal(focus.box.width, FOCUS_WIDTH);
  assert.ok(focus.members.has(api.id));
  const wl = focus.layout.positions.get(api.id)!;
  const owned = graph.edges.filter((e) => e.kind === 'owns' && e.source === api.id);
  for (const edge of owned) {
    const pod = focus.layout.positions.get(edge.target)!;
    assert.equal(pod.x, wl.x);
    assert.ok(pod.y > wl.y);
    const ep = graph.edges.find((e) => e.kind === 'targets' && e.target === edge.target)!;
    assert.equal(focus.layout.positions.get(ep.source)!.y, pod.y, 'endpoint beside its pod');
  }
  for (const id of focus.members) {
    const p = focus.layout.positions.get(id)!;
    assert.ok(p.x >= focus.box.x && p.x + NODE_WIDTH <= focus.box.x + focus.box.width, id);
  }
  const view = { width: 1024 - 448, height: 700 - 190 };
  const t = focusViewport(focus.box, view, fitInsets(view, [zoomButtons(view)]));
  assert.ok(t.k >= 0.85);
});

test('scale: workload nodes cost one per (Service, workload) in the drawn-node budget', () => {
  const plain = buildDrawGraph(cluster.topology);
  assert.equal(graph.nodes.size - plain.nodes.size, 4);
  // A budget met without workloads but not with them collapses the namespace's healthy rest.
  const budget = buildDrawGraph(cluster.topology, {
    workloads: cluster.workloads,
    maxDrawnNodes: plain.nodes.size + 1,
  });
  assert.ok(budget.nodes.size <= graph.nodes.size);
});

test('scale (large:6000): one workload node per (Service, workload); endpoint groups still collapse', () => {
  const snapshot = syntheticSnapshot({ pods: 6000 });
  const topology = buildTopology(snapshot);
  const workloads = indexWorkloads(snapshot);
  const plain = buildDrawGraph(topology);
  const big = buildDrawGraph(topology, { workloads });
  const kinds = (g: DrawGraph, kind: string) =>
    [...g.nodes.values()].filter((n) => n.kind === kind);
  const groups = kinds(big, 'endpoint-group');
  assert.ok(groups.length > 0);
  assert.equal(groups.length, kinds(plain, 'endpoint-group').length);
  const wl = kinds(big, 'workload');
  assert.ok(wl.length > 0);
  const pairs = new Set(wl.map((n) => `${n.service!.id}|${n.workload!.uid}`));
  assert.equal(pairs.size, wl.length);
  // Every synthetic selecting Service is backed by one Deployment: at most one node per block.
  assert.ok(wl.length <= big.blocks.length);
  assert.ok(big.nodes.size <= 5000 + kinds(big, 'service').length, `${big.nodes.size} drawn`);
});
