/**
 * Topology hints for `spec.trafficDistribution`: the pure ReconcileHints cases of upstream
 * staging/src/k8s.io/endpointslice/trafficdist/trafficdist_test.go, and black box over HTTP the
 * cases of reconciler_test.go TestReconcile_TrafficDistribution (node-1 in zone-a holds pod0,
 * node-2 in zone-b pod1–pod3, node-3 in zone-c pod4–pod5) plus the updates around them: hints
 * follow readiness, disappear with the field, and are absent for endpoints without a zone.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import {
  type Json,
  type TestCluster,
  addPod,
  node,
  service,
  startTestCluster,
} from '../testing/test-cluster';
import type { Plan } from './reconciler';
import { reconcileHints } from './traffic-distribution';
import type { EndpointSlice, SliceEndpoint } from './utils';

function ep(
  ip: string,
  zone: string,
  nodeName: string,
  ready = true,
  hint?: string,
): SliceEndpoint {
  return {
    addresses: [ip],
    zone,
    nodeName,
    conditions: { ready },
    ...(hint ? { hints: { forZones: [{ name: hint }] } } : {}),
  };
}

function slice(...endpoints: SliceEndpoint[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {},
    addressType: 'IPv4',
    endpoints,
  };
}

function run(
  trafficDistribution: string | undefined,
  plan: Partial<Plan>,
  unchanged: EndpointSlice[] = [],
): { plan: Plan } {
  const full: Plan = { toCreate: [], toUpdate: [], toDelete: [], ...plan };
  reconcileHints(trafficDistribution, full, unchanged);
  return { plan: full };
}

const hintsOf = (slices: EndpointSlice[]) =>
  slices.map((s) => (s.endpoints ?? []).map((e) => e.hints?.forZones?.map((z) => z.name) ?? null));

describe('ReconcileHints (trafficdist_test.go)', () => {
  it('should set zone hints with PreferClose', () => {
    const { plan } = run('PreferClose', {
      toCreate: [
        slice(ep('10.0.0.1', 'zone-a', 'node-1'), ep('10.0.0.2', 'zone-b', 'node-2')),
        slice(ep('10.0.0.3', 'zone-a', 'node-3'), ep('10.0.0.4', 'zone-b', 'node-4')),
      ],
      toUpdate: [
        slice(ep('10.0.0.5', 'zone-a', 'node-5'), ep('10.0.0.6', 'zone-a', 'node-6')),
        slice(ep('10.0.0.7', 'zone-b', 'node-7'), ep('10.0.0.8', 'zone-c', 'node-8')),
      ],
    });
    assert.deepEqual(hintsOf(plan.toCreate), [
      [['zone-a'], ['zone-b']],
      [['zone-a'], ['zone-b']],
    ]);
    assert.deepEqual(hintsOf(plan.toUpdate), [
      [['zone-a'], ['zone-a']],
      [['zone-b'], ['zone-c']],
    ]);
  });

  it('should correct incorrect hints with PreferClose', () => {
    const wrong = slice(ep('10.0.0.2', 'zone-b', 'node-2', true, 'zone-c'));
    const missing = slice(ep('10.0.0.3', 'zone-c', 'node-3'));
    const { plan } = run(
      'PreferClose',
      { toUpdate: [slice(ep('10.0.0.1', 'zone-a', 'node-1', true, 'zone-b'))] },
      [wrong, missing],
    );
    assert.deepEqual(hintsOf(plan.toUpdate), [[['zone-a']], [['zone-b']], [['zone-c']]]);
  });

  it('unready endpoints should not trigger updates', () => {
    const { plan } = run('PreferClose', {}, [slice(ep('10.0.0.2', 'zone-b', 'node-2', false))]);
    assert.deepEqual(plan.toUpdate, []);
  });

  it('should remove hints when trafficDistribution is unrecognized', () => {
    const { plan } = run('Unknown', {
      toCreate: [
        slice(
          ep('10.0.0.1', 'zone-a', 'node-1', true, 'zone-a'),
          ep('10.0.0.2', 'zone-b', 'node-2', true, 'zone-b'),
        ),
        slice(ep('10.0.0.3', 'zone-a', 'node-3', true, 'zone-a')),
      ],
      toUpdate: [slice(ep('10.0.0.5', 'zone-a', 'node-5', true, 'zone-a'))],
    });
    assert.deepEqual(hintsOf(plan.toCreate), [[null, null], [null]]);
    assert.deepEqual(hintsOf(plan.toUpdate), [[null]]);
    assert.equal('hints' in (plan.toCreate[0]?.endpoints?.[0] ?? {}), false);
  });

  it('should remove hints when trafficDistribution is unset', () => {
    const { plan } = run(
      undefined,
      { toUpdate: [slice(ep('10.0.0.5', 'zone-a', 'node-5', true, 'zone-a'))] },
      [slice(ep('10.0.0.6', 'zone-b', 'node-6', true, 'zone-b'))],
    );
    assert.deepEqual(hintsOf(plan.toUpdate), [[null], [null]]);
  });

  it('TestReconcileHints_doesNotMutateUnchangedSlices', () => {
    const original = slice(ep('10.0.0.1', 'zone-a', 'node-1'));
    const copy = structuredClone(original);
    const { plan } = run('PreferClose', {}, [original]);
    assert.deepEqual(original, copy);
    assert.deepEqual(hintsOf(plan.toUpdate), [[['zone-a']]]);
  });
});

// ---------------------------------------------------------------------------------------------

const SLICES = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';

async function endpointsOf(c: TestCluster, name: string): Promise<Json[]> {
  const list = await c.get(
    `${SLICES}?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${name}`)}`,
  );
  return (list.items as Json[]).flatMap((s) => s.endpoints ?? []);
}

/** Endpoints per zone hint ('' for none), as upstream's test counts them. */
function hintsByZone(endpoints: Json[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of endpoints) {
    const zones = e.hints?.forZones ?? [];
    const zone = zones.length === 1 ? zones[0].name : '';
    out[zone] = (out[zone] ?? 0) + 1;
  }
  return out;
}

/** The topology of TestReconcile_TrafficDistribution: 1, 3 and 2 ready pods in zones a, b, c. */
async function zonedCluster(t: TestContext, minorVersion = 33): Promise<TestCluster> {
  const c = await startTestCluster(t, { nodes: 3, minorVersion });
  const nodes = ['node-1', 'node-2', 'node-2', 'node-2', 'node-3', 'node-3'];
  for (const [i, nodeName] of nodes.entries()) {
    await addPod(c, `pod${i}`, 'default', { ip: `10.0.0.${i + 1}`, nodeName });
  }
  return c;
}

async function createService(
  c: TestCluster,
  spec: Record<string, unknown>,
  annotations?: Record<string, string>,
) {
  const svc = service('foo', 'default', spec);
  if (annotations) svc.metadata.annotations = annotations;
  await c.post('/api/v1/namespaces/default/services', svc);
  await c.settle();
}

describe('EndpointSlice hints for trafficDistribution (reconciler_test.go TestReconcile_TrafficDistribution)', () => {
  it('trafficDistribution=PreferClose, topologyAnnotation=Disabled: each endpoint hinted for its zone', async (t) => {
    const c = await zonedCluster(t);
    await createService(
      c,
      { trafficDistribution: 'PreferClose' },
      { 'service.kubernetes.io/topology-aware-hints': 'Disabled' },
    );
    const endpoints = await endpointsOf(c, 'foo');
    assert.deepEqual(hintsByZone(endpoints), { 'zone-a': 1, 'zone-b': 3, 'zone-c': 2 });
    for (const e of endpoints) assert.deepEqual(e.hints, { forZones: [{ name: e.zone }] });
  });

  it('feature gate disabled (1.30): trafficDistribution=PreferClose is ignored', async (t) => {
    const c = await zonedCluster(t, 30);
    await createService(c, { trafficDistribution: 'PreferClose' });
    assert.deepEqual(hintsByZone(await endpointsOf(c, 'foo')), { '': 6 });
  });

  it('trafficDistribution=PreferClose, topologyAnnotation=Auto: the annotation takes precedence (its hints are not simulated)', async (t) => {
    const c = await zonedCluster(t);
    await createService(
      c,
      { trafficDistribution: 'PreferClose' },
      { 'service.kubernetes.io/topology-mode': 'Auto' },
    );
    assert.deepEqual(hintsByZone(await endpointsOf(c, 'foo')), { '': 6 });
  });

  it('trafficDistribution=<empty>, topologyAnnotation=<empty>: no hints', async (t) => {
    const c = await zonedCluster(t);
    await createService(c, {});
    assert.deepEqual(hintsByZone(await endpointsOf(c, 'foo')), { '': 6 });
  });

  it('hints follow the field and readiness; endpoints without a zone get none', async (t) => {
    const c = await zonedCluster(t);
    await c.post('/api/v1/nodes', node('node-9', { podCIDR: '10.244.9.0/24' }));
    await addPod(c, 'unzoned', 'default', { ip: '10.0.0.9', nodeName: 'node-9' });
    await addPod(c, 'waiting', 'default', { ip: '10.0.0.10', nodeName: 'node-1', ready: false });
    await createService(c, {});
    assert.deepEqual(hintsByZone(await endpointsOf(c, 'foo')), { '': 8 });

    // Setting the field updates the unchanged slice: ready, zoned endpoints get hints.
    await c.patch('/api/v1/namespaces/default/services/foo', {
      spec: { trafficDistribution: 'PreferClose' },
    });
    await c.settle();
    let endpoints = await endpointsOf(c, 'foo');
    const byPod = (name: string) => endpoints.find((e) => e.targetRef.name === name);
    assert.deepEqual(hintsByZone(endpoints), { 'zone-a': 1, 'zone-b': 3, 'zone-c': 2, '': 2 });
    assert.equal(byPod('unzoned')?.zone, undefined);
    assert.equal(byPod('unzoned')?.hints, undefined);
    assert.equal(byPod('waiting')?.hints, undefined);

    // The not-ready pod turns ready: it gets its zone's hint.
    const waiting = await c.get('/api/v1/namespaces/default/pods/waiting');
    waiting.status.conditions = [{ type: 'Ready', status: 'True' }];
    await c.put('/api/v1/namespaces/default/pods/waiting/status', waiting);
    await c.settle();
    endpoints = await endpointsOf(c, 'foo');
    assert.deepEqual(byPod('waiting')?.hints, { forZones: [{ name: 'zone-a' }] });

    // Removing the field removes every hint.
    await c.send(
      'PATCH',
      '/api/v1/namespaces/default/services/foo',
      [{ op: 'remove', path: '/spec/trafficDistribution' }],
      'application/json-patch+json',
    );
    await c.settle();
    assert.deepEqual(hintsByZone(await endpointsOf(c, 'foo')), { '': 8 });
  });

  it('no write when the hints are already right (resync)', async (t) => {
    const c = await zonedCluster(t);
    await createService(c, { trafficDistribution: 'PreferClose' });
    const before = await c.get(SLICES);
    await c.patch('/api/v1/namespaces/default/services/foo', {
      metadata: { annotations: { 'test/resync': '1' } },
    });
    await c.settle();
    const after = await c.get(SLICES);
    assert.deepEqual(
      after.items.map((s: Json) => s.metadata.resourceVersion),
      before.items.map((s: Json) => s.metadata.resourceVersion),
    );
  });
});
