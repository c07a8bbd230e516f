import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentPods, serviceRecord } from '../testing/objects';
import { withControllers } from '../testing/snapshots';
import { deploymentRecord, replicaSetRecord } from '../testing/workloads';
import { assertWellFormed, codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

describe('workload-missing', () => {
  it('a Deployment whose template labels changed: its old ReplicaSet matched, its new pods do not', () => {
    const f = FIXTURES['workload-missing']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assertWellFormed(d);
    assert.deepEqual(codes(d), ['workload-missing', 'no-endpoints', 'selector-matches-no-pods']);
    const r = reason(d, 'workload-missing');
    assert.equal(r.severity, 'error');
    assert.equal(
      r.summary,
      'Deployment ledger no longer makes pods the selector app=ledger matches: its ReplicaSet ledger-aa11bb22 (revision 1) had app=ledger, its current template has app=ledger-v2 (revision 2).',
    );
  });

  it('pods whose ReplicaSet no longer exists (a deleted Deployment, pods going away)', () => {
    const svc = serviceRecord('default', 'api', { selector: { app: 'api' } });
    const pods = deploymentPods('default', 'api', 2, { labels: { app: 'api' }, terminating: true });
    // Some other workload exists, so the workload kinds are known to be watched.
    const other = deploymentRecord('default', 'worker');
    const d = diagnose(
      withControllers({
        services: [svc],
        pods,
        deployments: [other],
        replicaSets: [replicaSetRecord(other)],
      }),
      'default',
      'api',
    );
    const r = reason(d, 'workload-missing');
    assert.match(
      r.summary,
      /^The 2 pods the selector app=api matches belong to ReplicaSet api-\w+, which no longer exists/,
    );
    assert.equal(d.reasons[0]?.code, 'workload-missing');
    assert.equal(reason(d, 'pods-terminating').causedBy, 'workload-missing');
  });

  it('says nothing when the snapshot holds no workload at all (not watched, or forbidden)', () => {
    const svc = serviceRecord('default', 'api', { selector: { app: 'api' } });
    const pods = deploymentPods('default', 'api', 2, { labels: { app: 'api' } });
    const d = diagnose(withControllers({ services: [svc], pods }), 'default', 'api');
    assert.deepEqual(codes(d), ['healthy']);
  });
});
