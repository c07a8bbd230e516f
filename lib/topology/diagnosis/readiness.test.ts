import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentPods, podRecord, serviceRecord } from '../testing/objects';
import { withControllers } from '../testing/snapshots';
import type { PodRecord } from '../records';
import { logsPodCmd } from './readiness';
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
    // The first pod's log, where it has one: a crash loop's last run.
    assert.ok(r.commands.includes('kubectl logs -n shop orders-crash -c orders --previous'));
  });

  it('the log command asks for the run that can say why, and none where there is no log', () => {
    const pod = (containers: PodRecord['containers']) =>
      podRecord('shop', 'web-1', { ready: false, containers });
    const base = { ready: false, restartCount: 0 } as const;
    assert.equal(
      logsPodCmd(
        pod([
          { ...base, name: 'app', state: 'waiting', reason: 'CrashLoopBackOff', restartCount: 4 },
        ]),
      ),
      'kubectl logs -n shop web-1 -c app --previous',
    );
    assert.equal(
      logsPodCmd(pod([{ ...base, name: 'app', state: 'running' }])),
      'kubectl logs -n shop web-1 -c app --tail=100',
    );
    assert.equal(
      logsPodCmd(pod([{ ...base, name: 'job', state: 'terminated', reason: 'Error' }])),
      'kubectl logs -n shop web-1 -c job',
    );
    // Never ran: no log to read (describe says why).
    assert.equal(
      logsPodCmd(pod([{ ...base, name: 'app', state: 'waiting', reason: 'ImagePullBackOff' }])),
      undefined,
    );
    // The sidecar runs ready; the one that crashes is named.
    assert.equal(
      logsPodCmd(
        pod([
          { ...base, name: 'sidecar', ready: true, state: 'running' },
          { ...base, name: 'app', state: 'waiting', reason: 'CrashLoopBackOff', restartCount: 1 },
        ]),
      ),
      'kubectl logs -n shop web-1 -c app --previous',
    );
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
