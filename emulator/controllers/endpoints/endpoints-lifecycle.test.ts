/**
 * The endpoints controller, black box over HTTP: the Endpoints object's lifecycle — deleted with
 * its Service, recreated when deleted, truncated over capacity, the last-change-trigger-time
 * annotation, the managed-by label by version, and selector changes moving the endpoints. Each
 * test ports a case of upstream pkg/controller/endpoint/endpoints_controller_test.go (named
 * after it); conventions as in endpoints-controller.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Json, addPod, service, startTestCluster } from '../testing/test-cluster';
import { addPods, cluster, endpoints, resync, tryEndpoints } from './testing/endpoints-fixtures';

describe('endpoints controller: lifecycle (endpoints_controller_test.go)', () => {
  it('TestSyncEndpointsServiceNotFound: the Endpoints go with the Service (also selector-less ones)', async (t) => {
    const c = await cluster(t);
    await addPods(c, 'default', 1, 0);
    await c.post('/api/v1/namespaces/default/services', service('foo', 'default'));
    await c.post(
      '/api/v1/namespaces/default/services',
      service('manual', 'default', { selector: undefined }),
    );
    await c.post('/api/v1/namespaces/default/endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'manual' },
      subsets: [{ addresses: [{ ip: '6.7.8.9' }], ports: [{ port: 1000 }] }],
    });
    await c.settle();
    assert.ok(await tryEndpoints(c, 'default', 'foo'));
    await c.del('/api/v1/namespaces/default/services/foo');
    await c.del('/api/v1/namespaces/default/services/manual');
    await c.settle();
    assert.equal(await tryEndpoints(c, 'default', 'foo'), undefined);
    assert.equal(await tryEndpoints(c, 'default', 'manual'), undefined);
  });

  it('TestEndpointsDeletionEvents: deleted controller Endpoints are recreated', async (t) => {
    const c = await cluster(t);
    await addPods(c, 'default', 1, 0);
    await c.post('/api/v1/namespaces/default/services', service('foo', 'default'));
    await c.settle();
    const first = await endpoints(c, 'default', 'foo');
    await c.del('/api/v1/namespaces/default/endpoints/foo');
    await c.settle();
    const second = await endpoints(c, 'default', 'foo');
    assert.notEqual(second.metadata.uid, first.metadata.uid);
    assert.deepEqual(second.subsets, first.subsets);
  });

  it('TestSyncServiceOverCapacity: truncation at 1000 with the over-capacity annotation', async (t) => {
    const c = await cluster(t);
    const ready = 990;
    const total = 1005;
    // Pods first, then the Service (one sync instead of a thousand), in parallel batches.
    for (let i = 0; i < total; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, total - i) }, (_, k) => {
          const n = i + k;
          return addPod(c, `p${n}`, 'default', {
            ip: `10.1.${Math.floor(n / 250)}.${(n % 250) + 1}`,
            ready: n < ready,
          });
        }),
      );
    }
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', { ports: [{ port: 80, targetPort: 8080 }] }),
    );
    await c.settle();
    let got = await endpoints(c, 'default', 'foo');
    assert.equal(got.metadata.annotations['endpoints.kubernetes.io/over-capacity'], 'truncated');
    // Ready addresses are kept first; not-ready ones fill what is left.
    assert.equal(got.subsets[0].addresses.length, ready);
    assert.equal(got.subsets[0].notReadyAddresses.length, 1000 - ready);
    // Back under capacity: the annotation goes away.
    for (let i = ready; i < total; i++) await c.del(`/api/v1/namespaces/default/pods/p${i}`);
    await c.settle();
    got = await endpoints(c, 'default', 'foo');
    assert.equal(got.metadata.annotations?.['endpoints.kubernetes.io/over-capacity'], undefined);
    assert.equal(got.subsets[0].addresses.length, ready);
  });

  it('TestLastTriggerChangeTimeAnnotation: first sync at the Service creation, then the pod change', async (t) => {
    const c = await cluster(t);
    const svc = await c.post('/api/v1/namespaces/default/services', service('foo', 'default'));
    await c.settle();
    const key = 'endpoints.kubernetes.io/last-change-trigger-time';
    assert.equal(
      (await endpoints(c, 'default', 'foo')).metadata.annotations[key],
      svc.metadata.creationTimestamp,
    );
    await addPod(c, 'pod0', 'default', { ip: '1.2.3.4', readySince: '2030-02-03T04:05:06Z' });
    await c.settle();
    assert.equal(
      (await endpoints(c, 'default', 'foo')).metadata.annotations[key],
      '2030-02-03T04:05:06Z',
    );
  });

  it('TestLastTriggerChangeTimeAnnotation_AnnotationCleared: a change without a trigger time clears it', async (t) => {
    const c = await cluster(t);
    await addPods(c, 'default', 2, 0);
    await c.post('/api/v1/namespaces/default/services', service('foo', 'default'));
    await c.settle();
    const key = 'endpoints.kubernetes.io/last-change-trigger-time';
    assert.ok((await endpoints(c, 'default', 'foo')).metadata.annotations[key]);
    await c.del('/api/v1/namespaces/default/pods/pod1');
    await c.settle();
    const got = await endpoints(c, 'default', 'foo');
    assert.equal(got.subsets[0].addresses.length, 1);
    assert.equal(got.metadata.annotations?.[key], undefined);
  });

  it('Kubernetes 1.32 and earlier: no endpoints.kubernetes.io/managed-by label', async (t) => {
    const c = await startTestCluster(t, { minorVersion: 32 });
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', {}, { app: 'x' }),
    );
    await c.settle();
    assert.deepEqual((await endpoints(c, 'default', 'foo')).metadata.labels, { app: 'x' });
  });

  it('TestMultipleServiceChanges: selector changes move the endpoints; no writes when nothing changed', async (t) => {
    const c = await cluster(t);
    await addPod(c, 'a', 'default', { ip: '10.0.0.1', labels: { app: 'a' } });
    await addPod(c, 'b', 'default', { ip: '10.0.0.2', labels: { app: 'b' } });
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', { selector: { app: 'a' } }),
    );
    await c.settle();
    assert.equal((await endpoints(c, 'default', 'foo')).subsets[0].addresses[0].ip, '10.0.0.1');
    await c.patch('/api/v1/namespaces/default/services/foo', { spec: { selector: { app: 'b' } } });
    await c.settle();
    const moved = await endpoints(c, 'default', 'foo');
    assert.deepEqual(
      moved.subsets[0].addresses.map((a: Json) => a.ip),
      ['10.0.0.2'],
    );
    // Pod label change away from the selector, then back.
    await c.patch('/api/v1/namespaces/default/pods/b', { metadata: { labels: { app: 'c' } } });
    await c.settle();
    assert.equal((await endpoints(c, 'default', 'foo')).subsets, undefined);
    await c.patch('/api/v1/namespaces/default/pods/b', { metadata: { labels: { app: 'b' } } });
    await c.settle();
    const back = await endpoints(c, 'default', 'foo');
    assert.deepEqual(
      back.subsets[0].addresses.map((a: Json) => a.ip),
      ['10.0.0.2'],
    );
    await resync(c, 'default', 'foo');
    assert.equal(
      (await endpoints(c, 'default', 'foo')).metadata.resourceVersion,
      back.metadata.resourceVersion,
    );
  });
});
