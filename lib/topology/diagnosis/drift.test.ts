import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentPods, podRecord, serviceRecord } from '../testing/objects';
import { withControllers } from '../testing/snapshots';
import { codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

describe('diagnosis: v1 Endpoints against the slices', () => {
  it('endpoints-slices-disagree lists the address only in the slices', () => {
    const f = FIXTURES['endpoints-slices-disagree']();
    const r = reason(diagnose(f.snapshot, f.ns, f.name), 'endpoints-slices-disagree');
    assert.equal(r.severity, 'warning');
    assert.match(r.summary, /1 address only in EndpointSlices/);
  });

  it('endpoints-slices-disagree ignores terminating pods the Endpoints controller leaves out', () => {
    const svc = serviceRecord('shop', 'web', { selector: { app: 'web' } });
    const pods = [
      ...deploymentPods('shop', 'web', 2, { labels: { app: 'web' } }),
      podRecord('shop', 'web-old', { labels: { app: 'web' }, terminating: true }),
    ];
    assert.ok(
      !codes(diagnose(withControllers({ services: [svc], pods }), 'shop', 'web')).includes(
        'endpoints-slices-disagree',
      ),
    );
  });
});
