import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualEndpoints, manualSlice, mirroredSlices } from '../testing/endpoints';
import { deploymentPods, serviceRecord } from '../testing/objects';
import { snapshotOf, withControllers } from '../testing/snapshots';
import { codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

describe('diagnosis: endpoint counts', () => {
  it('no-endpoints names the empty slice and explains the pods (no IP yet)', () => {
    const f = FIXTURES['no-endpoints']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assert.equal(d.health, 'broken');
    assert.deepEqual(codes(d).slice(0, 2), ['no-endpoints', 'pods-not-ready']);
    const r = reason(d, 'no-endpoints');
    assert.ok(r.evidence.some((e) => e.kind === 'EndpointSlice' && e.value === '[]'));
    assert.ok(
      r.commands.includes(
        'kubectl get endpointslices -n shop -l kubernetes.io/service-name=cart -o wide',
      ),
    );
    const notReady = reason(d, 'pods-not-ready');
    assert.equal(notReady.severity, 'error');
    assert.match(notReady.pods![0]!.why, /waiting \(ContainerCreating\)/);
  });

  it('no pods at all: no endpoints, caused by a selector that matches no pods (no near misses)', () => {
    const svc = serviceRecord('default', 'ingress-nginx', { selector: { app: 'nginx' } });
    const d = diagnose(withControllers({ services: [svc], pods: [] }), 'default', 'ingress-nginx');
    // Root cause first: the symptom sits under the reason that explains it.
    assert.deepEqual(codes(d), ['selector-matches-no-pods', 'no-endpoints']);
    assert.equal(reason(d, 'no-endpoints').causedBy, 'selector-matches-no-pods');
    assert.equal(reason(d, 'selector-matches-no-pods').nearMisses, undefined);
  });

  it('no-ready-endpoints: failing readiness probe is the why', () => {
    const f = FIXTURES['no-ready-endpoints']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assert.deepEqual(codes(d), ['pods-not-ready', 'no-ready-endpoints']);
    assert.equal(reason(d, 'no-ready-endpoints').causedBy, 'pods-not-ready');
    assert.match(
      reason(d, 'pods-not-ready').pods![0]!.why,
      /readiness probe failing on container api/,
    );
    assert.equal(reason(d, 'no-ready-endpoints').evidence.length, 2);
  });

  it('selectorless-no-endpoints explains how to add endpoints', () => {
    const f = FIXTURES['selectorless-no-endpoints']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assert.deepEqual(codes(d), ['selectorless-no-endpoints']);
    assert.match(
      reason(d, 'selectorless-no-endpoints').detail!,
      /kubernetes\.io\/service-name=external-web/,
    );
  });
});

describe('diagnosis: some endpoints not ready', () => {
  it('a selector-less Service with one of two hand-listed endpoints not ready is degraded, not healthy', () => {
    const f = FIXTURES['some-endpoints-not-ready']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assert.equal(d.health, 'warning');
    assert.deepEqual(codes(d), ['some-endpoints-not-ready']);
    const r = reason(d, 'some-endpoints-not-ready');
    assert.equal(r.severity, 'warning');
    assert.equal(
      r.summary,
      '1 of 2 endpoints is not ready (192.0.2.21): traffic goes only to the 1 ready one.',
    );
    assert.deepEqual(
      r.evidence.map((e) => [e.kind, e.field, e.value]),
      [
        [
          'EndpointSlice',
          'endpoints[192.0.2.21].conditions',
          'ready=false, serving=false, terminating=false',
        ],
      ],
    );
    assert.match(r.detail ?? '', /notReadyAddresses/);
    assert.ok(r.commands.includes('kubectl get endpoints -n legacy mainframe-bridge -o yaml'));
  });

  it('legacy v1 Endpoints alone: the evidence is its notReadyAddresses', () => {
    const svc = serviceRecord('payments', 'fraud-scoring', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const ep = manualEndpoints('payments', 'fraud-scoring', [
      { addresses: ['192.0.2.30'], notReadyAddresses: ['192.0.2.31'], ports: [{ port: 80 }] },
    ]);
    const d = diagnose(
      snapshotOf({ services: [svc], endpoints: [ep] }),
      'payments',
      'fraud-scoring',
    );
    const r = reason(d, 'some-endpoints-not-ready');
    assert.deepEqual(r.evidence[0], {
      kind: 'Endpoints',
      namespace: 'payments',
      name: 'fraud-scoring',
      field: 'subsets[].notReadyAddresses[]',
      value: '192.0.2.31',
    });
  });

  it('with a selector, a matched pod not ready is pods-not-ready only (not said twice)', () => {
    const svc = serviceRecord('shop', 'api', { selector: { app: 'api' } });
    const pods = [
      ...deploymentPods('shop', 'api', 2, { labels: { app: 'api' } }),
      ...deploymentPods('shop', 'api-b', 1, {
        labels: { app: 'api' },
        ready: false,
        containers: [{ name: 'api', ready: false, restartCount: 0, state: 'running' }],
      }),
    ];
    const d = diagnose(withControllers({ services: [svc], pods }), 'shop', 'api');
    assert.equal(d.health, 'warning');
    assert.deepEqual(codes(d), ['pods-not-ready']);
  });

  it('with a selector, a hand-made endpoint not ready is still named', () => {
    const svc = serviceRecord('shop', 'api', { selector: { app: 'api' } });
    const pods = deploymentPods('shop', 'api', 2, { labels: { app: 'api' } });
    const snapshot = withControllers({ services: [svc], pods });
    snapshot.endpointSlices.push(
      manualSlice('shop', 'api-extra', 'api', {
        endpoints: [{ addresses: ['192.0.2.40'], ready: false }],
      }),
    );
    const d = diagnose(snapshot, 'shop', 'api');
    assert.ok(codes(d).includes('some-endpoints-not-ready'));
    assert.match(
      reason(d, 'some-endpoints-not-ready').summary,
      /^1 of 3 endpoints is not ready \(192\.0\.2\.40\)/,
    );
  });

  it('none ready stays no-ready-endpoints alone', () => {
    const svc = serviceRecord('legacy', 'bridge', { ports: [{ protocol: 'TCP', port: 23 }] });
    const ep = manualEndpoints('legacy', 'bridge', [
      { notReadyAddresses: ['192.0.2.50', '192.0.2.51'], ports: [{ port: 23 }] },
    ]);
    const snapshot = snapshotOf({
      services: [svc],
      endpoints: [ep],
      endpointSlices: mirroredSlices(ep),
    });
    const d = diagnose(snapshot, 'legacy', 'bridge');
    assert.deepEqual(codes(d), ['no-ready-endpoints']);
  });
});
