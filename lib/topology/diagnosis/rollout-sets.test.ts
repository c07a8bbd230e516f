import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podRecord } from '../testing/objects';
import { withControllers } from '../testing/snapshots';
import { previewBlocker } from './fix-request';
import { assertWellFormed, codes, diagnose, reason } from './testing/assertions';
import {
  partitionedStatefulSet,
  replacingDaemonSet,
  replacingStatefulSet,
  stuckDaemonSet,
  stuckStatefulSet,
} from './testing/set-rollout-fixtures';

const run = (f: { snapshot: Parameters<typeof diagnose>[0]; ns: string; name: string }) =>
  diagnose(f.snapshot, f.ns, f.name);

describe('StatefulSet rollouts', () => {
  it('rollout-stuck names the set and both revisions; the failing pod is its, so pods-not-ready sits under it', () => {
    const d = run(stuckStatefulSet());
    assertWellFormed(d);
    assert.deepEqual(codes(d), ['rollout-stuck', 'pods-not-ready']);
    const r = reason(d, 'rollout-stuck');
    assert.equal(r.severity, 'warning');
    assert.match(
      r.summary,
      /^The rollout of StatefulSet db to revision db-7f8e9a is stuck: 1 new pod of 1 is not ready \(db-2: .*ImagePullBackOff.*\), while 2 pods of revision db-6c5d4b still serve\.$/,
    );
    const fields = r.evidence.map((e) => `${e.kind}/${e.name} ${e.field}=${e.value}`);
    assert.ok(fields.includes('StatefulSet/db status.updateRevision=db-7f8e9a'), fields.join('\n'));
    assert.ok(fields.includes('StatefulSet/db status.currentRevision=db-6c5d4b'));
    assert.ok(fields.includes('StatefulSet/db status.updatedReplicas=1 of 3'));
    assert.ok(fields.includes('Pod/db-2 metadata.labels[controller-revision-hash]=db-7f8e9a'));
    assert.equal(r.fix?.command, 'kubectl rollout undo statefulset/db -n data');
    assert.match(previewBlocker(r.fix!.request) ?? '', /ControllerRevisions/);
    assert.ok(r.commands.includes('kubectl rollout status statefulset/db -n data --watch=false'));
    assert.equal(reason(d, 'pods-not-ready').causedBy, 'rollout-stuck');
  });

  it('a one-pod set whose only pod fails at the new revision: stuck, an error (nothing serves)', () => {
    const r = reason(run(stuckStatefulSet({ pods: 1 })), 'rollout-stuck');
    assert.equal(r.severity, 'error');
    assert.match(r.summary, /not ready \(db-0: .*\)\.$/);
  });

  it('a new pod running but not ready yet (readiness probe) is in progress: no deadline, no undo', () => {
    const d = run(stuckStatefulSet({ newPod: 'probing' }));
    assertWellFormed(d);
    assert.deepEqual(codes(d), ['rollout-in-progress', 'pods-not-ready']);
    const r = reason(d, 'rollout-in-progress');
    assert.equal(r.fix, undefined);
    assert.match(r.detail ?? '', /StatefulSet has no progress deadline/);
    assert.equal(r.commands[0], 'kubectl rollout status statefulset/db -n data');
    assert.deepEqual(
      r.pods?.map((p) => p.name),
      ['db-2'],
    );
    assert.equal(reason(d, 'pods-not-ready').causedBy, 'rollout-in-progress');
  });

  it('a partitioned update under way is in progress, saying what the partition keeps', () => {
    const d = run(partitionedStatefulSet({ done: false }));
    const r = reason(d, 'rollout-in-progress');
    assert.equal(
      r.summary,
      'StatefulSet db is rolling out from revision db-6c5d4b to revision db-7f8e9a (partition 2: ordinals below it stay at the current revision): 0 of 1 pod updated, 2 ready.',
    );
    assert.ok(
      r.evidence.some(
        (e) => e.field === 'spec.updateStrategy.rollingUpdate.partition' && e.value === '2',
      ),
    );
    assert.ok(!codes(d).includes('rollout-stuck'));
  });

  it('a partitioned update whose ordinals above the partition are updated is finished', () => {
    const d = run(partitionedStatefulSet({ done: true }));
    assert.deepEqual(codes(d), ['healthy']);
  });
});

describe('DaemonSet rollouts', () => {
  it('rollout-stuck names the set, the new revision (its newest pod) and the unavailable count', () => {
    const d = run(stuckDaemonSet());
    assertWellFormed(d);
    const r = reason(d, 'rollout-stuck');
    assert.equal(r.severity, 'warning');
    assert.match(
      r.summary,
      /^The rollout of DaemonSet logs to revision 6f7a8b9c0d is stuck: 1 new pod of 1 is not ready \(logs-g5h6i: .*CrashLoopBackOff.*\), while 2 pods of revision 5d6e7f8a9b still serve\.$/,
    );
    const fields = r.evidence.map((e) => `${e.kind}/${e.name} ${e.field}=${e.value}`);
    assert.ok(fields.includes('DaemonSet/logs status.updatedNumberScheduled=1 of 3'));
    assert.ok(fields.includes('DaemonSet/logs status.numberUnavailable=1'));
    assert.equal(r.fix?.command, 'kubectl rollout undo daemonset/logs -n ops');
    assert.match(previewBlocker(r.fix!.request) ?? '', /ControllerRevisions/);
    assert.equal(reason(d, 'pods-not-ready').causedBy, 'rollout-stuck');
  });

  it('an OnDelete DaemonSet is not judged: its pods change revision only when deleted', () => {
    const d = run(stuckDaemonSet({ onDelete: true }));
    assert.ok(!codes(d).includes('rollout-stuck') && !codes(d).includes('rollout-in-progress'));
    assert.ok(codes(d).includes('pods-not-ready'));
  });
});

describe('a StatefulSet or DaemonSet rollout terminating old pods: pods-terminating is its doing', () => {
  it('StatefulSet: the highest ordinal terminating sits under rollout-in-progress, which names both revisions and how far along', () => {
    const d = run(replacingStatefulSet());
    assertWellFormed(d);
    assert.deepEqual(codes(d), ['rollout-in-progress', 'pods-terminating', 'healthy']);
    const r = reason(d, 'rollout-in-progress');
    assert.equal(
      r.summary,
      'StatefulSet db is rolling out from revision db-6c5d4b to revision db-7f8e9a: 0 of 3 pods updated, 2 ready. ' +
        'Pod db-2 of revision db-6c5d4b is terminating, to be replaced at revision db-7f8e9a ' +
        '(the controller replaces one pod at a time, highest ordinal first).',
    );
    assert.ok(r.commands.includes('kubectl rollout status statefulset/db -n data'));
    assert.ok(
      r.evidence.some((e) => e.name === 'db-2' && e.field === 'metadata.deletionTimestamp'),
    );
    assert.deepEqual(r.pods, [
      { namespace: 'data', name: 'db-2', why: 'terminating: replaced by revision db-7f8e9a' },
    ]);
    assert.equal(reason(d, 'pods-terminating').causedBy, 'rollout-in-progress');
  });

  it('a one-pod StatefulSet: nothing serves, and the rollout is the root of every symptom', () => {
    const d = run(replacingStatefulSet({ replicas: 1 }));
    assertWellFormed(d);
    assert.equal(d.health, 'broken');
    assert.deepEqual(codes(d), ['rollout-in-progress', 'no-ready-endpoints', 'pods-terminating']);
    assert.match(
      reason(d, 'rollout-in-progress').summary,
      /Pod db-0 of revision db-6c5d4b is terminating, to be replaced at revision db-7f8e9a \(.*\): nothing serves until a replacement is ready\.$/,
    );
    for (const code of ['no-ready-endpoints', 'pods-terminating'] as const)
      assert.equal(reason(d, code).causedBy, 'rollout-in-progress', code);
  });

  it('a terminating pod of an ordinal the set no longer wants is a scale-down, not the rollout', () => {
    const f = replacingStatefulSet();
    const set = f.snapshot.statefulSets[0]!;
    set.replicas = 2;
    const d = run(f);
    assert.equal(reason(d, 'pods-terminating').causedBy, undefined);
  });

  it("DaemonSet: its only pod terminating before the new revision has a pod is the rollout's doing", () => {
    const d = run(replacingDaemonSet());
    assertWellFormed(d);
    assert.equal(d.reasons[0]?.code, 'rollout-in-progress');
    const r = reason(d, 'rollout-in-progress');
    assert.equal(
      r.summary,
      'DaemonSet logs is rolling out from revision 5d6e7f8a9b to a new revision: 0 of 1 pod updated, 0 ready. ' +
        'Pod logs-a1b2c of revision 5d6e7f8a9b is terminating, to be replaced at a new revision ' +
        '(the controller deletes an old pod before it creates the one replacing it): nothing serves until a replacement is ready.',
    );
    assert.ok(r.commands.includes('kubectl rollout status daemonset/logs -n ops'));
    for (const code of ['no-ready-endpoints', 'pods-terminating'] as const)
      assert.equal(reason(d, code).causedBy, 'rollout-in-progress', code);
  });

  it('DaemonSet: a pod deleted with no template change (a drain) is no rollout', () => {
    const d = run(replacingDaemonSet({ drained: true }));
    assert.ok(!codes(d).includes('rollout-in-progress'), codes(d).join());
    assert.equal(reason(d, 'pods-terminating').causedBy, undefined);
  });
});

describe('an old pod that has stopped but a finalizer keeps (1.27+: terminal before the final delete)', () => {
  /** The fixture's terminating pods as a 1.27+ kubelet leaves them: Succeeded, not ready. */
  function stopped(f: ReturnType<typeof replacingStatefulSet>) {
    const pods = f.snapshot.pods.filter((p) => p.meta.deletionTimestamp);
    for (const p of pods) Object.assign(p, { phase: 'Succeeded', ready: false });
    return {
      ...f,
      snapshot: withControllers({ ...f.snapshot, endpointSlices: [], endpoints: [] }),
    };
  }

  it('a one-pod StatefulSet still waits for it: no endpoints at all, the rollout is the root and says what keeps the pod', () => {
    const d = run(stopped(replacingStatefulSet({ replicas: 1 })));
    assertWellFormed(d);
    assert.equal(d.health, 'broken');
    assert.deepEqual(codes(d), ['rollout-in-progress', 'no-endpoints', 'pods-terminating']);
    assert.equal(
      reason(d, 'rollout-in-progress').summary,
      'StatefulSet db is rolling out from revision db-6c5d4b to revision db-7f8e9a: 0 of 1 pod updated, 0 ready. ' +
        'Pod db-0 of revision db-6c5d4b is terminating, to be replaced at revision db-7f8e9a ' +
        '(the controller replaces one pod at a time, highest ordinal first); it has stopped (phase Succeeded), ' +
        'so only a finalizer keeps it: nothing serves until a replacement is ready.',
    );
    for (const code of ['no-endpoints', 'pods-terminating'] as const)
      assert.equal(reason(d, code).causedBy, 'rollout-in-progress', code);
  });

  it('a DaemonSet does not wait for it: once its replacement serves, the rollout is done and the kept pod is only terminating', () => {
    const f = replacingDaemonSet();
    const ds = f.snapshot.daemonSets[0]!;
    ds.status = { desired: 1, current: 1, ready: 1, available: 1, updated: 1 };
    const [old] = f.snapshot.pods;
    const replacement = podRecord('ops', 'logs-x9y8z', {
      labels: {
        app: 'logs',
        'controller-revision-hash': '6f7a8b9c0d',
        'pod-template-generation': '2',
      },
      owner: old!.owner,
    });
    replacement.meta.creationTimestamp = '2026-11-26T10:00:05Z';
    const d = run(
      stopped({ ...f, snapshot: { ...f.snapshot, pods: [...f.snapshot.pods, replacement] } }),
    );
    assertWellFormed(d);
    assert.ok(!codes(d).includes('rollout-in-progress'), codes(d).join());
    const r = reason(d, 'pods-terminating');
    assert.equal(r.causedBy, undefined);
    assert.equal(r.severity, 'info');
  });
});
