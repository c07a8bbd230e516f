import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertWellFormed, codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';
import { firstRolloutStuckCluster, stuckRolloutCluster } from './testing/workload-fixtures';

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

describe('rollout-stuck with nothing to roll back to', () => {
  it('a first rollout past its deadline: says so, points at the pods, offers no undo', () => {
    const d = diagnose(firstRolloutStuckCluster(), 'legacy', 'report-builder');
    assertWellFormed(d);
    const r = reason(d, 'rollout-stuck');
    assert.equal(r.severity, 'error');
    assert.match(
      r.summary,
      /^The first rollout of Deployment report-builder \(revision 1, ReplicaSet report-builder-6d5f\b/,
    );
    assert.match(r.detail ?? '', /no earlier revision to roll back to/);
    assert.match(r.detail ?? '', /report-builder-\S+: container main is crash-looping/);
    assert.equal(r.fix, undefined, 'kubectl would refuse: no rollout history found');
  });

  it('older ReplicaSets gone (revisionHistoryLimit): no undo either', () => {
    const snapshot = stuckRolloutCluster({ deadline: true, oldReady: 0 });
    snapshot.replicaSets = snapshot.replicaSets.filter((rs) => rs.revision !== '1');
    snapshot.pods = snapshot.pods.filter(
      (p) =>
        !p.meta.name.startsWith('cart-') || p.meta.labels?.['pod-template-hash'] === '5f7d8c9d',
    );
    const r = reason(diagnose(snapshot, 'store', 'cart'), 'rollout-stuck');
    assert.equal(r.fix, undefined);
    assert.match(r.detail ?? '', /No ReplicaSet of an earlier revision is left to roll back to/);
  });

  it('an earlier ReplicaSet scaled to zero is still somewhere to go back to', () => {
    const snapshot = stuckRolloutCluster({ deadline: true, oldReady: 0 });
    for (const rs of snapshot.replicaSets) if (rs.revision === '1') rs.replicas = 0;
    snapshot.pods = snapshot.pods.filter(
      (p) => p.meta.labels?.['pod-template-hash'] === '5f7d8c9d',
    );
    const r = reason(diagnose(snapshot, 'store', 'cart'), 'rollout-stuck');
    assert.equal(r.fix?.command, 'kubectl rollout undo deployment/cart -n store --to-revision=1');
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
