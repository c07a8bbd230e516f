import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentPods, podRecord, serviceRecord } from '../testing/objects';
import { withControllers } from '../testing/snapshots';
import { codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

describe('diagnosis: readiness', () => {
  it('pods-not-ready gives the why per pod and is a warning while something is ready', () => {
    const f = FIXTURES['pods-not-ready']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assert.equal(d.health, 'warning');
    const r = reason(d, 'pods-not-ready');
    assert.equal(r.severity, 'warning');
    const why = new Map(r.pods!.map((p) => [p.name, p.why]));
    assert.match(
      why.get('orders-crash')!,
      /crash-looping \(CrashLoopBackOff: back-off 5m0s.*\), 7 restarts/,
    );
    assert.match(
      why.get('orders-pending')!,
      /not scheduled \(Unschedulable: 0\/2 nodes are available: 2 Insufficient cpu\.\)/,
    );
    assert.ok(r.commands.includes('kubectl describe pod -n shop orders-crash'));
  });

  it('pods-terminating is an error when nothing else is ready, info during a rollout', () => {
    const f = FIXTURES['pods-terminating']();
    const all = diagnose(f.snapshot, f.ns, f.name);
    assert.equal(reason(all, 'pods-terminating').severity, 'error');
    assert.equal(all.health, 'broken');
    // Every endpoint terminating is why none is ready: no-ready-endpoints sits under it.
    assert.deepEqual(codes(all).slice(0, 2), ['pods-terminating', 'no-ready-endpoints']);
    assert.equal(reason(all, 'no-ready-endpoints').causedBy, 'pods-terminating');

    const svc = serviceRecord('shop', 'search', { selector: { app: 'search' } });
    const pods = [
      ...deploymentPods('shop', 'search', 2, { labels: { app: 'search' } }),
      podRecord('shop', 'search-old', { labels: { app: 'search' }, terminating: true }),
    ];
    const rolling = diagnose(withControllers({ services: [svc], pods }), 'shop', 'search');
    assert.equal(rolling.health, 'healthy');
    assert.equal(reason(rolling, 'pods-terminating').severity, 'info');
    assert.deepEqual(codes(rolling), ['pods-terminating', 'healthy']);
  });
});
