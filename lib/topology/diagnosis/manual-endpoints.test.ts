import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualSlice } from '../testing/endpoints';
import { deploymentPods, serviceRecord } from '../testing/objects';
import { withControllers } from '../testing/snapshots';
import { codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

describe('diagnosis: hand-made endpoints next to a selector', () => {
  it('manual-endpoints-with-selector: a hand-written Endpoints and a foreign slice', () => {
    const f = FIXTURES['manual-endpoints-with-selector']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    const r = reason(d, 'manual-endpoints-with-selector');
    assert.equal(r.severity, 'warning');
    assert.match(r.summary, /will be overwritten/);
    assert.ok(!codes(d).includes('endpoints-slices-disagree'), 'not reported twice');

    const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
    const pods = deploymentPods('shop', 'web', 1, { labels: { app: 'web' } });
    const snap = withControllers({ services: [svc], pods });
    snap.endpointSlices.push(
      manualSlice('shop', 'web-extra', 'web', {
        managedBy: 'switchboard.dev',
        endpoints: [{ addresses: ['192.0.2.5'] }],
      }),
    );
    const r2 = reason(diagnose(snap, 'shop', 'web'), 'manual-endpoints-with-selector');
    assert.match(r2.summary, /web-extra/);
    // a controller-written Endpoints (pre-1.33: no managed-by label, but Pod targetRefs) is not manual
    const plain = withControllers({ services: [svc], pods });
    delete plain.endpoints[0]!.meta.labels!['endpoints.kubernetes.io/managed-by'];
    assert.deepEqual(codes(diagnose(plain, 'shop', 'web')), ['healthy']);
  });
});
