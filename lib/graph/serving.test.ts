import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Topology } from '../topology/model';
import { describeNode, nodeLabel } from './describe';
import { drawCondition, endpointHasNoPort, servingCount } from './serving';
import { buildDrawGraph } from './view-model';
import { syntheticTopology } from './testing/synthetic-topology';

/** shop/checkout of the demo: two ready endpoints whose slice carries no port. */
function checkoutTopology(): Topology {
  const t = syntheticTopology([
    { namespace: 'shop', name: 'checkout', endpoints: 2 },
    { namespace: 'shop', name: 'cart', endpoints: 2 },
  ]);
  const checkout = t.services.find((s) => s.name === 'checkout')!;
  return {
    ...t,
    services: t.services.map((s) => (s === checkout ? { ...s, health: 'broken' as const } : s)),
    endpoints: t.endpoints.map((e) => (e.serviceId === checkout.id ? { ...e, ports: [] } : e)),
  };
}

test('an endpoint with no port under a Service with ports serves nothing', () => {
  const svc = {
    ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    serviceType: 'ClusterIP' as const,
  };
  assert.equal(endpointHasNoPort({ ports: [] }, svc), true);
  assert.equal(endpointHasNoPort({ ports: [{ name: 'http' }] }, svc), true);
  assert.equal(endpointHasNoPort({ ports: [{ port: 8080 }] }, svc), false);
  // A Service with no ports (headless, DNS only) needs none.
  assert.equal(endpointHasNoPort({ ports: [] }, { ports: [], serviceType: 'ClusterIP' }), false);
  assert.equal(drawCondition({ ports: [], condition: 'ready' }, svc), 'no-port');
  assert.equal(drawCondition({ ports: [{ port: 1 }], condition: 'not-ready' }, svc), 'not-ready');
  assert.equal(
    servingCount(
      [
        { ports: [], condition: 'ready' },
        { ports: [{ port: 1 }], condition: 'ready' },
      ],
      svc,
    ),
    1,
  );
});

test('graph nodes, edges and outline words agree: checkout endpoints are "no port", never ready', () => {
  const topology = checkoutTopology();
  const graph = buildDrawGraph(topology);
  const checkout = topology.services.find((s) => s.name === 'checkout')!;
  const lookup = (id: string) => graph.nodes.get(id);
  const eps = [...graph.nodes.values()].filter(
    (n) => n.kind === 'endpoint' && n.block === checkout.id,
  );
  assert.equal(eps.length, 2);
  for (const ep of eps) {
    assert.equal(ep.condition, 'no-port');
    assert.match(describeNode(ep, lookup), /no port, not serving/);
    assert.match(nodeLabel(ep)[1], /^no port, not serving/);
  }
  const edges = graph.edges.filter(
    (e) =>
      (e.kind === 'routes' || e.kind === 'targets') &&
      eps.some((n) => n.id === e.source || n.id === e.target),
  );
  assert.equal(edges.length, 4);
  for (const e of edges) assert.equal(e.condition, 'no-port');
  const svcNode = graph.nodes.get(checkout.id)!;
  assert.equal(svcNode.noPort, 2);
  assert.match(describeNode(svcNode, lookup), /2 with no port \(not serving\), broken$/);
  assert.match(nodeLabel(svcNode)[1], /2 no port/);
  // The other Service is untouched.
  const cart = topology.services.find((s) => s.name === 'cart')!;
  assert.equal(graph.nodes.get(cart.id)!.noPort, 0);
});

test('a collapsed endpoint group counts endpoints with no port as not ready', () => {
  const topology = checkoutTopology();
  const graph = buildDrawGraph(topology, { maxEndpointsPerService: 1 });
  const checkout = topology.services.find((s) => s.name === 'checkout')!;
  const group = graph.nodes.get(`grp:eps:${checkout.id}`)!;
  assert.deepEqual(group.group, { count: 2, ready: 0, notReady: 2, terminating: 0, noPort: 2 });
  assert.equal(
    describeNode(group, () => undefined),
    '2 endpoints: 0 ready, 2 no port; collapsed, press Enter to expand',
  );
});
