/**
 * The EndpointSlice controller, black box over HTTP: cases ported from upstream
 * staging/src/k8s.io/endpointslice/reconciler_test.go and
 * pkg/controller/endpointslice/endpointslice_controller_test.go (named after them). Pods get
 * their status through /status (kubelet off) and live on Nodes node-1 (zone-a) and node-2
 * (zone-b). Slice *packing* is an optimisation upstream too; tests assert what upstream's
 * assert: counts per slice, the set of endpoints, in-place updates (same slice name), and no
 * write when nothing changed.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import {
  type Json,
  type TestCluster,
  addPod,
  service,
  startTestCluster,
} from '../testing/test-cluster';

const SLICES = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';

async function slicesOf(
  c: TestCluster,
  name: string,
  managedBy = 'endpointslice-controller.k8s.io',
) {
  const list = await c.get(
    `${SLICES}?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${name},endpointslice.kubernetes.io/managed-by=${managedBy}`)}`,
  );
  return (list.items as Json[]).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

function allEndpoints(slices: Json[]): Json[] {
  return slices
    .flatMap((s) => s.endpoints ?? [])
    .sort((a: Json, b: Json) => (a.targetRef.name < b.targetRef.name ? -1 : 1));
}

async function cluster(t: TestContext, options: { maxEndpointsPerSlice?: number } = {}) {
  return startTestCluster(t, { nodes: 2, ...options });
}

/** n ready pods pod0..pod(n-1) spread over node-1/node-2, IPs 10.0.x.y. */
async function addPods(c: TestCluster, n: number, extra: Parameters<typeof addPod>[3] = {}) {
  const out: Json[] = [];
  for (let i = 0; i < n; i += 25) {
    out.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(25, n - i) }, (_, k) => {
          const j = i + k;
          return addPod(c, `pod${j}`, 'default', {
            ip: `10.0.${Math.floor(j / 200)}.${(j % 200) + 1}`,
            nodeName: `node-${(j % 2) + 1}`,
            ...extra,
          });
        }),
      )),
    );
  }
  return out;
}

describe('EndpointSlice controller (reconciler_test.go, endpointslice_controller_test.go)', () => {
  it('TestReconcile1Pod: one ready pod → one slice with conditions, node, zone, targetRef, labels, owner', async (t) => {
    const c = await cluster(t);
    const [pod0] = await addPods(c, 1);
    const svc = await c.post(
      '/api/v1/namespaces/default/services',
      service(
        'foo',
        'default',
        { ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
        { app: 'foo' },
      ),
    );
    await c.settle();
    const slices = await slicesOf(c, 'foo');
    assert.equal(slices.length, 1);
    const slice = slices[0];
    assert.match(slice.metadata.name, /^foo-[a-z0-9]{5}$/);
    assert.equal(slice.metadata.generateName, 'foo-');
    assert.equal(slice.addressType, 'IPv4');
    assert.deepEqual(slice.metadata.labels, {
      app: 'foo',
      'kubernetes.io/service-name': 'foo',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    assert.deepEqual(slice.metadata.ownerReferences, [
      {
        apiVersion: 'v1',
        kind: 'Service',
        name: 'foo',
        uid: svc.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(slice.endpoints, [
      {
        addresses: ['10.0.0.1'],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: 'node-1',
        zone: 'zone-a',
        targetRef: { kind: 'Pod', namespace: 'default', name: 'pod0', uid: pod0.metadata.uid },
      },
    ]);
    assert.equal(
      slice.metadata.annotations['endpoints.kubernetes.io/last-change-trigger-time'],
      svc.metadata.creationTimestamp,
    );
  });

  it('TestReconcile1EndpointSlice: a Service without pods keeps one placeholder slice', async (t) => {
    const c = await cluster(t);
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.settle();
    const slices = await slicesOf(c, 'foo');
    assert.equal(slices.length, 1);
    assert.deepEqual(slices[0].endpoints ?? [], []);
    assert.deepEqual(slices[0].ports ?? [], []);
    // The placeholder is kept as is on later syncs.
    await c.patch('/api/v1/namespaces/default/services/foo', {
      metadata: { annotations: { x: 'y' } },
    });
    await c.settle();
    const again = await slicesOf(c, 'foo');
    assert.equal(again[0].metadata.resourceVersion, slices[0].metadata.resourceVersion);
  });

  it('TestReconcileManyPods: 250 pods → slices of at most 100 (100, 100, 50)', async (t) => {
    const c = await cluster(t);
    await addPods(c, 250);
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.settle();
    const slices = await slicesOf(c, 'foo');
    assert.deepEqual(
      slices.map((s) => s.endpoints.length).sort((a, b) => b - a),
      [100, 100, 50],
    );
    assert.equal(new Set(allEndpoints(slices).map((e) => e.addresses[0])).size, 250);
  });

  it('maxEndpointsPerSlice is configurable (--max-endpoints-per-slice)', async (t) => {
    const c = await cluster(t, { maxEndpointsPerSlice: 3 });
    await addPods(c, 7);
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.settle();
    assert.deepEqual((await slicesOf(c, 'foo')).map((s) => s.endpoints.length).sort(), [1, 3, 3]);
  });

  it('TestReconcileEndpointSlicesSomePreexisting: a new pod fills an existing slice in place', async (t) => {
    const c = await cluster(t);
    await addPods(c, 3);
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.settle();
    const [before] = await slicesOf(c, 'foo');
    await addPod(c, 'pod3', 'default', { ip: '10.0.0.99', nodeName: 'node-2' });
    await c.settle();
    const after = await slicesOf(c, 'foo');
    assert.equal(after.length, 1);
    assert.equal(after[0].metadata.name, before.metadata.name);
    assert.equal(after[0].metadata.uid, before.metadata.uid);
    assert.equal(after[0].endpoints.length, 4);
  });

  it('TestReconcileEndpointSlicesUpdating: readiness changes update the endpoint in place', async (t) => {
    const c = await cluster(t);
    const [pod0] = await addPods(c, 2);
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.settle();
    const [before] = await slicesOf(c, 'foo');
    const current = await c.get('/api/v1/namespaces/default/pods/pod0');
    await c.put('/api/v1/namespaces/default/pods/pod0/status', {
      ...current,
      status: {
        ...current.status,
        conditions: [
          { type: 'Ready', status: 'False', lastTransitionTime: '2030-01-01T00:00:00Z' },
        ],
      },
    });
    await c.settle();
    const [after] = await slicesOf(c, 'foo');
    assert.equal(after.metadata.uid, before.metadata.uid);
    const ep = after.endpoints.find((e: Json) => e.targetRef.uid === pod0.metadata.uid);
    assert.deepEqual(ep.conditions, { ready: false, serving: false, terminating: false });
    assert.equal(
      after.metadata.annotations['endpoints.kubernetes.io/last-change-trigger-time'],
      '2030-01-01T00:00:00Z',
    );
  });

  it('terminating pods stay, with terminating=true, ready=false, serving as their readiness', async (t) => {
    const c = await cluster(t);
    await addPods(c, 2);
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.post(
      '/api/v1/namespaces/default/services',
      service('pub', 'default', { publishNotReadyAddresses: true }),
    );
    await c.settle();
    await c.del('/api/v1/namespaces/default/pods/pod1'); // graceful: no kubelet, stays terminating
    await c.settle();
    const ep = allEndpoints(await slicesOf(c, 'foo')).find((e) => e.targetRef.name === 'pod1');
    assert.deepEqual(ep.conditions, { ready: false, serving: true, terminating: true });
    const pub = allEndpoints(await slicesOf(c, 'pub')).find((e) => e.targetRef.name === 'pod1');
    assert.deepEqual(pub.conditions, { ready: true, serving: true, terminating: true });
  });

  it('terminal (Failed/Succeeded) pods and pods without IP are not endpoints', async (t) => {
    const c = await cluster(t);
    await addPod(c, 'ok', 'default', { ip: '10.0.0.1', nodeName: 'node-1' });
    await addPod(c, 'failed', 'default', {
      ip: '10.0.0.2',
      nodeName: 'node-1',
      phase: 'Failed',
      ready: false,
    });
    await addPod(c, 'done', 'default', {
      ip: '10.0.0.3',
      nodeName: 'node-1',
      phase: 'Succeeded',
      ready: false,
    });
    await addPod(c, 'noip', 'default', { nodeName: 'node-1', phase: 'Pending', ready: false });
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.settle();
    assert.deepEqual(
      allEndpoints(await slicesOf(c, 'foo')).map((e) => e.targetRef.name),
      ['ok'],
    );
  });

  it('TestDesiredEndpointSlicesFromServicePods "no node": pods on a missing Node are skipped unless publishNotReadyAddresses', async (t) => {
    const c = await cluster(t);
    await addPod(c, 'a', 'default', { ip: '10.0.0.1', nodeName: 'node-1' });
    await addPod(c, 'b', 'default', { ip: '10.0.0.2', nodeName: 'node-9' });
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.post(
      '/api/v1/namespaces/default/services',
      service('pub', 'default', { publishNotReadyAddresses: true }),
    );
    await c.settle();
    assert.deepEqual(
      allEndpoints(await slicesOf(c, 'foo')).map((e) => e.targetRef.name),
      ['a'],
    );
    const pub = allEndpoints(await slicesOf(c, 'pub'));
    assert.deepEqual(
      pub.map((e) => e.targetRef.name),
      ['a', 'b'],
    );
    assert.equal(pub[1].zone, undefined);
    assert.equal(pub[1].nodeName, 'node-9');
  });

  it('TestReconcileEndpointSlicesNamedPorts: pods resolving a named port differently get their own slices', async (t) => {
    const c = await cluster(t);
    for (let i = 0; i < 4; i++) {
      await addPod(c, `pod${i}`, 'default', {
        ip: `10.0.0.${i + 1}`,
        nodeName: 'node-1',
        ports: [{ name: 'http', containerPort: i % 2 === 0 ? 8080 : 8081 }],
      });
    }
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] }),
    );
    await c.settle();
    const slices = await slicesOf(c, 'foo');
    const byPort = Object.fromEntries(
      slices.map((s) => [s.ports[0].port, s.endpoints.map((e: Json) => e.targetRef.name).sort()]),
    );
    assert.deepEqual(byPort, { 8080: ['pod0', 'pod2'], 8081: ['pod1', 'pod3'] });
  });

  it('multiple service ports: one slice carries every port a pod resolves', async (t) => {
    const c = await cluster(t);
    await addPod(c, 'both', 'default', {
      ip: '10.0.0.1',
      nodeName: 'node-1',
      ports: [
        { name: 'http', containerPort: 8080 },
        { name: 'metrics', containerPort: 9090 },
      ],
    });
    await addPod(c, 'httponly', 'default', {
      ip: '10.0.0.2',
      nodeName: 'node-1',
      ports: [{ name: 'http', containerPort: 8080 }],
    });
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', {
        ports: [
          { name: 'http', port: 80, targetPort: 'http' },
          { name: 'metrics', port: 9090, targetPort: 'metrics', appProtocol: 'http' },
        ],
      }),
    );
    await c.settle();
    const slices = await slicesOf(c, 'foo');
    const byPods = Object.fromEntries(
      slices.map((s) => [
        s.endpoints.map((e: Json) => e.targetRef.name).join(),
        s.ports.map((p: Json) => `${p.name}:${p.port}`).sort(),
      ]),
    );
    assert.deepEqual(byPods, { both: ['http:8080', 'metrics:9090'], httponly: ['http:8080'] });
    const metrics = slices.flatMap((s) => s.ports).find((p: Json) => p.name === 'metrics');
    assert.equal(metrics.appProtocol, 'http');
  });

  it('TestReconcileEndpointSlicesRecycling: a changed port set reuses the slice instead of delete + create', async (t) => {
    const c = await cluster(t);
    await addPods(c, 3);
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.settle();
    const [before] = await slicesOf(c, 'foo');
    await c.patch('/api/v1/namespaces/default/services/foo', {
      spec: { ports: [{ port: 80, targetPort: 9999, protocol: 'TCP' }] },
    });
    await c.settle();
    const after = await slicesOf(c, 'foo');
    assert.equal(after.length, 1);
    assert.equal(after[0].metadata.uid, before.metadata.uid);
    assert.equal(after[0].ports[0].port, 9999);
    assert.equal(after[0].endpoints.length, 3);
  });

  it('scaling down to no pods leaves one placeholder slice; emptied extra slices are deleted', async (t) => {
    const c = await cluster(t);
    await addPods(c, 150);
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.settle();
    assert.equal((await slicesOf(c, 'foo')).length, 2);
    for (let i = 0; i < 150; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, k) =>
          c.del(`/api/v1/namespaces/default/pods/pod${i + k}?gracePeriodSeconds=0`),
        ),
      );
    }
    await c.settle();
    const slices = await slicesOf(c, 'foo');
    assert.equal(slices.length, 1);
    assert.deepEqual(slices[0].endpoints ?? [], []);
  });

  it('TestReconcileEndpointSlicesServiceLabels: Service labels are copied (reserved ones not) and follow changes; headless label', async (t) => {
    const c = await cluster(t);
    await addPods(c, 1);
    await c.post(
      '/api/v1/namespaces/default/services',
      service(
        'foo',
        'default',
        { clusterIP: 'None' },
        { team: 'a', 'kubernetes.io/service-name': 'evil' },
      ),
    );
    await c.settle();
    const [slice] = await slicesOf(c, 'foo');
    assert.deepEqual(slice.metadata.labels, {
      team: 'a',
      'kubernetes.io/service-name': 'foo',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      'service.kubernetes.io/headless': '',
    });
    await c.patch('/api/v1/namespaces/default/services/foo', {
      metadata: { labels: { team: 'b' } },
    });
    await c.settle();
    const [after] = await slicesOf(c, 'foo');
    assert.equal(after.metadata.labels.team, 'b');
    assert.equal(after.metadata.uid, slice.metadata.uid);
  });

  it('no write when nothing changed (resync, pod annotation change)', async (t) => {
    const c = await cluster(t);
    await addPods(c, 5);
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.settle();
    const before = (await slicesOf(c, 'foo')).map((s) => s.metadata.resourceVersion);
    await c.patch('/api/v1/namespaces/default/pods/pod0', {
      metadata: { annotations: { a: 'b' } },
    });
    await c.patch('/api/v1/namespaces/default/services/foo', {
      metadata: { annotations: { x: 'y' } },
    });
    await c.settle();
    assert.deepEqual(
      (await slicesOf(c, 'foo')).map((s) => s.metadata.resourceVersion),
      before,
    );
  });

  it('TestSyncServiceNoSelector / ExternalName: no slices; removing the selector leaves existing slices alone', async (t) => {
    const c = await cluster(t);
    await addPods(c, 1);
    await c.post(
      '/api/v1/namespaces/default/services',
      service('manual', 'default', { selector: undefined }),
    );
    await c.post(
      '/api/v1/namespaces/default/services',
      service('ext', 'default', {
        type: 'ExternalName',
        externalName: 'db.example.com',
        ports: [{ port: 80 }],
      }),
    );
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.settle();
    assert.equal((await slicesOf(c, 'manual')).length, 0);
    assert.equal((await slicesOf(c, 'ext')).length, 0);
    const before = await slicesOf(c, 'foo');
    assert.equal(before.length, 1);
    await c.send(
      'PATCH',
      '/api/v1/namespaces/default/services/foo',
      [{ op: 'remove', path: '/spec/selector' }],
      'application/json-patch+json',
    );
    await c.settle();
    assert.deepEqual(
      (await slicesOf(c, 'foo')).map((s) => s.metadata.resourceVersion),
      before.map((s) => s.metadata.resourceVersion),
    );
  });

  it('an empty selector {} is no selector: no slices, and pod changes do not sync the Service', async (t) => {
    const c = await cluster(t);
    await addPods(c, 2);
    await c.post(
      '/api/v1/namespaces/default/services',
      service('empty', 'default', { selector: {} }),
    );
    await c.settle();
    assert.equal((await slicesOf(c, 'empty')).length, 0);
    await addPod(c, 'late', 'default', { ip: '10.0.9.1', nodeName: 'node-1' });
    await c.settle();
    assert.equal((await slicesOf(c, 'empty')).length, 0);
  });

  it('a deleted controller slice is recreated; deleting the Service garbage-collects its slices', async (t) => {
    const c = await cluster(t);
    await addPods(c, 2);
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.settle();
    const [slice] = await slicesOf(c, 'foo');
    await c.del(`${SLICES}/${slice.metadata.name}`);
    await c.settle();
    const recreated = await slicesOf(c, 'foo');
    assert.equal(recreated.length, 1);
    assert.notEqual(recreated[0].metadata.uid, slice.metadata.uid);
    assert.equal(recreated[0].endpoints.length, 2);
    await c.del('/api/v1/namespaces/default/services/foo');
    await c.settle();
    assert.equal((await slicesOf(c, 'foo')).length, 0);
  });

  it('hostname is set for pods whose subdomain names the Service', async (t) => {
    const c = await cluster(t);
    await addPod(c, 'web-0', 'default', {
      ip: '10.0.0.1',
      nodeName: 'node-1',
      hostname: 'web-0',
      subdomain: 'foo',
    });
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', { clusterIP: 'None' }),
    );
    await c.settle();
    assert.equal(allEndpoints(await slicesOf(c, 'foo'))[0].hostname, 'web-0');
  });
});
