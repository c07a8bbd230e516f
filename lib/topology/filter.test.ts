import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTopology } from './build';
import { filterTopology } from './filter';
import type { Topology } from './model';
import {
  deploymentPods,
  podRecord,
  seedScenario,
  serviceRecord,
  withControllers,
} from './testing/fixtures';

function world(): Topology {
  const seed = seedScenario();
  const more = withControllers({
    services: [
      serviceRecord('shop', 'cart', { selector: { app: 'cart' }, labels: { team: 'checkout' } }),
      serviceRecord('shop', 'broken', { selector: { app: 'missing' } }),
      serviceRecord('shop', 'payments', { type: 'ExternalName', externalName: 'pay.example.net' }),
    ],
    pods: [
      ...deploymentPods('shop', 'cart', 2, { labels: { app: 'cart', version: 'v7' } }),
      podRecord('shop', 'lonely', { labels: { app: 'none' } }),
    ],
  });
  return buildTopology({
    ...seed,
    services: [...seed.services, ...more.services],
    endpointSlices: [...seed.endpointSlices, ...more.endpointSlices],
    endpoints: [...seed.endpoints, ...more.endpoints],
    pods: [...seed.pods, ...more.pods],
  });
}

const names = (t: Topology) => t.services.map((s) => `${s.namespace}/${s.name}`);

describe('filterTopology', () => {
  it('returns the topology itself when nothing filters', () => {
    const t = world();
    assert.equal(filterTopology(t, {}), t);
    assert.equal(filterTopology(t, { search: '  ', namespaces: [] }), t);
  });

  it('filters by namespace and keeps whole subgraphs', () => {
    const t = world();
    const f = filterTopology(t, { namespaces: ['default'] });
    assert.deepEqual(names(f), ['default/external-web', 'default/ingress-nginx']);
    assert.equal(f.endpoints.length, 3);
    assert.equal(f.pods.length, 2);
    assert.deepEqual(
      f.externals.map((x) => x.id),
      ['ext:10.10.50.53'],
    );
    const ids = new Set(
      [...f.services, ...f.endpoints, ...f.pods, ...f.externals].map((n) => n.id),
    );
    for (const e of f.edges) assert.ok(ids.has(e.source) && ids.has(e.target), e.id);
  });

  it('keeps only problems', () => {
    const f = filterTopology(world(), { onlyProblems: true });
    assert.deepEqual(names(f), ['shop/broken']);
  });

  it('searches names, namespace/name, pod names and external addresses', () => {
    const t = world();
    assert.deepEqual(names(filterTopology(t, { search: 'NGINX' })), ['default/ingress-nginx']);
    assert.deepEqual(names(filterTopology(t, { search: 'shop/ca' })), ['shop/cart']);
    assert.deepEqual(names(filterTopology(t, { search: 'nginx-deployment-' })), [
      'default/ingress-nginx',
    ]);
    assert.deepEqual(names(filterTopology(t, { search: 'example.net' })), ['shop/payments']);
  });

  it('searches key=value in Service labels, selectors and pod labels', () => {
    const t = world();
    assert.deepEqual(names(filterTopology(t, { search: 'team=checkout' })), ['shop/cart']);
    assert.deepEqual(names(filterTopology(t, { search: 'app=nginx' })), ['default/ingress-nginx']);
    assert.deepEqual(names(filterTopology(t, { search: 'version=v7' })), ['shop/cart']);
    assert.deepEqual(names(filterTopology(t, { search: 'version=v8' })), []);
  });

  it('searches IP prefixes of endpoints, pods and ClusterIPs', () => {
    const t = world();
    assert.deepEqual(names(filterTopology(t, { search: '10.10.50.' })), ['default/external-web']);
    const cart = t.services.find((s) => s.name === 'cart')!;
    assert.deepEqual(names(filterTopology(t, { search: cart.clusterIP! })), ['shop/cart']);
    const podIp = t.pods.find((p) => p.name.startsWith('cart-'))!.ip!;
    assert.deepEqual(names(filterTopology(t, { search: podIp })), ['shop/cart']);
  });

  it('combines words and filters with AND', () => {
    const t = world();
    assert.deepEqual(names(filterTopology(t, { search: 'app=cart cart' })), ['shop/cart']);
    assert.deepEqual(names(filterTopology(t, { search: 'app=cart nginx' })), []);
    assert.deepEqual(names(filterTopology(t, { search: 'cart', namespaces: ['default'] })), []);
  });
});
