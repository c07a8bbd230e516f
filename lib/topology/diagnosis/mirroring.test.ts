import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualEndpoints, manualSlice, mirroredSlices } from '../testing/endpoints';
import { serviceRecord } from '../testing/objects';
import { snapshotOf } from '../testing/snapshots';
import { codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

describe('diagnosis: mirroring', () => {
  it('mirroring-refused: skip-mirror label, and too many addresses in one subset', () => {
    const f = FIXTURES['mirroring-refused']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    const r = reason(d, 'mirroring-refused');
    assert.equal(r.severity, 'error');
    assert.match(r.summary, /skip-mirror=true/);
    assert.match(r.summary, /kube-proxy reads only EndpointSlices/);

    const svc = serviceRecord('legacy', 'farm', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const ips = Array.from(
      { length: 1100 },
      (_, i) => `192.0.${2 + Math.floor(i / 250)}.${(i % 250) + 1}`,
    );
    const ep = manualEndpoints('legacy', 'farm', [
      { addresses: ips, ports: [{ name: 'http', port: 80 }] },
    ]);
    const r2 = reason(
      diagnose(
        snapshotOf({ services: [svc], endpoints: [ep], endpointSlices: mirroredSlices(ep) }),
        'legacy',
        'farm',
      ),
      'mirroring-refused',
    );
    assert.equal(r2.severity, 'warning');
    assert.match(r2.summary, /100 addresses .* not mirrored.*1100 addresses and at most 1000/);
  });

  it('mirroring-refused: an address the mirroring controller skipped as not a valid IP', () => {
    // Leading zeros were accepted by old apiservers; objects from then survive upgrades.
    const svc = serviceRecord('legacy', 'old', {
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
    const subset = { ports: [{ name: 'http', port: 80 }] };
    const ep = manualEndpoints('legacy', 'old', [
      { ...subset, addresses: ['10.10.50.53', '010.10.50.54'] },
    ]);
    const mirrored = mirroredSlices(
      manualEndpoints('legacy', 'old', [{ ...subset, addresses: ['10.10.50.53'] }]),
    );
    const d = diagnose(
      snapshotOf({ services: [svc], endpoints: [ep], endpointSlices: mirrored }),
      'legacy',
      'old',
    );
    const r = reason(d, 'mirroring-refused');
    assert.equal(r.severity, 'warning');
    assert.match(r.summary, /1 address is not a valid IP \(010\.10\.50\.54\)/);
    assert.match(r.detail!, /010\.10\.50\.54/);
  });

  it('the apiserver’s own default/kubernetes (skip-mirror, its own slice) is healthy', () => {
    const svc = serviceRecord('default', 'kubernetes', {
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }],
    });
    const ep = manualEndpoints(
      'default',
      'kubernetes',
      [{ addresses: ['192.168.49.2'], ports: [{ name: 'https', port: 6443 }] }],
      {
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
    );
    const slice = manualSlice('default', 'kubernetes', 'kubernetes', {
      ports: [{ name: 'https', port: 6443 }],
      endpoints: [{ addresses: ['192.168.49.2'] }],
    });
    assert.deepEqual(
      codes(
        diagnose(
          snapshotOf({ services: [svc], endpoints: [ep], endpointSlices: [slice] }),
          'default',
          'kubernetes',
        ),
      ),
      ['healthy'],
    );
  });
});
