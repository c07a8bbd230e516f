import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceRecord } from '../testing/objects';
import { withControllers } from '../testing/snapshots';
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
