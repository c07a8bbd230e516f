import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DrawGraph, DrawNode } from './draw-types';
import { workloadCluster } from './testing/workload-cluster';
import { buildDrawGraph } from './view-model';
import { indexWorkloads } from './workloads';
import type { PodNode } from '../topology/model';
import { recreateRollout } from '../topology/diagnosis/testing/recreate-fixtures';

const cluster = workloadCluster();
const build = (expanded: string[] = []) =>
  buildDrawGraph(cluster.topology, {
    workloads: cluster.workloads,
    expanded: new Set(expanded),
  });

function workloadsOf(graph: DrawGraph, service: string): DrawNode[] {
  const id = cluster.serviceId(service);
  return [...graph.nodes.values()].filter((n) => n.kind === 'workload' && n.service?.id === id);
}

test('labels: Deployment with its revision, StatefulSet with the update revision, DaemonSet', () => {
  const graph = build();
  assert.deepEqual(
    workloadsOf(graph, 'api').map((n) => n.workload!.label),
    ['Deployment api · rev 7 · 3/3 ready'],
  );
  assert.equal(workloadsOf(graph, 'api')[0]!.workload!.state, 'rolling');
  assert.deepEqual(
    workloadsOf(graph, 'db').map((n) => n.workload!.label),
    ['StatefulSet db · 2/3 ready · updating to db-8e1f2a'],
  );
  assert.deepEqual(
    workloadsOf(graph, 'web')
      .map((n) => n.workload!.label)
      .sort(),
    ['DaemonSet web-b · 2/2 ready', 'Deployment web-a · rev 1 · 1/1 ready'],
  );
});

test('one node per (Service, workload) in the workload column, never per pod, no duplicates', () => {
  const graph = build();
  const ids = [...graph.nodes.values()].filter((n) => n.kind === 'workload').map((n) => n.id);
  assert.equal(ids.length, 4);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.equal(graph.nodes.get(id)!.column, 2);
  // Every pod of a workload is drawn and owned by exactly one workload node of its Service.
  const owns = graph.edges.filter((e) => e.kind === 'owns');
  const pods = [...graph.nodes.values()].filter((n) => n.kind === 'pod');
  assert.equal(pods.length, 5 + 3 + 1 + 2 + 1);
  const owned = owns.map((e) => e.target);
  assert.equal(new Set(owned).size, owned.length);
  assert.equal(owned.length, pods.length - 1);
  for (const pod of pods) assert.equal(pod.column, 3);
});

test('a pod with no controller stays as it was: drawn, routed, no ownership mark', () => {
  const graph = build();
  const bare = [...graph.nodes.values()].find((n) => n.pod?.name === 'web-bare')!;
  assert.ok(bare);
  assert.ok(!graph.edges.some((e) => e.kind === 'owns' && e.target === bare.id));
  assert.ok(graph.edges.some((e) => e.kind === 'targets' && e.target === bare.id));
});

test('traffic edges are those of the graph without workloads; only nodes and owns edges are added', () => {
  const plain = buildDrawGraph(cluster.topology);
  const withWorkloads = build();
  const traffic = (g: DrawGraph) =>
    g.edges
      .filter((e) => e.kind !== 'owns' && !e.target.startsWith('wl'))
      .map((e) => e.id)
      .sort();
  assert.deepEqual(traffic(withWorkloads), traffic(plain));
  for (const id of plain.nodes.keys()) assert.ok(withWorkloads.nodes.has(id), id);
});

test('the pods of one workload are listed together in the block, the workload in the order seen', () => {
  const graph = build();
  const block = graph.blocks.find((b) => b.id === cluster.serviceId('web'))!;
  const owner = (id: string) =>
    graph.edges.find((e) => e.kind === 'owns' && e.target === id)?.source ?? 'none';
  const runs = block.columns[3].map(owner).filter((o, i, all) => i === 0 || all[i - 1] !== o);
  assert.equal(new Set(runs).size, runs.length, `contiguous: ${runs.join(' ')}`);
  assert.deepEqual(
    block.columns[2],
    runs.filter((o) => o !== 'none'),
  );
});

test('collapsed by default; expanded, a rollout shows the new revision beside the old one', () => {
  const collapsed = build();
  const api = workloadsOf(collapsed, 'api')[0]!;
  assert.equal(api.expanded, false);
  assert.equal(
    [...collapsed.nodes.values()].filter((n) => n.kind === 'workload-revision').length,
    0,
  );

  const graph = build([api.id]);
  const rows = [...graph.nodes.values()].filter(
    (n) => n.kind === 'workload-revision' && n.workload?.uid === api.workload!.uid,
  );
  assert.deepEqual(
    rows.map((n) => n.revision!.text),
    ['rev 7 (new): 0/2 ready · image api:bad', 'rev 6: 3/3 ready · image api:1.0'],
  );
  assert.deepEqual(
    rows.map((n) => n.revision!.state),
    ['down', 'ready'],
  );
  assert.equal(graph.nodes.get(api.id)!.expanded, true);
  for (const row of rows)
    assert.ok(graph.edges.some((e) => e.source === api.id && e.target === row.id));

  const db = workloadsOf(graph, 'db')[0]!;
  const dbGraph = build([db.id]);
  assert.deepEqual(
    [...dbGraph.nodes.values()]
      .filter((n) => n.kind === 'workload-revision')
      .map((n) => n.revision!.text),
    [
      'update revision db-8e1f2a (new): 1 of 3 updated · image postgres:16',
      'current revision db-7d9c8b: 2 not yet updated',
    ],
  );
});

test('outline: Service > endpoint > workload > pod, unique keys; revisions under the workload', () => {
  const graph = build();
  const api = graph.outline.find((e) => e.nodeId === cluster.serviceId('api'))!;
  const endpoint = api.children.find((c) => c.nodeId.startsWith('ep:'))!;
  assert.equal(endpoint.children.length, 1);
  const wl = endpoint.children[0]!;
  assert.match(wl.nodeId, /^wl:/);
  assert.equal(wl.level, 3);
  assert.equal(wl.children.length, 1);
  assert.match(wl.children[0]!.nodeId, /^pod:/);
  assert.equal(wl.children[0]!.level, 4);
  assert.equal(wl.children[0]!.parentKey, wl.key);
  // Unique keys over the whole outline.
  const keys: string[] = [];
  const walk = (entries: typeof graph.outline) =>
    entries.forEach((e) => {
      keys.push(e.key);
      walk(e.children);
    });
  walk(graph.outline);
  assert.equal(new Set(keys).size, keys.length);
  // Expanded: the breakdown rows are listed under each workload entry, before its pod.
  const expanded = build([wl.nodeId]);
  const again = expanded.outline
    .find((e) => e.nodeId === cluster.serviceId('api'))!
    .children.find((c) => c.nodeId.startsWith('ep:'))!.children[0]!;
  assert.deepEqual(
    again.children.map((c) => c.nodeId.split(':')[0]),
    ['wlrev', 'wlrev', 'pod'],
  );
});

test('a collapsed endpoint group keeps its workloads, hung off the group', () => {
  const graph = buildDrawGraph(cluster.topology, {
    workloads: cluster.workloads,
    maxEndpointsPerService: 1,
  });
  const group = `grp:eps:${cluster.serviceId('api')}`;
  assert.equal(graph.nodes.get(group)?.kind, 'endpoint-group');
  const wl = workloadsOf(graph, 'api');
  assert.equal(wl.length, 1);
  assert.ok(graph.edges.some((e) => e.source === group && e.target === wl[0]!.id));
  const entry = graph.outline.find((e) => e.nodeId === cluster.serviceId('api'))!;
  assert.deepEqual(
    entry.children.find((c) => c.nodeId === group)!.children.map((c) => c.nodeId),
    [wl[0]!.id],
  );
});

test("a Recreate rollout before its new ReplicaSet exists: the breakdown says so, the old one is not 'new'", () => {
  const { snapshot } = recreateRollout('terminating');
  const pod = snapshot.pods[0]!;
  const info = indexWorkloads(snapshot).ofPod({
    namespace: pod.meta.namespace,
    owner: pod.owner,
  } as PodNode)!;
  assert.equal(info.state, 'rolling');
  assert.deepEqual(
    info.revisions.map((r) => [r.text, r.isNew]),
    [['new revision (new): not created yet · image ghcr.io/acme-bank/ledger:3.1', true]],
  );
});
