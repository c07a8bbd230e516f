import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGraphModel } from './build';
import { controllerSlices, manualEndpoints, manualSlice } from './testing/endpoints';
import { deploymentPods, podRecord, serviceRecord } from './testing/objects';
import { endpointsOf, svcNode } from './testing/queries';
import { snapshotOf, withControllers } from './testing/snapshots';

describe('routing: endpoints and conditions, as the map draws them', () => {
  it('resolves a named targetPort to each pod’s container port', () => {
    const svc = serviceRecord('shop', 'cart', {
      selector: { app: 'cart' },
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'web' }],
    });
    const pods = deploymentPods('shop', 'cart', 2, {
      labels: { app: 'cart' },
      containerPorts: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }],
    });
    const t = buildGraphModel(withControllers({ services: [svc], pods }));
    const eps = endpointsOf(t, 'cart');
    assert.equal(eps.length, 2);
    for (const ep of eps)
      assert.deepEqual(ep.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('keeps not-ready and terminating endpoints with their conditions on nodes and edges', () => {
    const svc = serviceRecord('shop', 'api', { selector: { app: 'api' } });
    const ready = podRecord('shop', 'api-ready', { labels: { app: 'api' } });
    const notReady = podRecord('shop', 'api-notready', { labels: { app: 'api' }, ready: false });
    const terminating = podRecord('shop', 'api-terminating', {
      labels: { app: 'api' },
      terminating: true,
    });
    const t = buildGraphModel(
      withControllers({ services: [svc], pods: [ready, notReady, terminating] }),
    );
    const byPod = new Map(endpointsOf(t, 'api').map((e) => [e.targetRef?.name, e]));
    assert.equal(byPod.get('api-ready')!.condition, 'ready');
    const nr = byPod.get('api-notready')!;
    assert.deepEqual(
      [nr.condition, nr.ready, nr.serving, nr.terminating],
      ['not-ready', false, false, false],
    );
    const term = byPod.get('api-terminating')!;
    assert.deepEqual(
      [term.condition, term.ready, term.serving, term.terminating],
      ['terminating', false, true, true],
    );
    const s = svcNode(t, 'api');
    assert.equal(s.endpointCount, 3);
    assert.equal(s.readyCount, 1);
    const routes = t.edges.filter((e) => e.kind === 'routes' && e.source === s.id);
    assert.deepEqual(routes.map((e) => e.condition).sort(), ['not-ready', 'ready', 'terminating']);
    assert.equal(t.pods.find((p) => p.name === 'api-terminating')!.terminating, true);
  });

  it('treats unset conditions on a hand-made slice as ready, and marks its origin manual', () => {
    const svc = serviceRecord('db', 'postgres', {
      ports: [{ name: 'pg', protocol: 'TCP', port: 5432 }],
    });
    const slice = manualSlice('db', 'postgres-vm', 'postgres', {
      managedBy: 'switchboard.dev',
      ports: [{ name: 'pg', port: 5432 }],
      endpoints: [{ addresses: ['192.0.2.10'] }, { addresses: ['192.0.2.11'], ready: false }],
    });
    const t = buildGraphModel(snapshotOf({ services: [svc], endpointSlices: [slice] }));
    const eps = endpointsOf(t, 'postgres');
    assert.deepEqual(
      eps.map((e) => [e.address, e.origin, e.condition, e.targetId]),
      [
        ['192.0.2.10', 'manual', 'ready', 'ext:192.0.2.10'],
        ['192.0.2.11', 'manual', 'not-ready', 'ext:192.0.2.11'],
      ],
    );
    assert.equal(t.externals.length, 2);
  });

  it('marks headless Services and still draws their endpoints', () => {
    const svc = serviceRecord('data', 'kafka', { selector: { app: 'kafka' }, clusterIP: 'None' });
    const pods = deploymentPods('data', 'kafka', 3, { labels: { app: 'kafka' } });
    const snap = withControllers({ services: [svc], pods });
    assert.equal(snap.endpointSlices[0]!.meta.labels?.['service.kubernetes.io/headless'], '');
    const t = buildGraphModel(snap);
    const s = svcNode(t, 'kafka');
    assert.equal(s.headless, true);
    assert.equal(s.clusterIP, 'None');
    assert.equal(s.endpointCount, 3);
  });

  it('reads legacy Endpoints: notReadyAddresses are not ready, and an IP in both lists is not ready', () => {
    const svc = serviceRecord('legacy', 'old', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const ep = manualEndpoints(
      'legacy',
      'old',
      [
        {
          addresses: ['192.0.2.1', '192.0.2.3'],
          notReadyAddresses: ['192.0.2.2'],
          ports: [{ name: 'http', port: 80 }],
        },
        { notReadyAddresses: ['192.0.2.3'], ports: [{ name: 'http', port: 80 }] },
      ],
      { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    );
    const t = buildGraphModel(snapshotOf({ services: [svc], endpoints: [ep] }));
    assert.deepEqual(
      endpointsOf(t, 'old').map((e) => [e.address, e.condition, e.origin]),
      [
        ['192.0.2.1', 'ready', 'legacy-endpoints'],
        ['192.0.2.2', 'not-ready', 'legacy-endpoints'],
        ['192.0.2.3', 'not-ready', 'legacy-endpoints'],
      ],
    );
  });

  it('merges one address listed by two slices into one endpoint (ready if either says so)', () => {
    const svc = serviceRecord('edge', 'proxy', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const a = manualSlice('edge', 'proxy-a', 'proxy', {
      ports: [{ name: 'http', port: 80 }],
      endpoints: [{ addresses: ['192.0.2.7'], ready: false }],
    });
    const b = manualSlice('edge', 'proxy-b', 'proxy', {
      ports: [{ name: 'http', port: 8080 }],
      endpoints: [{ addresses: ['192.0.2.7'], ready: true, serving: true, terminating: false }],
    });
    const t = buildGraphModel(snapshotOf({ services: [svc], endpointSlices: [b, a] }));
    const eps = endpointsOf(t, 'proxy');
    assert.equal(eps.length, 1);
    assert.deepEqual(eps[0]!.sources, ['proxy-a', 'proxy-b']);
    assert.equal(eps[0]!.condition, 'ready');
    assert.deepEqual(
      eps[0]!.ports.map((p) => p.port),
      [80, 8080],
    );
  });

  it('gives FQDN slice endpoints an fqdn external node', () => {
    const svc = serviceRecord('ext', 'search', {
      ports: [{ name: 'https', protocol: 'TCP', port: 443 }],
    });
    const slice = manualSlice('ext', 'search-fqdn', 'search', {
      addressType: 'FQDN',
      ports: [{ name: 'https', port: 443 }],
      endpoints: [{ addresses: ['search.example.com'] }],
    });
    const t = buildGraphModel(snapshotOf({ services: [svc], endpointSlices: [slice] }));
    assert.deepEqual(t.externals, [
      {
        type: 'external',
        id: 'ext:search.example.com',
        address: 'search.example.com',
        kind: 'fqdn',
      },
    ]);
    assert.equal(endpointsOf(t, 'search')[0]!.addressType, 'FQDN');
  });

  it('draws an endpoint whose targetRef names a pod the cache lacks as an address, keeping the ref', () => {
    const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
    const slice = controllerSlices(svc, [
      podRecord('shop', 'web-gone', { labels: { app: 'web' }, ip: '10.244.9.9' }),
    ]);
    const t = buildGraphModel(snapshotOf({ services: [svc], endpointSlices: slice }));
    const [ep] = endpointsOf(t, 'web');
    assert.equal(ep!.targetId, 'ext:10.244.9.9');
    assert.equal(ep!.targetRef?.name, 'web-gone');
    assert.equal(t.pods.length, 0);
    assert.deepEqual(
      t.externals.map((e) => e.id),
      ['ext:10.244.9.9'],
    );
  });

  it('handles a Service with 1,200 endpoints over 12+ slices: one endpoint node per address', () => {
    const svc = serviceRecord('big', 'fleet', { selector: { app: 'fleet' } });
    const pods = deploymentPods('big', 'fleet', 1200, { labels: { app: 'fleet' } });
    pods.slice(0, 50).forEach((p) => (p.ready = false));
    const snap = withControllers({ services: [svc], pods });
    const slices = snap.endpointSlices.filter((s) => s.serviceName === 'fleet');
    assert.ok(slices.length >= 12, `${slices.length} slices`);
    assert.equal(
      snap.endpoints[0]!.meta.annotations?.['endpoints.kubernetes.io/over-capacity'],
      'truncated',
    );
    const t = buildGraphModel(snap);
    const s = svcNode(t, 'fleet');
    assert.equal(s.endpointCount, 1200);
    assert.equal(s.readyCount, 1150);
    const eps = endpointsOf(t, 'fleet');
    assert.equal(new Set(eps.map((e) => e.id)).size, 1200);
    assert.equal(t.pods.length, 1200);
    assert.ok(eps.every((e) => e.sources.length === 1 && e.origin === 'controller'));
    // numeric address order: 10.244.0.10 comes after 10.244.0.9
    const i9 = eps.findIndex((e) => e.address === '10.244.0.9');
    const i10 = eps.findIndex((e) => e.address === '10.244.0.10');
    if (i9 >= 0 && i10 >= 0) assert.ok(i9 < i10);
  });
});
