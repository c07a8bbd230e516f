import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertWellFormed, codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';
import { stuckRolloutCluster } from './testing/workload-fixtures';

describe('rollout-stuck', () => {
  it('names the new ReplicaSet and its revision; every unready pod is its, so pods-not-ready sits under it', () => {
    const d = diagnose(stuckRolloutCluster(), 'store', 'cart');
    assertWellFormed(d);
    assert.deepEqual(codes(d), ['rollout-stuck', 'pods-not-ready']);
    const r = reason(d, 'rollout-stuck');
    assert.equal(r.severity, 'warning');
    assert.match(
      r.summary,
      /^The rollout of Deployment cart to revision 2 \(ReplicaSet cart-5f7d8c9d, ghcr\.io\/acme-shop\/cart:1\.10\.0-rc\.1\) is stuck: 2 new pods of 2 are not ready \(cart-5f7d8c9d-\w+: readiness probe failing/,
    );
    assert.match(
      r.summary,
      /while 3 pods of the old ReplicaSet cart-\w+ \(revision 1\) still serve\.$/,
    );
    assert.match(r.detail ?? '', /kubectl set image deployment\/cart/);
    assert.ok(r.commands.includes('kubectl rollout status deployment/cart -n store --watch=false'));
    assert.equal(r.pods?.length, 2);
    assert.equal(reason(d, 'pods-not-ready').causedBy, 'rollout-stuck');
  });

  it('says ProgressDeadlineExceeded when the Deployment reports it', () => {
    const d = diagnose(stuckRolloutCluster({ deadline: true }), 'store', 'cart');
    const r = reason(d, 'rollout-stuck');
    assert.match(
      r.summary,
      /ProgressDeadlineExceeded: ReplicaSet "cart-5f7d8c9d" has timed out progressing\.$/,
    );
    assert.deepEqual(r.evidence[0]?.value, 'False (ProgressDeadlineExceeded)');
  });

  it('is an error once no old pod serves either', () => {
    const d = diagnose(stuckRolloutCluster({ deadline: true, oldReady: 0 }), 'store', 'cart');
    assert.equal(d.reasons[0]?.code, 'rollout-stuck');
    assert.equal(d.reasons[0]?.severity, 'error');
  });
});

describe('rollout-in-progress', () => {
  it('is info, and the new pod still starting is its doing, not a separate problem', () => {
    const f = FIXTURES['rollout-in-progress']();
    const d = diagnose(f.snapshot, f.ns, f.name);
    assertWellFormed(d);
    assert.deepEqual(codes(d), ['rollout-in-progress', 'pods-not-ready']);
    const r = reason(d, 'rollout-in-progress');
    assert.equal(r.severity, 'info');
    assert.equal(
      r.summary,
      'Deployment catalog is rolling out ReplicaSet catalog-7c8d9f (revision 3): 3 of 4 pods updated, 4 ready.',
    );
    assert.equal(reason(d, 'pods-not-ready').causedBy, 'rollout-in-progress');
  });
});
