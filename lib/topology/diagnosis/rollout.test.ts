import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertWellFormed, codes, diagnose, reason } from './testing/assertions';
import { FIXTURES } from './testing/reason-fixtures';
import { podRecord } from '../testing/objects';
import { recreateRollout, recreateUndo } from './testing/recreate-fixtures';
import {
  firstRolloutStuckCluster,
  replacingRolloutCluster,
  stuckRolloutCluster,
} from './testing/workload-fixtures';

describe('rollout-stuck', () => {
  it('past its deadline: names the new ReplicaSet and its revision; every unready pod is its, so pods-not-ready sits under it', () => {
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
      /while 3 pods of the old ReplicaSet cart-\w+ \(revision 1\) still serve\. The Deployment reports ProgressDeadlineExceeded/,
    );
    assert.match(r.detail ?? '', /kubectl set image deployment\/cart/);
    assert.ok(r.commands.includes('kubectl rollout status deployment/cart -n store --watch=false'));
    assert.equal(r.pods?.length, 2);
    assert.equal(reason(d, 'pods-not-ready').causedBy, 'rollout-stuck');
  });

  it('new pods that cannot pull their image, within the deadline, while old pods serve: stuck already', () => {
    const snapshot = stuckRolloutCluster({ deadline: false });
    for (const p of snapshot.pods.filter((p) => p.meta.name.startsWith('cart-5f7d8c9d-'))) {
      p.phase = 'Pending';
      p.containers = [
        {
          name: 'cart',
          ready: false,
          restartCount: 0,
          state: 'waiting',
          reason: 'ImagePullBackOff',
          message: 'Back-off pulling image',
        },
      ];
    }
    const d = diagnose(snapshot, 'store', 'cart');
    assertWellFormed(d);
    const r = reason(d, 'rollout-stuck');
    assert.match(r.summary, /is stuck: 2 new pods of 2 are not ready \(.*ImagePullBackOff/);
    assert.doesNotMatch(r.summary, /ProgressDeadlineExceeded/);
    assert.equal(r.fix?.command, 'kubectl rollout undo deployment/cart -n store --to-revision=1');
  });

  it('a new pod Failed is stuck; one Pending while scheduling is in progress', () => {
    const failed = stuckRolloutCluster({ deadline: false });
    const newPods = (s: typeof failed) =>
      s.pods.filter((p) => p.meta.name.startsWith('cart-5f7d8c9d-'));
    newPods(failed)[0]!.phase = 'Failed';
    assert.equal(diagnose(failed, 'store', 'cart').reasons[0]?.code, 'rollout-stuck');
    const pending = stuckRolloutCluster({ deadline: false });
    for (const p of newPods(pending)) {
      p.phase = 'Pending';
      p.scheduled = false;
      p.containers = [];
    }
    assert.equal(diagnose(pending, 'store', 'cart').reasons[0]?.code, 'rollout-in-progress');
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
  it('new pods whose readiness probe has not passed yet, within the deadline: in progress, no rollback', () => {
    // maxUnavailable 2, maxSurge 0 of 4 replicas, `kubectl set image` a moment ago: the new pods
    // run, their readiness probes not yet passed; the Deployment still says ReplicaSetUpdated.
    const d = diagnose(stuckRolloutCluster({ deadline: false }), 'store', 'cart');
    assertWellFormed(d);
    assert.deepEqual(codes(d), ['rollout-in-progress', 'pods-not-ready']);
    const r = reason(d, 'rollout-in-progress');
    assert.equal(r.severity, 'info');
    assert.equal(r.fix, undefined, 'no rollback for a rollout nothing says is failing');
    assert.equal(r.commands[0], 'kubectl rollout status deployment/cart -n store');
    assert.match(
      r.detail ?? '',
      /stuck only once the Deployment reports ProgressDeadlineExceeded \(no progress for 600 s/,
    );
    assert.deepEqual(r.evidence[0]?.value, 'True (ReplicaSetUpdated)');
    assert.equal(r.pods?.length, 2);
    assert.equal(reason(d, 'pods-not-ready').causedBy, 'rollout-in-progress');
  });

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

describe('a rollout replacing the only endpoints: pods-terminating is its doing', () => {
  it('the old pods terminating and the new ones starting sit under rollout-in-progress, which says what they wait on', () => {
    const d = diagnose(replacingRolloutCluster(), 'shop', 'search');
    assertWellFormed(d);
    assert.equal(d.health, 'broken');
    assert.deepEqual(codes(d), [
      'rollout-in-progress',
      'no-ready-endpoints',
      'pods-not-ready',
      'pods-terminating',
    ]);
    const r = reason(d, 'rollout-in-progress');
    assert.match(
      r.summary,
      /^Deployment search is rolling out ReplicaSet search-8f9a7b \(revision 4\): 2 of 2 pods updated, 0 ready\. 2 pods of the old ReplicaSet search-\w+ \(revision 3\) are terminating, and no new pod is ready yet \(search-8f9a7b-\w+: container search is waiting \(ContainerCreating\)\): nothing serves until one is\.$/,
    );
    const terminating = reason(d, 'pods-terminating');
    assert.equal(terminating.severity, 'error', 'a symptom keeps its own severity');
    assert.equal(terminating.causedBy, 'rollout-in-progress');
    for (const code of ['pods-not-ready', 'no-ready-endpoints'] as const) {
      assert.equal(reason(d, code).causedBy, 'rollout-in-progress', code);
    }
    const why = new Map(r.pods!.map((p) => [p.name, p.why]));
    for (const p of terminating.pods!)
      assert.equal(why.get(p.name), 'terminating: replaced by revision 4');
  });

  it('past the deadline, with new pods that cannot pull their image: under rollout-stuck', () => {
    const d = diagnose(replacingRolloutCluster({ failing: true }), 'shop', 'search');
    assertWellFormed(d);
    assert.equal(d.reasons[0]?.code, 'rollout-stuck');
    const r = reason(d, 'rollout-stuck');
    assert.match(
      r.summary,
      /is stuck: 2 new pods of 2 are not ready \(search-8f9a7b-\w+: container main is waiting \(ImagePullBackOff: .*\)\)\. 2 pods of the old ReplicaSet search-\w+ \(revision 3\) are terminating\. The Deployment reports ProgressDeadlineExceeded/,
    );
    assert.equal(reason(d, 'pods-terminating').causedBy, 'rollout-stuck');
    assert.equal(r.fix?.command, 'kubectl rollout undo deployment/search -n shop --to-revision=3');
  });

  it('a terminating pod the rollout does not own stays a reason of its own', () => {
    const snapshot = replacingRolloutCluster();
    snapshot.pods.push(
      podRecord('shop', 'search-debug', { labels: { app: 'search' }, terminating: true }),
    );
    const d = diagnose(snapshot, 'shop', 'search');
    assert.equal(reason(d, 'pods-terminating').causedBy, undefined);
    assert.equal(reason(d, 'pods-not-ready').causedBy, 'rollout-in-progress');
  });
});

describe("a Recreate rollout: the new ReplicaSet is the one with the Deployment's template", () => {
  it('while the old pods terminate and no new ReplicaSet exists, it says the rollout waits for them', () => {
    const d = diagnose(recreateRollout('terminating').snapshot, 'bank', 'ledger');
    assertWellFormed(d);
    assert.equal(d.health, 'broken');
    assert.equal(d.reasons[0]?.code, 'rollout-in-progress');
    const r = reason(d, 'rollout-in-progress');
    assert.match(
      r.summary,
      /^Deployment ledger is rolling out a new revision: 0 of 2 pods updated, 0 ready\. The Recreate strategy waits for the old pods to terminate before it creates the new revision \(2 pods of the old ReplicaSet ledger-\w+ \(revision 1\) are terminating\): nothing serves until its pods are ready\.$/,
    );
    for (const p of r.pods!) assert.equal(p.why, 'terminating: replaced by a new revision');
    for (const code of ['pods-terminating', 'no-ready-endpoints'] as const)
      assert.equal(reason(d, code).causedBy, 'rollout-in-progress', code);
  });

  it('once the new ReplicaSet is made, it is the one rolled out to', () => {
    const d = diagnose(recreateRollout('created').snapshot, 'bank', 'ledger');
    assertWellFormed(d);
    assert.match(
      reason(d, 'rollout-in-progress').summary,
      /^Deployment ledger is rolling out ReplicaSet ledger-9d8c7b \(revision 2\): 0 of 2 pods updated, 0 ready\.$/,
    );
    assert.equal(reason(d, 'pods-not-ready').causedBy, 'rollout-in-progress');
  });

  it('an undo to an earlier ReplicaSet: that one is the new one by its template, whatever the revision annotations say yet', () => {
    const d = diagnose(recreateUndo().snapshot, 'bank', 'ledger');
    const r = reason(d, 'rollout-in-progress');
    assert.match(
      r.summary,
      /^Deployment ledger is rolling out ReplicaSet ledger-\w+ \(revision 1\): /,
    );
    assert.match(
      r.summary,
      /2 pods of the old ReplicaSet ledger-9d8c7b \(revision 2\) are terminating/,
    );
    assert.equal(reason(d, 'pods-terminating').causedBy, 'rollout-in-progress');
  });

  it('a paused Deployment whose template changed makes no new ReplicaSet: no rollout', () => {
    const { snapshot } = recreateRollout('terminating');
    snapshot.deployments[0]!.paused = true;
    const d = diagnose(snapshot, 'bank', 'ledger');
    assert.ok(!codes(d).includes('rollout-in-progress'), codes(d).join());
  });
});
