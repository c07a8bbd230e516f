import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assembleTopology, buildGraphModel, serviceFragment } from './build';
import { buildTopology } from './index';
import { emptySnapshot } from './records';
import { indexSnapshot } from './snapshot-index';
import {
  controllerEndpoints,
  controllerSlices,
  manualEndpoints,
  mirroredSlices,
} from './testing/endpoints';
import { deploymentPods, podRecord, serviceRecord } from './testing/objects';
import { edgesFrom, endpointsOf, svcNode } from './testing/queries';
import { seedScenario, shuffledSnapshot, snapshotOf, withControllers } from './testing/snapshots';

describe('buildGraphModel: the seed scenario', () => {
  it('routes ingress-nginx to its two ready pods through the controller slice', () => {
    const snap = seedScenario();
    const t = buildGraphModel(snap);
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
    const t = buildGraphModel(snap);
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
    assert.equal(svc.health, 'unknown', 'the build leaves health to the diagnosis');
    assert.equal(svcNode(buildTopology(snap), 'external-web').health, 'healthy');
  });

  it('falls back to the legacy Endpoints when no slice exists (origin legacy-endpoints)', () => {
    const t = buildGraphModel(seedScenario({ mirrored: false }));
    const [ep] = endpointsOf(t, 'external-web');
    assert.equal(ep!.origin, 'legacy-endpoints');
    assert.deepEqual(ep!.sources, ['external-web']);
    assert.equal(ep!.addressType, 'IPv4');
    assert.equal(ep!.targetId, 'ext:10.10.50.53');
    assert.equal(svcNode(t, 'external-web').readyCount, 1);
  });
});

describe('buildGraphModel: shape of the graph', () => {
  it('draws a pod behind two Services once, with two incoming paths', () => {
    const web = serviceRecord('shop', 'web', { selector: { app: 'shop' } });
    const canary = serviceRecord('shop', 'web-canary', {
      selector: { app: 'shop', track: 'canary' },
    });
    const stable = podRecord('shop', 'web-1', { labels: { app: 'shop', track: 'stable' } });
    const canaryPod = podRecord('shop', 'web-2', { labels: { app: 'shop', track: 'canary' } });
    const t = buildGraphModel(
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
    const t = buildGraphModel(snapshotOf({ services: [svc] }));
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
    const t = buildGraphModel(snap);
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
      ...emptySnapshot(),
      namespaces: [...snap.namespaces, ...more.namespaces],
      nodes: snap.nodes,
      services: [...snap.services, ...more.services],
      endpointSlices: [...snap.endpointSlices, ...more.endpointSlices],
      endpoints: [...snap.endpoints, ...more.endpoints],
      pods: [...snap.pods, ...more.pods],
    };
    // The whole map, health included: the diagnosis must not depend on array order either.
    const expected = JSON.stringify(buildTopology(all));
    for (const seed of [1, 2, 3])
      assert.equal(JSON.stringify(buildTopology(shuffledSnapshot(all, seed))), expected);
    const t = buildGraphModel(all);
    assert.deepEqual(
      t.services.map((s) => `${s.namespace}/${s.name}`),
      ['a/alpha', 'a/beta', 'b/zeta', 'default/external-web', 'default/ingress-nginx'],
    );
  });

  it('keeps ids stable when the cluster changes around them', () => {
    const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
    const pods = deploymentPods('shop', 'web', 2, { labels: { app: 'web' } });
    const before = buildGraphModel(withControllers({ services: [svc], pods }));
    const extra = podRecord('shop', 'web-new', { labels: { app: 'web' } });
    const after = buildGraphModel(withControllers({ services: [svc], pods: [...pods, extra] }));
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
    const t = buildGraphModel(
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
    const t = buildGraphModel(
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

describe('assembleTopology', () => {
  it('joins the fragments of many thousands of Services in order', () => {
    // More Services than one `concat` call takes lists at a time.
    const services = Array.from({ length: 9000 }, (_, i) =>
      serviceRecord('big', `svc-${i}`, { selector: { app: `none-${i}` } }),
    );
    const snapshot = snapshotOf({ services });
    const index = indexSnapshot(snapshot);
    const fragments = index.services.map((svc) => {
      const fragment = serviceFragment(index, svc);
      const edge = { id: `${fragment.node.id}->x`, source: fragment.node.id, target: 'x' };
      return { ...fragment, edges: [{ ...edge, kind: 'routes' as const }] };
    });
    const topology = assembleTopology(index, fragments);
    assert.equal(topology.edges.length, 9000);
    assert.deepEqual(
      topology.edges.map((e) => e.source),
      fragments.map((f) => f.node.id),
    );
    assert.deepEqual(
      topology.services,
      fragments.map((f) => f.node),
    );
  });
});
