import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertWellFormed, codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';

describe('pods-pending-unschedulable', () => {
  it("carries the scheduler's message and explains the pods that are not ready", () => {
    const f = FIXTURES['pods-pending-unschedulable']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assertWellFormed(d);
    assert.deepEqual(codes(d), ['pods-pending-unschedulable', 'no-endpoints', 'pods-not-ready']);
    const r = reason(d, 'pods-pending-unschedulable');
    assert.equal(r.severity, 'error');
    assert.match(
      r.summary,
      /^2 pods of 2 matched are Pending: the scheduler cannot place them \(0\/2 nodes are available: 2 node\(s\) didn't match Pod's node affinity\/selector\./,
    );
    assert.equal(reason(d, 'pods-not-ready').causedBy, 'pods-pending-unschedulable');
  });

  it('does not explain pods-not-ready when other pods are unready for other reasons', () => {
    const f = FIXTURES['pods-not-ready']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assert.equal(reason(d, 'pods-pending-unschedulable').severity, 'warning');
    assert.equal(reason(d, 'pods-not-ready').causedBy, undefined);
  });
});
