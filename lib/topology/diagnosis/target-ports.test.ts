import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentPods, podRecord, serviceRecord } from '../testing/objects';
import { withControllers } from '../testing/snapshots';
import { diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

describe('diagnosis: target ports', () => {
  it('target-port-not-served: named port nobody declares is an error; numeric port a warning or info', () => {
    const f = FIXTURES['target-port-not-served']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    const r = reason(d, 'target-port-not-served');
    assert.equal(r.severity, 'error');
    assert.equal(d.health, 'broken');
    assert.match(r.summary, /named port "http", which none of the 2 matched pods declares/);
    assert.ok(r.evidence.some((e) => e.kind === 'Pod' && e.value === 'web:8080/TCP'));

    const numeric = serviceRecord('shop', 'n', {
      selector: { app: 'n' },
      ports: [{ protocol: 'TCP', port: 80, targetPort: 8080 }],
    });
    const pods = deploymentPods('shop', 'n', 1, {
      labels: { app: 'n' },
      containerPorts: [{ containerPort: 80, protocol: 'TCP' }],
    });
    const dn = diagnose(withControllers({ services: [numeric], pods }), 'shop', 'n');
    assert.equal(reason(dn, 'target-port-not-served').severity, 'warning');
    assert.equal(dn.health, 'warning');

    const undeclared = deploymentPods('shop', 'n', 1, { labels: { app: 'n' }, containerPorts: [] });
    const du = diagnose(withControllers({ services: [numeric], pods: undeclared }), 'shop', 'n');
    assert.equal(reason(du, 'target-port-not-served').severity, 'info');
    assert.equal(du.health, 'healthy');

    const partial = [
      ...deploymentPods('shop', 'checkout', 1, {
        labels: { app: 'checkout' },
        containerPorts: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      }),
      podRecord('shop', 'checkout-old', {
        labels: { app: 'checkout' },
        containerPorts: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }],
      }),
    ];
    const svc = f.snapshot.services[0]!;
    const dp = diagnose(withControllers({ services: [svc], pods: partial }), 'shop', 'checkout');
    assert.equal(reason(dp, 'target-port-not-served').severity, 'warning');
  });
});
