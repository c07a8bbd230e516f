import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTopology } from './build';
import type { Topology } from './model';
import {
  controllerEndpoints,
  controllerSlices,
  deploymentPods,
  manualEndpoints,
  manualSlice,
  mirroredSlices,
  podRecord,
  seedScenario,
  serviceRecord,
  shuffledSnapshot,
  snapshotOf,
  withControllers,
} from './testing/fixtures';

function svcNode(t: Topology, name: string) {
  const s = t.services.find((x) => x.name === name);
  assert.ok(s, `service ${name} in topology`);
  return s;
}
function endpointsOf(t: Topology, name: string) {
  const s = svcNode(t, name);
  return t.endpoints.filter((e) => e.serviceId === s.id);
}
function edgesFrom(t: Topology, id: string) {
  return t.edges.filter((e) => e.source === id);
}

describe('buildTopology: the seed scenario', () => {
  it('routes ingress-nginx to its two ready pods through the controller slice', () => {
    const snap = seedScenario();
    const t = buildTopology(snap);
    const svc = svcNode(t, 'ingress-nginx');
    assert.equal(svc.serviceType, 'NodePort');
    assert.equal(svc.endpointCount, 2);
    assert.equal(svc.readyCount, 2);
    assert.equal(svc.selectorless, false);
    assert.deepEqual(svc.selector, { app: 'nginx' });
    const eps = endpointsOf(t, 'ingress-nginx');
    const pods = snap.pods.filter((p) => p.meta.labels?.app === 'nginx');
    assert.deepEqual(eps.map((e) => e.address).sort(), pods.map((p) => p.podIP).sort());
    for (const ep of eps) {
      assert.equal(ep.origin, 'controller');
      assert.equal(ep.condition, 'ready');
      assert.deepEqual(ep.ports, [{ name: 'http', port: 80, protocol: 'TCP' }]);
      const pod = pods.find((p) => p.podIP === ep.address)!;
      assert.equal(ep.targetId, `pod:${pod.meta.uid}`);
      assert.equal(ep.id, `ep:${svc.uid}:${ep.address}`);
      assert.equal(ep.nodeName, pod.nodeName);
      assert.ok(ep.zone === 'zone-a' || ep.zone === 'zone-b');
      const targets = edgesFrom(t, ep.id);
      assert.deepEqual(
        targets.map((e) => [e.kind, e.target, e.condition]),
        [['targets', `pod:${pod.meta.uid}`, 'ready']],
      );
    }
    assert.equal(t.pods.length, 2);
  });

  it('shows external-web → 10.10.50.53:80 (apache) as an external node from the mirrored slice', () => {
    const snap = seedScenario({ mirrored: true });
    const t = buildTopology(snap);
    const svc = svcNode(t, 'external-web');
    assert.equal(svc.selectorless, true);
    assert.equal(svc.selector, undefined);
    const [ep, ...rest] = endpointsOf(t, 'external-web');
    assert.equal(rest.length, 0);
    assert.equal(ep!.address, '10.10.50.53');
    assert.equal(ep!.origin, 'mirrored');
    assert.deepEqual(ep!.ports, [{ name: 'apache', port: 80, protocol: 'TCP' }]);
    const mirrored = snap.endpointSlices.find((s) => s.serviceName === 'external-web')!;
    assert.deepEqual(ep!.sources, [mirrored.meta.name]);
    assert.equal(ep!.targetId, 'ext:10.10.50.53');
    assert.equal(ep!.ready, true, 'mirrored slices set only ready');
    assert.equal(ep!.serving, true, 'serving unset defers to ready');
    assert.equal(ep!.terminating, false);
    assert.deepEqual(t.externals, [
      { type: 'external', id: 'ext:10.10.50.53', address: '10.10.50.53', kind: 'ip' },
    ]);
    assert.equal(svc.health, 'healthy');
  });

  it('falls back to the legacy Endpoints when no slice exists (origin legacy-endpoints)', () => {
    const t = buildTopology(seedScenario({ mirrored: false }));
    const [ep] = endpointsOf(t, 'external-web');
    assert.equal(ep!.origin, 'legacy-endpoints');
    assert.deepEqual(ep!.sources, ['external-web']);
    assert.equal(ep!.addressType, 'IPv4');
    assert.equal(ep!.targetId, 'ext:10.10.50.53');
    assert.equal(svcNode(t, 'external-web').readyCount, 1);
  });
});

describe('buildTopology: endpoints and conditions', () => {
  it('resolves a named targetPort to each pod’s container port', () => {
    const svc = serviceRecord('shop', 'cart', {
      selector: { app: 'cart' },
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'web' }],
    });
    const pods = deploymentPods('shop', 'cart', 2, {
      labels: { app: 'cart' },
      containerPorts: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }],
    });
    const t = buildTopology(withControllers({ services: [svc], pods }));
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
    const t = buildTopology(
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
    const t = buildTopology(snapshotOf({ services: [svc], endpointSlices: [slice] }));
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
    const t = buildTopology(snap);
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
    const t = buildTopology(snapshotOf({ services: [svc], endpoints: [ep] }));
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
    const t = buildTopology(snapshotOf({ services: [svc], endpointSlices: [b, a] }));
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
    const t = buildTopology(snapshotOf({ services: [svc], endpointSlices: [slice] }));
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
    const t = buildTopology(snapshotOf({ services: [svc], endpointSlices: slice }));
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
    const t = buildTopology(snap);
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

describe('buildTopology: shape of the graph', () => {
  it('draws a pod behind two Services once, with two incoming paths', () => {
    const web = serviceRecord('shop', 'web', { selector: { app: 'shop' } });
    const canary = serviceRecord('shop', 'web-canary', {
      selector: { app: 'shop', track: 'canary' },
    });
    const stable = podRecord('shop', 'web-1', { labels: { app: 'shop', track: 'stable' } });
    const canaryPod = podRecord('shop', 'web-2', { labels: { app: 'shop', track: 'canary' } });
    const t = buildTopology(
      withControllers({ services: [web, canary], pods: [stable, canaryPod] }),
    );
    assert.equal(t.pods.length, 2);
    const podId = `pod:${canaryPod.meta.uid}`;
    const incoming = t.edges.filter((e) => e.target === podId && e.kind === 'targets');
    assert.equal(incoming.length, 2);
    const services = incoming
      .map((e) => t.endpoints.find((ep) => ep.id === e.source)!.serviceId)
      .sort();
    assert.deepEqual(services, [svcNode(t, 'web').id, svcNode(t, 'web-canary').id].sort());
  });

  it('draws an ExternalName Service as one edge to its DNS name, with no endpoints', () => {
    const svc = serviceRecord('shop', 'payments', {
      type: 'ExternalName',
      externalName: 'payments.example.net',
    });
    const t = buildTopology(snapshotOf({ services: [svc] }));
    const s = svcNode(t, 'payments');
    assert.equal(s.externalName, 'payments.example.net');
    assert.equal(s.endpointCount, 0);
    assert.deepEqual(t.externals, [
      {
        type: 'external',
        id: 'dns:payments.example.net',
        address: 'payments.example.net',
        kind: 'external-name',
      },
    ]);
    assert.deepEqual(t.edges, [
      {
        id: `${s.id}->dns:payments.example.net`,
        source: s.id,
        target: 'dns:payments.example.net',
        kind: 'external-name',
      },
    ]);
  });

  it('overlays the selector both ways: selected pods that are not endpoints, endpoints no longer selected', () => {
    const svc = serviceRecord('shop', 'cart', { selector: { app: 'cart' } });
    const good = podRecord('shop', 'cart-1', { labels: { app: 'cart' } });
    const noIp = podRecord('shop', 'cart-2', { labels: { app: 'cart' }, ready: false, ip: null });
    const relabelled = podRecord('shop', 'cart-3', { labels: { app: 'cart' } });
    const done = podRecord('shop', 'cart-job', {
      labels: { app: 'cart' },
      phase: 'Succeeded',
      ready: false,
    });
    const unrelated = podRecord('shop', 'other', { labels: { app: 'other' } });
    // The slice was written while cart-3 still matched; then someone changed its label.
    const snap = withControllers({
      services: [svc],
      pods: [good, noIp, relabelled, done, unrelated],
    });
    relabelled.meta.labels = { app: 'cart-debug' };
    const t = buildTopology(snap);
    const s = svcNode(t, 'cart');
    const overlay = t.edges.filter((e) => e.kind === 'selected-not-endpoint');
    assert.deepEqual(
      overlay.map((e) => [e.source, e.target]),
      [[s.id, `pod:${noIp.meta.uid}`]],
    );
    const notSelected = t.edges.filter((e) => e.kind === 'endpoint-not-selected');
    assert.equal(notSelected.length, 1);
    assert.equal(notSelected[0]!.target, `pod:${relabelled.meta.uid}`);
    assert.equal(
      t.edges.filter((e) => e.target === `pod:${relabelled.meta.uid}`).length,
      1,
      'replaces the targets edge',
    );
    assert.deepEqual(
      t.pods.map((p) => p.name),
      ['cart-1', 'cart-2', 'cart-3'],
      'no terminal or unrelated pods',
    );
    assert.equal(new Set(t.edges.map((e) => e.id)).size, t.edges.length, 'edge ids are unique');
  });

  it('is deterministic: shuffled input gives the same output', () => {
    const snap = seedScenario();
    const more = withControllers({
      services: [
        serviceRecord('b', 'zeta', { selector: { app: 'z' } }),
        serviceRecord('a', 'alpha', { selector: { app: 'a' } }),
        serviceRecord('a', 'beta', { type: 'ExternalName', externalName: 'beta.example.org' }),
      ],
      pods: [
        ...deploymentPods('b', 'zeta', 7, { labels: { app: 'z' } }),
        ...deploymentPods('a', 'alpha', 250, { labels: { app: 'a' } }),
      ],
    });
    const all = {
      namespaces: [...snap.namespaces, ...more.namespaces],
      nodes: snap.nodes,
      services: [...snap.services, ...more.services],
      endpointSlices: [...snap.endpointSlices, ...more.endpointSlices],
      endpoints: [...snap.endpoints, ...more.endpoints],
      pods: [...snap.pods, ...more.pods],
    };
    const expected = JSON.stringify(buildTopology(all));
    for (const seed of [1, 2, 3])
      assert.equal(JSON.stringify(buildTopology(shuffledSnapshot(all, seed))), expected);
    const t = buildTopology(all);
    assert.deepEqual(
      t.services.map((s) => `${s.namespace}/${s.name}`),
      ['a/alpha', 'a/beta', 'b/zeta', 'default/external-web', 'default/ingress-nginx'],
    );
  });

  it('keeps ids stable when the cluster changes around them', () => {
    const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
    const pods = deploymentPods('shop', 'web', 2, { labels: { app: 'web' } });
    const before = buildTopology(withControllers({ services: [svc], pods }));
    const extra = podRecord('shop', 'web-new', { labels: { app: 'web' } });
    const after = buildTopology(withControllers({ services: [svc], pods: [...pods, extra] }));
    const afterIds = new Set(
      [...after.endpoints, ...after.pods, ...after.services].map((n) => n.id),
    );
    for (const n of [...before.endpoints, ...before.pods, ...before.services])
      assert.ok(afterIds.has(n.id), n.id);
    assert.equal(after.endpoints.length, 3);
  });

  it('uses slices, not the legacy Endpoints, when both exist', () => {
    const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
    const pods = deploymentPods('shop', 'web', 2, { labels: { app: 'web' } });
    const endpoints = [controllerEndpoints(svc, pods)];
    endpoints[0]!.subsets[0]!.addresses.push({ ip: '10.1.1.1' });
    const t = buildTopology(
      snapshotOf({ services: [svc], pods, endpoints, endpointSlices: controllerSlices(svc, pods) }),
    );
    assert.equal(endpointsOf(t, 'web').length, 2);
  });

  it('mirrors what the mirroring controller produced for a manual Endpoints', () => {
    const svc = serviceRecord('db', 'mysql', {
      ports: [{ name: 'mysql', protocol: 'TCP', port: 3306 }],
    });
    const ep = manualEndpoints('db', 'mysql', [
      { addresses: ['192.0.2.20', '192.0.2.21'], ports: [{ name: 'mysql', port: 3306 }] },
    ]);
    const t = buildTopology(
      snapshotOf({ services: [svc], endpoints: [ep], endpointSlices: mirroredSlices(ep) }),
    );
    assert.deepEqual(
      endpointsOf(t, 'mysql').map((e) => [e.address, e.origin]),
      [
        ['192.0.2.20', 'mirrored'],
        ['192.0.2.21', 'mirrored'],
      ],
    );
  });
});
