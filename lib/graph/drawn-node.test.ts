import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serialize } from 'node:v8';
import type { DnsResults, ServiceDiagnosis } from '../topology/diagnosis';
import { LiveModel } from '../topology/live-model';
import { toClusterSnapshot } from '../topology/records';
import { Churn } from '../topology/testing/churn';
import { describeNode, describeTargetUnder, nodeLabel } from './describe';
import type { DrawGraph, DrawNode, OutlineEntry } from './draw-types';
import { drawnNode } from './drawn-node';
import { buildDrawGraph } from './view-model';
import { createWorkloadIndex } from './workloads';

const DNS: DnsResults = { 'db.example.com': { ok: false, error: 'NXDOMAIN' } };

/** Every way the page names a node: its label, its accessible name, and as listed under a parent. */
function namesOf(graph: DrawGraph, nodes: ReadonlyMap<string, DrawNode>): string[] {
  const lookup = (id: string) => nodes.get(id);
  const names: string[] = [];
  const walk = (entries: readonly OutlineEntry[], parent: DrawNode | undefined) => {
    for (const entry of entries) {
      const node = nodes.get(entry.nodeId)!;
      names.push(describeTargetUnder(node, parent, lookup));
      walk(entry.children, node);
    }
  };
  for (const node of nodes.values()) names.push(describeNode(node, lookup), ...nodeLabel(node));
  walk(graph.outline, undefined);
  return names;
}

test('a drawn node reads on the page exactly as the full node does', () => {
  const kinds = new Set<string>();
  for (const seed of [1, 2, 3]) {
    const churn = new Churn(seed);
    const model = new LiveModel();
    model.apply(churn.seed());
    const workloads = createWorkloadIndex();
    for (let step = 1; step <= 60; step++) {
      model.apply(churn.step());
      const { topology, diagnoses } = model.topologyWithDiagnoses(DNS);
      const graph = buildDrawGraph(topology, {
        drawAll: true,
        diagnoses: new Map<string, ServiceDiagnosis>(diagnoses.map((d) => [d.serviceId, d])),
        workloads: workloads(toClusterSnapshot(churn.records.values())),
      });
      const drawn = new Map([...graph.nodes].map(([id, node]) => [id, drawnNode(node)]));
      assert.deepEqual(
        namesOf(graph, drawn),
        namesOf(graph, graph.nodes),
        `seed ${seed}, step ${step}`,
      );
      for (const node of graph.nodes.values()) kinds.add(node.kind);
    }
  }
  for (const kind of ['service', 'endpoint', 'pod', 'external', 'ghost', 'workload'])
    assert.ok(kinds.has(kind), `a ${kind} was drawn`);
});

test('a drawn node drops what is not drawn, keeps the rest, and shares its values', () => {
  const service = {
    type: 'service' as const,
    id: 'svc:u1',
    uid: 'u1',
    namespace: 'shop',
    name: 'cart',
    serviceType: 'ClusterIP' as const,
    clusterIP: '10.96.0.10',
    headless: false,
    selector: { app: 'cart' },
    selectorless: false,
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    labels: { team: 'shop' },
    endpointCount: 2,
    readyCount: 1,
    health: 'warning' as const,
  };
  const endpoint = {
    type: 'endpoint' as const,
    id: 'ep:u1:10.1.0.5',
    serviceId: 'svc:u1',
    namespace: 'shop',
    address: '10.1.0.5',
    addressType: 'IPv4' as const,
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    condition: 'ready' as const,
    ready: true,
    serving: true,
    terminating: false,
    origin: 'controller' as const,
    sources: ['cart-abcde'],
    targetId: 'pod:p1',
    targetRef: { kind: 'Pod', name: 'cart-1', namespace: 'shop', uid: 'p1' },
  };
  const node: DrawNode = { id: service.id, kind: 'service', column: 0, block: service.id, service };
  const drawn = drawnNode(node);
  assert.deepEqual(drawn.service, {
    id: 'svc:u1',
    namespace: 'shop',
    name: 'cart',
    serviceType: 'ClusterIP',
    headless: false,
    selectorless: false,
    endpointCount: 2,
    readyCount: 1,
    health: 'warning',
  });
  assert.ok(!('externalName' in drawn.service!), 'an absent field stays absent');
  assert.equal(node.service, service, 'the original is left as it was');

  const epNode: DrawNode = {
    id: endpoint.id,
    kind: 'endpoint',
    column: 1,
    block: 'svc:u1',
    endpoint,
  };
  const drawnEp = drawnNode(epNode).endpoint!;
  assert.ok(!('sources' in drawnEp) && !('serviceId' in drawnEp));
  assert.equal(drawnEp.ports, endpoint.ports, 'values are shared, not copied');
  assert.equal(drawnEp.targetRef, endpoint.targetRef);

  const group: DrawNode = { id: 'grp:ns:shop', kind: 'namespace-group', column: 0, block: 'x' };
  assert.equal(drawnNode(group), group, 'a node with no topology object is itself');
  assert.ok(serialize(drawnNode(node)).length < serialize(node).length);
});
