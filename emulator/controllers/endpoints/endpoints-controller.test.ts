/**
 * The endpoints controller, black box over HTTP: what an Endpoints object holds for a Service
 * and its pods (selection, ready / not-ready / terminating addresses, ports and named
 * targetPorts, labels, headless Services, hostnames). Each test ports a case of upstream
 * pkg/controller/endpoint/endpoints_controller_test.go (named after it). Upstream feeds objects
 * to informers and counts requests to a fake server; here the objects are created through the
 * API with the kubelet off (pod status written through /status, as a kubelet would), and "no
 * request" becomes "the Endpoints object's resourceVersion did not move". The Endpoints'
 * lifecycle is in endpoints-lifecycle.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../core/types';
import { type Json, addPod, normalizeSubsets, service } from '../testing/test-cluster';
import {
  MANAGED_BY,
  addPods,
  cluster,
  endpoints,
  resync,
  targetRef,
  tryEndpoints,
} from './testing/endpoints-fixtures';

describe('endpoints controller (endpoints_controller_test.go)', () => {
  it('TestSyncEndpointsItemsPreserveNoSelector', async (t) => {
    const c = await cluster(t);
    const custom = await c.post('/api/v1/namespaces/default/endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'foo' },
      subsets: [{ addresses: [{ ip: '6.7.8.9' }], ports: [{ port: 1000 }] }],
    });
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', { selector: undefined, ports: [{ port: 80 }] }),
    );
    await addPods(c, 'default', 1, 0, { labels: {} });
    await c.settle();
    const after = await endpoints(c, 'default', 'foo');
    assert.equal(after.metadata.resourceVersion, custom.metadata.resourceVersion);
    assert.deepEqual(after.subsets, custom.subsets);
  });

  it('TestSyncEndpointsNewNoSubsets and TestSyncEndpointsExistingEmptySubsets', async (t) => {
    const c = await cluster(t);
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', { ports: [{ port: 80 }] }),
    );
    await c.settle();
    const created = await endpoints(c, 'default', 'foo');
    assert.equal(created.subsets, undefined);
    assert.deepEqual(created.metadata.labels, { ...MANAGED_BY });
    await resync(c, 'default', 'foo');
    assert.equal(
      (await endpoints(c, 'default', 'foo')).metadata.resourceVersion,
      created.metadata.resourceVersion,
    );
  });

  it('TestSyncEndpointsWithPodResourceVersionUpdateOnly', async (t) => {
    const c = await cluster(t);
    const pods = await addPods(c, 'default', 1, 1);
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', { ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] }),
    );
    await c.settle();
    const before = await endpoints(c, 'default', 'foo');
    for (const p of pods) {
      await c.patch(`/api/v1/namespaces/default/pods/${p.metadata.name}`, {
        metadata: { annotations: { touched: 'yes' } },
      });
    }
    await resync(c, 'default', 'foo');
    assert.equal(
      (await endpoints(c, 'default', 'foo')).metadata.resourceVersion,
      before.metadata.resourceVersion,
    );
  });

  for (const protocol of ['TCP', 'UDP', 'SCTP']) {
    it(`TestSyncEndpointsProtocol${protocol}`, async (t) => {
      const c = await cluster(t);
      const existing = await c.post('/api/v1/namespaces/other/endpoints', {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'foo' },
        subsets: [{ addresses: [{ ip: '6.7.8.9' }], ports: [{ port: 1000, protocol }] }],
      });
      const [pod0] = await addPods(c, 'other', 1, 0);
      // Upstream's case uses an empty selector; through the API that means no selector (see the
      // EmptySelector cases), so the pods are selected by their label.
      await c.post(
        '/api/v1/namespaces/other/services',
        service('foo', 'other', { ports: [{ port: 80, targetPort: 8080, protocol }] }),
      );
      await c.settle();
      const got = await endpoints(c, 'other', 'foo');
      // Updated in place (PUT), not recreated.
      assert.equal(got.metadata.uid, existing.metadata.uid);
      assert.deepEqual(got.metadata.labels, MANAGED_BY);
      assert.deepEqual(got.subsets, [
        {
          addresses: [{ ip: '1.2.3.4', targetRef: targetRef(pod0 as KubeObject) }],
          ports: [{ port: 8080, protocol }],
        },
      ]);
    });
  }

  it('TestSyncServiceExternalNameType', async (t) => {
    const c = await cluster(t);
    await addPods(c, 'default', 1, 0);
    await c.post(
      '/api/v1/namespaces/default/services',
      service('testing-1', 'default', {
        type: 'ExternalName',
        externalName: 'example.com',
        ports: [{ port: 80 }],
      }),
    );
    await c.settle();
    assert.equal(await tryEndpoints(c, 'default', 'testing-1'), undefined);
  });

  // Upstream's EmptySelector cases hand the controller a Service whose selector is an empty,
  // non-nil map, which selects every pod. Through an apiserver that never happens: `{}` is
  // stored and served as no selector, so the Service is selector-less (a real cluster shows
  // `<none>` endpoints for it). These cases pin that end-to-end behaviour instead.
  it('TestSyncEndpointsItemsEmptySelectorSelectsAll: selector {} is no selector, no Endpoints are written', async (t) => {
    const c = await cluster(t);
    await addPods(c, 'other', 1, 0, { labels: { unrelated: 'x' } });
    await c.post('/api/v1/namespaces/other/services', service('foo', 'other', { selector: {} }));
    await c.settle();
    assert.equal(await tryEndpoints(c, 'other', 'foo'), undefined);
  });

  it('TestSyncEndpointsItemsEmptySelectorSelectsAllNotReady: with selector {} hand-written Endpoints are kept', async (t) => {
    const c = await cluster(t);
    await addPods(c, 'other', 0, 1);
    const custom = await c.post('/api/v1/namespaces/other/endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'foo' },
      subsets: [{ addresses: [{ ip: '6.7.8.9' }], ports: [{ port: 1000 }] }],
    });
    await c.post('/api/v1/namespaces/other/services', service('foo', 'other', { selector: {} }));
    await c.settle();
    const after = await endpoints(c, 'other', 'foo');
    assert.equal(after.metadata.resourceVersion, custom.metadata.resourceVersion);
  });

  it('TestSyncEndpointsItemsEmptySelectorSelectsAllMixed: a selector set later manages them; {} again leaves them', async (t) => {
    const c = await cluster(t);
    const [pod0, pod1] = await addPods(c, 'other', 1, 1);
    await c.post('/api/v1/namespaces/other/services', service('foo', 'other', { selector: {} }));
    await c.settle();
    assert.equal(await tryEndpoints(c, 'other', 'foo'), undefined);
    await c.patch('/api/v1/namespaces/other/services/foo', { spec: { selector: { foo: 'bar' } } });
    await c.settle();
    const managed = await endpoints(c, 'other', 'foo');
    assert.deepEqual(managed.subsets, [
      {
        addresses: [{ ip: '1.2.3.4', targetRef: targetRef(pod0 as KubeObject) }],
        notReadyAddresses: [{ ip: '1.2.3.5', targetRef: targetRef(pod1 as KubeObject) }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
    await c.send(
      'PUT',
      '/api/v1/namespaces/other/services/foo',
      service('foo', 'other', {
        ...(await c.get('/api/v1/namespaces/other/services/foo')).spec,
        selector: {},
      }),
    );
    await c.del('/api/v1/namespaces/other/pods/pod0');
    await c.settle();
    // Like a removed selector: the controller stops managing and leaves the object as it was.
    const left = await endpoints(c, 'other', 'foo');
    assert.equal(left.metadata.resourceVersion, managed.metadata.resourceVersion);
  });

  it('TestSyncEndpointsItemsPreexisting', async (t) => {
    const c = await cluster(t);
    await c.post('/api/v1/namespaces/other/endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'foo', labels: { foo: 'bar' } },
      subsets: [{ addresses: [{ ip: '6.7.8.9' }], ports: [{ port: 1000 }] }],
    });
    const [pod0] = await addPods(c, 'other', 1, 0);
    await c.post('/api/v1/namespaces/other/services', service('foo', 'other'));
    await c.settle();
    const got = await endpoints(c, 'other', 'foo');
    assert.deepEqual(got.metadata.labels, MANAGED_BY);
    assert.deepEqual(got.subsets, [
      {
        addresses: [{ ip: '1.2.3.4', targetRef: targetRef(pod0 as KubeObject) }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('TestSyncEndpointsItemsPreexistingIdentical', async (t) => {
    const c = await cluster(t);
    const [pod0] = await addPods(c, 'default', 1, 0);
    const existing = await c.post('/api/v1/namespaces/default/endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'foo', labels: { ...MANAGED_BY } },
      subsets: [
        {
          addresses: [
            {
              ip: '1.2.3.4',
              targetRef: { ...targetRef(pod0 as KubeObject), resourceVersion: '1' },
            },
          ],
          ports: [{ port: 8080, protocol: 'TCP' }],
        },
      ],
    });
    await c.post('/api/v1/namespaces/default/services', service('foo', 'default'));
    await c.settle();
    // Identical but for targetRef.resourceVersion, which the comparison ignores: no write.
    assert.equal(
      (await endpoints(c, 'default', 'foo')).metadata.resourceVersion,
      existing.metadata.resourceVersion,
    );
  });

  it('TestSyncEndpointsItems (two ports, several pods, pods of other namespaces ignored)', async (t) => {
    const c = await cluster(t);
    const pods = await addPods(c, 'other', 3, 2);
    await addPods(c, 'default', 2, 0); // same labels, another namespace
    await c.post(
      '/api/v1/namespaces/other/services',
      service('foo', 'other', {
        ports: [
          { name: 'port0', port: 80, protocol: 'TCP', targetPort: 8080 },
          { name: 'port1', port: 88, protocol: 'TCP', targetPort: 8088 },
        ],
      }),
    );
    await c.settle();
    const got = await endpoints(c, 'other', 'foo');
    assert.deepEqual(
      normalizeSubsets(got.subsets),
      normalizeSubsets([
        {
          addresses: pods
            .slice(0, 3)
            .map((p, i) => ({ ip: `1.2.3.${4 + i}`, targetRef: targetRef(p) })),
          notReadyAddresses: pods
            .slice(3)
            .map((p, i) => ({ ip: `1.2.3.${7 + i}`, targetRef: targetRef(p) })),
          ports: [
            { name: 'port0', port: 8080, protocol: 'TCP' },
            { name: 'port1', port: 8088, protocol: 'TCP' },
          ],
        },
      ]),
    );
    assert.deepEqual(got.metadata.labels, MANAGED_BY);
  });

  it('TestSyncEndpointsItemsWithLabels', async (t) => {
    const c = await cluster(t);
    await addPods(c, 'other', 3, 2);
    const labels = { foo: 'foo', bar: 'bar' };
    await c.post('/api/v1/namespaces/other/services', service('foo', 'other', {}, labels));
    await c.settle();
    assert.deepEqual((await endpoints(c, 'other', 'foo')).metadata.labels, {
      ...labels,
      ...MANAGED_BY,
    });
  });

  it('TestSyncEndpointsItemsPreexistingLabelsChange', async (t) => {
    const c = await cluster(t);
    await c.post('/api/v1/namespaces/default/endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'foo', labels: { foo: 'bar' } },
      subsets: [{ addresses: [{ ip: '6.7.8.9' }], ports: [{ port: 1000 }] }],
    });
    await addPods(c, 'default', 1, 0);
    const labels = { baz: 'blah' };
    await c.post('/api/v1/namespaces/default/services', service('foo', 'default', {}, labels));
    await c.settle();
    // Labels are replaced by the Service's, not merged.
    assert.deepEqual((await endpoints(c, 'default', 'foo')).metadata.labels, {
      ...labels,
      ...MANAGED_BY,
    });
    // A later change of the Service's labels follows.
    await c.patch('/api/v1/namespaces/default/services/foo', {
      metadata: { labels: { baz: 'other' } },
    });
    await c.settle();
    assert.deepEqual((await endpoints(c, 'default', 'foo')).metadata.labels, {
      baz: 'other',
      ...MANAGED_BY,
    });
  });

  it('TestSyncEndpointsHeadlessService', async (t) => {
    const c = await cluster(t);
    const [pod0] = await addPods(c, 'default', 1, 0);
    await c.post(
      '/api/v1/namespaces/default/services',
      service(
        'foo',
        'default',
        { clusterIP: 'None', ports: [{ port: 80, targetPort: 8080 }] },
        { a: 'b' },
      ),
    );
    await c.settle();
    const got = await endpoints(c, 'default', 'foo');
    assert.deepEqual(got.metadata.labels, {
      a: 'b',
      ...MANAGED_BY,
      'service.kubernetes.io/headless': '',
    });
    assert.deepEqual(got.subsets, [
      {
        addresses: [{ ip: '1.2.3.4', targetRef: targetRef(pod0 as KubeObject) }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('TestSyncEndpointsHeadlessWithoutPort', async (t) => {
    const c = await cluster(t);
    const [pod0] = await addPods(c, 'default', 1, 0);
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', { clusterIP: 'None', ports: [] }),
    );
    await c.settle();
    assert.deepEqual((await endpoints(c, 'default', 'foo')).subsets, [
      { addresses: [{ ip: '1.2.3.4', targetRef: targetRef(pod0 as KubeObject) }] },
    ]);
  });

  for (const [name, restartPolicy, phase] of [
    [
      'TestSyncEndpointsItemsExcludeNotReadyPodsWithRestartPolicyNeverAndPhaseFailed',
      'Never',
      'Failed',
    ],
    [
      'TestSyncEndpointsItemsExcludeNotReadyPodsWithRestartPolicyNeverAndPhaseSucceeded',
      'Never',
      'Succeeded',
    ],
    [
      'TestSyncEndpointsItemsExcludeNotReadyPodsWithRestartPolicyOnFailureAndPhaseSucceeded',
      'OnFailure',
      'Succeeded',
    ],
    ['terminal pods are excluded whatever the restartPolicy (Always, Failed)', 'Always', 'Failed'],
  ] as const) {
    it(name, async (t) => {
      const c = await cluster(t);
      await addPods(c, 'other', 0, 1, { restartPolicy, phase });
      await c.post('/api/v1/namespaces/other/services', service('foo', 'other'));
      await c.settle();
      assert.equal((await endpoints(c, 'other', 'foo')).subsets, undefined);
    });
  }

  it('TestSyncServiceAddresses: terminating pods excluded unless publishNotReadyAddresses', async (t) => {
    const c = await cluster(t);
    const [pod0, pod1] = await addPods(c, 'default', 2, 0, { nodeName: 'node-1' });
    await c.post('/api/v1/namespaces/default/services', service('plain', 'default'));
    await c.post(
      '/api/v1/namespaces/default/services',
      service('publish', 'default', { publishNotReadyAddresses: true }),
    );
    await c.settle();
    // Graceful delete: no kubelet finishes it, so pod1 stays terminating.
    await c.del(`/api/v1/namespaces/default/pods/${pod1?.metadata.name}`);
    await c.settle();
    const terminating = await c.get(`/api/v1/namespaces/default/pods/${pod1?.metadata.name}`);
    assert.ok(terminating.metadata.deletionTimestamp);
    const plain = await endpoints(c, 'default', 'plain');
    assert.deepEqual(
      plain.subsets[0].addresses.map((a: Json) => a.targetRef.name),
      [pod0?.metadata.name],
    );
    assert.equal(plain.subsets[0].notReadyAddresses, undefined);
    const publish = await endpoints(c, 'default', 'publish');
    assert.deepEqual(
      publish.subsets[0].addresses.map((a: Json) => a.targetRef.name),
      ['pod0', 'pod1'],
    );
  });

  it('TestSyncServiceAddresses: publishNotReadyAddresses puts not-ready pods in addresses', async (t) => {
    const c = await cluster(t);
    await addPods(c, 'default', 1, 1);
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', { publishNotReadyAddresses: true }),
    );
    await c.settle();
    const got = await endpoints(c, 'default', 'foo');
    assert.deepEqual(
      got.subsets[0].addresses.map((a: Json) => a.ip),
      ['1.2.3.4', '1.2.3.5'],
    );
    assert.equal(got.subsets[0].notReadyAddresses, undefined);
  });

  it('pods without an IP are not endpoints; they appear once the kubelet reports one', async (t) => {
    const c = await cluster(t);
    const created = await addPod(c, 'pod0', 'default', {});
    await c.post('/api/v1/namespaces/default/services', service('foo', 'default'));
    await c.settle();
    assert.equal((await endpoints(c, 'default', 'foo')).subsets, undefined);
    await c.put('/api/v1/namespaces/default/pods/pod0/status', {
      ...created,
      status: {
        phase: 'Running',
        podIP: '1.2.3.4',
        podIPs: [{ ip: '1.2.3.4' }],
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
    await c.settle();
    assert.equal((await endpoints(c, 'default', 'foo')).subsets[0].addresses[0].ip, '1.2.3.4');
  });

  it('named targetPort resolves per pod by name and protocol; pods without it are skipped for that port', async (t) => {
    const c = await cluster(t);
    await addPod(c, 'a', 'default', {
      ip: '10.0.0.1',
      ports: [{ name: 'http', containerPort: 8080 }],
    });
    await addPod(c, 'b', 'default', {
      ip: '10.0.0.2',
      ports: [{ name: 'http', containerPort: 9090 }],
    });
    await addPod(c, 'c', 'default', {
      ip: '10.0.0.3',
      ports: [{ name: 'http', containerPort: 8080, protocol: 'UDP' }],
    });
    await addPod(c, 'd', 'default', {
      ip: '10.0.0.4',
      ports: [{ name: 'other', containerPort: 8080 }],
    });
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', {
        ports: [
          { name: 'web', port: 80, protocol: 'TCP', targetPort: 'http' },
          { name: 'raw', port: 81, protocol: 'TCP', targetPort: 7000 },
        ],
      }),
    );
    await c.settle();
    const got = await endpoints(c, 'default', 'foo');
    const byPorts = Object.fromEntries(
      got.subsets.map((s: Json) => [
        s.ports
          .map((p: Json) => `${p.name}:${p.port}`)
          .sort()
          .join(','),
        s.addresses.map((a: Json) => a.ip),
      ]),
    );
    // Repacking groups ports by identical address sets: 'raw' is an integer targetPort, so
    // every pod has it (declared or not); 'web' resolves per pod, and not at all for c (UDP)
    // and d (no port named http).
    assert.deepEqual(byPorts, {
      'raw:7000': ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'],
      'web:8080': ['10.0.0.1'],
      'web:9090': ['10.0.0.2'],
    });
  });

  it('TestEndpointPortFromServicePort: appProtocol is copied', async (t) => {
    const c = await cluster(t);
    await addPods(c, 'default', 1, 0);
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', {
        ports: [{ name: 'h2', port: 80, targetPort: 8080, appProtocol: 'kubernetes.io/h2c' }],
      }),
    );
    await c.settle();
    assert.deepEqual((await endpoints(c, 'default', 'foo')).subsets[0].ports, [
      { name: 'h2', port: 8080, protocol: 'TCP', appProtocol: 'kubernetes.io/h2c' },
    ]);
  });

  it('hostname is set when spec.hostname is set and spec.subdomain names the Service', async (t) => {
    const c = await cluster(t);
    await addPod(c, 'a', 'default', { ip: '10.0.0.1', hostname: 'web-0', subdomain: 'foo' });
    await addPod(c, 'b', 'default', { ip: '10.0.0.2', hostname: 'web-1', subdomain: 'elsewhere' });
    await c.post(
      '/api/v1/namespaces/default/services',
      service('foo', 'default', { clusterIP: 'None' }),
    );
    await c.settle();
    const addrs = (await endpoints(c, 'default', 'foo')).subsets[0].addresses;
    assert.equal(addrs[0].hostname, 'web-0');
    assert.equal(addrs[1].hostname, undefined);
  });
});
