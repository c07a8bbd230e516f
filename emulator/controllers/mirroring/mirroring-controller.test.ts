/**
 * The EndpointSlice mirroring controller, black box over HTTP: cases ported from upstream
 * pkg/controller/endpointslicemirroring/reconciler_test.go (TestReconcile) and
 * endpointslicemirroring_controller_test.go (TestSyncEndpoints, TestShouldMirror), named after
 * their descriptions. Invalid IPs cannot pass the apiserver's Endpoints validation, so that case
 * is checked on the pure desired-state function instead.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { desiredMirroredSlices } from './mirroring-controller';
import { type Json, type TestCluster, service, startTestCluster } from '../testing/test-cluster';

const MIRROR = 'endpointslicemirroring-controller.k8s.io';

async function mirrored(c: TestCluster, name: string): Promise<Json[]> {
  const list = await c.get(
    `/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=${encodeURIComponent(
      `kubernetes.io/service-name=${name},endpointslice.kubernetes.io/managed-by=${MIRROR}`,
    )}`,
  );
  return list.items;
}

function endpointsObject(
  name: string,
  subsets: unknown[],
  meta: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): KubeObject {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, ...meta }, subsets };
}

async function selectorless(c: TestCluster, name: string): Promise<void> {
  await c.post(
    '/api/v1/namespaces/default/services',
    service(name, 'default', { selector: undefined, ports: [{ port: 80 }] }),
  );
}

describe('EndpointSlice mirroring (endpointslicemirroring reconciler_test.go)', () => {
  it('Endpoints with 1 subset, port, and address', async (t) => {
    const c = await startTestCluster(t);
    await selectorless(c, 'test-ep');
    const ep = await c.post(
      '/api/v1/namespaces/default/endpoints',
      endpointsObject(
        'test-ep',
        [
          {
            addresses: [{ ip: '10.0.0.1', hostname: 'pod-1', nodeName: 'node-1' }],
            ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
          },
        ],
        {
          labels: { foo: 'bar' },
          annotations: {
            foo1: 'bar1',
            'endpoints.kubernetes.io/last-change-trigger-time': '2020-01-01T00:00:00Z',
            'kubectl.kubernetes.io/last-applied-configuration': '{}',
          },
        },
      ),
    );
    await c.settle();
    const slices = await mirrored(c, 'test-ep');
    assert.equal(slices.length, 1);
    const [slice] = slices;
    assert.equal(slice.addressType, 'IPv4');
    assert.equal(slice.metadata.generateName, 'test-ep-');
    assert.deepEqual(slice.metadata.labels, {
      foo: 'bar',
      'kubernetes.io/service-name': 'test-ep',
      'endpointslice.kubernetes.io/managed-by': MIRROR,
    });
    // Annotations are copied except the trigger time and kubectl's last-applied configuration.
    assert.deepEqual(slice.metadata.annotations, { foo1: 'bar1' });
    assert.deepEqual(slice.metadata.ownerReferences, [
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        name: 'test-ep',
        uid: ep.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    assert.deepEqual(slice.ports, [{ name: 'http', port: 80, protocol: 'TCP' }]);
    // Only `ready` is set on mirrored endpoints.
    assert.deepEqual(slice.endpoints, [
      {
        addresses: ['10.0.0.1'],
        conditions: { ready: true },
        hostname: 'pod-1',
        nodeName: 'node-1',
      },
    ]);
  });

  it('Endpoints with 1 subset, port, and address and existing slice with same fields: no update', async (t) => {
    const c = await startTestCluster(t);
    await selectorless(c, 'test-ep');
    await c.post(
      '/api/v1/namespaces/default/endpoints',
      endpointsObject('test-ep', [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }]),
    );
    await c.settle();
    const [before] = await mirrored(c, 'test-ep');
    // An Endpoints update that changes nothing mirrored (resourceVersion only).
    await c.patch('/api/v1/namespaces/default/services/test-ep', {
      metadata: { annotations: { a: 'b' } },
    });
    const ep = await c.get('/api/v1/namespaces/default/endpoints/test-ep');
    await c.put('/api/v1/namespaces/default/endpoints/test-ep', ep);
    await c.settle();
    const [after] = await mirrored(c, 'test-ep');
    assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
  });

  it('Endpoints with 1 subset, port, and address and existing slice with an additional annotation: updated', async (t) => {
    const c = await startTestCluster(t);
    await selectorless(c, 'test-ep');
    await c.post(
      '/api/v1/namespaces/default/endpoints',
      endpointsObject('test-ep', [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }]),
    );
    await c.settle();
    const [before] = await mirrored(c, 'test-ep');
    await c.patch('/api/v1/namespaces/default/endpoints/test-ep', {
      metadata: { annotations: { added: 'yes' }, labels: { l: 'v' } },
    });
    await c.settle();
    const [after] = await mirrored(c, 'test-ep');
    assert.equal(after.metadata.uid, before.metadata.uid);
    assert.deepEqual(after.metadata.annotations, { added: 'yes' });
    assert.equal(after.metadata.labels.l, 'v');
  });

  it('Endpoints with 2 subsets, multiple ports and addresses; not ready addresses; IPv4 and IPv6', async (t) => {
    const c = await startTestCluster(t);
    await selectorless(c, 'test-ep');
    await c.post(
      '/api/v1/namespaces/default/endpoints',
      endpointsObject('test-ep', [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }],
          notReadyAddresses: [{ ip: '10.0.0.3' }],
          ports: [
            { name: 'http', port: 80, protocol: 'TCP' },
            { name: 'https', port: 443, protocol: 'TCP' },
          ],
        },
        {
          addresses: [{ ip: '10.0.1.1' }, { ip: '2001:db8::1' }],
          ports: [{ name: 'dns', port: 53, protocol: 'UDP' }],
        },
      ]),
    );
    await c.settle();
    const slices = await mirrored(c, 'test-ep');
    const summary = slices
      .map((s: Json) => ({
        type: s.addressType,
        ports: s.ports
          .map((p: Json) => `${p.name}/${p.port}/${p.protocol}`)
          .sort()
          .join(','),
        endpoints: s.endpoints
          .map((e: Json) => `${e.addresses[0]}:${e.conditions.ready}`)
          .sort()
          .join(','),
      }))
      .sort((a: Json, b: Json) => (a.ports + a.type < b.ports + b.type ? -1 : 1));
    assert.deepEqual(summary, [
      { type: 'IPv4', ports: 'dns/53/UDP', endpoints: '10.0.1.1:true' },
      { type: 'IPv6', ports: 'dns/53/UDP', endpoints: '2001:db8::1:true' },
      {
        type: 'IPv4',
        ports: 'http/80/TCP,https/443/TCP',
        endpoints: '10.0.0.1:true,10.0.0.2:true,10.0.0.3:false',
      },
    ]);
  });

  it('Endpoints with 1 subset, port, and 1001 addresses: 1000 mirrored, TooManyAddressesToMirror event', async (t) => {
    const c = await startTestCluster(t);
    await selectorless(c, 'test-ep');
    const addresses = Array.from({ length: 1001 }, (_, i) => ({
      ip: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    }));
    await c.post(
      '/api/v1/namespaces/default/endpoints',
      endpointsObject('test-ep', [{ addresses, ports: [{ port: 80 }] }]),
    );
    await c.settle();
    const slices = await mirrored(c, 'test-ep');
    assert.equal(slices.length, 1);
    assert.equal(slices[0].endpoints.length, 1000);
    const events = (await c.get('/api/v1/namespaces/default/events')).items as Json[];
    const warning = events.find((e) => e.reason === 'TooManyAddressesToMirror');
    assert.ok(warning, 'expected a TooManyAddressesToMirror event');
    assert.equal(warning.type, 'Warning');
    assert.equal(warning.involvedObject.kind, 'Endpoints');
    assert.equal(
      warning.message,
      'A max of 1000 addresses can be mirrored to EndpointSlices per Endpoints subset. 1 addresses were skipped',
    );
  });

  it('Endpoints with 1000 addresses: all mirrored, no event', async (t) => {
    const c = await startTestCluster(t);
    await selectorless(c, 'test-ep');
    const addresses = Array.from({ length: 1000 }, (_, i) => ({
      ip: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    }));
    await c.post(
      '/api/v1/namespaces/default/endpoints',
      endpointsObject('test-ep', [{ addresses, ports: [{ port: 80 }] }]),
    );
    await c.settle();
    assert.equal((await mirrored(c, 'test-ep'))[0].endpoints.length, 1000);
    const events = (await c.get('/api/v1/namespaces/default/events')).items as Json[];
    assert.equal(events.filter((e) => e.reason === 'TooManyAddressesToMirror').length, 0);
  });

  it('TestShouldMirror: skip-mirror "true" is not mirrored (other values are); adding it later deletes the slices', async (t) => {
    const c = await startTestCluster(t);
    for (const name of ['skip', 'other-value', 'later']) await selectorless(c, name);
    const subsets = [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }];
    await c.post(
      '/api/v1/namespaces/default/endpoints',
      endpointsObject('skip', subsets, {
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      }),
    );
    await c.post(
      '/api/v1/namespaces/default/endpoints',
      endpointsObject('other-value', subsets, {
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'false' },
      }),
    );
    await c.post('/api/v1/namespaces/default/endpoints', endpointsObject('later', subsets));
    await c.settle();
    assert.equal((await mirrored(c, 'skip')).length, 0);
    assert.equal((await mirrored(c, 'other-value')).length, 1);
    assert.equal((await mirrored(c, 'later')).length, 1);
    await c.patch('/api/v1/namespaces/default/endpoints/later', {
      metadata: { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    });
    await c.settle();
    assert.equal((await mirrored(c, 'later')).length, 0);
  });

  it('TestSyncEndpoints: Endpoints without a Service, or of a Service with a selector, are not mirrored', async (t) => {
    const c = await startTestCluster(t);
    const subsets = [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }];
    await c.post('/api/v1/namespaces/default/endpoints', endpointsObject('orphan', subsets));
    await c.post(
      '/api/v1/namespaces/default/services',
      service('selected', 'default', { selector: { app: 'x' } }),
    );
    await c.settle();
    assert.equal((await mirrored(c, 'orphan')).length, 0);
    assert.equal((await mirrored(c, 'selected')).length, 0);
    // The Service appears: now it is mirrored.
    await selectorless(c, 'orphan');
    await c.settle();
    assert.equal((await mirrored(c, 'orphan')).length, 1);
  });

  it('TestSyncEndpoints: the Service gains a selector, or goes away, or the Endpoints go: mirrored slices are deleted', async (t) => {
    const c = await startTestCluster(t);
    const subsets = [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }];
    for (const name of ['gains', 'svc-gone', 'ep-gone']) {
      await selectorless(c, name);
      await c.post('/api/v1/namespaces/default/endpoints', endpointsObject(name, subsets));
    }
    await c.settle();
    for (const name of ['gains', 'svc-gone', 'ep-gone'])
      assert.equal((await mirrored(c, name)).length, 1);
    await c.patch('/api/v1/namespaces/default/services/gains', {
      spec: { selector: { app: 'gains' } },
    });
    await c.del('/api/v1/namespaces/default/services/svc-gone');
    await c.del('/api/v1/namespaces/default/endpoints/ep-gone');
    await c.settle();
    assert.equal((await mirrored(c, 'gains')).length, 0);
    assert.equal((await mirrored(c, 'svc-gone')).length, 0);
    assert.equal((await mirrored(c, 'ep-gone')).length, 0);
  });

  it('a Service with an empty selector {} is selector-less: its Endpoints are mirrored', async (t) => {
    // The apiserver stores `{}` as no selector, so upstream's `Spec.Selector != nil` check
    // treats the Service as selector-less; the endpoints controller leaves the Endpoints alone.
    const c = await startTestCluster(t);
    await c.post(
      '/api/v1/namespaces/default/services',
      service('empty', 'default', { selector: {}, ports: [{ port: 80 }] }),
    );
    await c.post(
      '/api/v1/namespaces/default/endpoints',
      endpointsObject('empty', [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }]),
    );
    await c.settle();
    const slices = await mirrored(c, 'empty');
    assert.equal(slices.length, 1);
    assert.deepEqual(slices[0].endpoints, [
      { addresses: ['10.0.0.1'], conditions: { ready: true } },
    ]);
    const ep = await c.get('/api/v1/namespaces/default/endpoints/empty');
    assert.equal(ep.metadata.labels?.['endpoints.kubernetes.io/managed-by'], undefined);
  });

  it('Endpoints with no subsets: existing mirrored slices are deleted, none created', async (t) => {
    const c = await startTestCluster(t);
    await selectorless(c, 'test-ep');
    await c.post(
      '/api/v1/namespaces/default/endpoints',
      endpointsObject('test-ep', [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }]),
    );
    await c.settle();
    assert.equal((await mirrored(c, 'test-ep')).length, 1);
    const ep = await c.get('/api/v1/namespaces/default/endpoints/test-ep');
    delete ep.subsets;
    await c.put('/api/v1/namespaces/default/endpoints/test-ep', ep);
    await c.settle();
    assert.equal((await mirrored(c, 'test-ep')).length, 0);
  });

  it("the endpoints controller's own Endpoints (Services with selectors) are not mirrored", async (t) => {
    const c = await startTestCluster(t);
    await c.post('/api/v1/namespaces/default/services', service('foo'));
    await c.settle();
    assert.ok(await c.get('/api/v1/namespaces/default/endpoints/foo'));
    assert.equal((await mirrored(c, 'foo')).length, 0);
  });
});

describe('desiredMirroredSlices (invalid addresses)', () => {
  it('Endpoints with 1 subset, port, and 2 addresses, 1 invalid: the invalid one is skipped and counted', () => {
    const ep: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'e' },
      subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: 'invalid-ip' }], ports: [{ port: 80 }] }],
    };
    const { desired, invalid, skipped } = desiredMirroredSlices(ep, 1000);
    assert.equal(invalid, 1);
    assert.equal(skipped, 1);
    const groups = [...desired.values()];
    assert.equal(groups.length, 1);
    assert.deepEqual(
      [...(groups[0]?.endpoints.values() ?? [])].map((e) => e.addresses[0]),
      ['10.0.0.1'],
    );
  });

  it('IPs are canonicalised (IPv6 compressed)', () => {
    const ep: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'e' },
      subsets: [
        { addresses: [{ ip: '2001:0db8:0000:0000:0000:0000:0000:0001' }], ports: [{ port: 80 }] },
      ],
    };
    const [group] = [...desiredMirroredSlices(ep, 1000).desired.values()];
    assert.equal(group?.addressType, 'IPv6');
    assert.deepEqual(
      [...(group?.endpoints.values() ?? [])].map((e) => e.addresses[0]),
      ['2001:db8::1'],
    );
  });
});
