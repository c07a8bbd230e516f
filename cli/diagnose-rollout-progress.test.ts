/**
 * `switchboard diagnose` during a normal rolling update, against the embedded cluster driven by
 * real kubectl: new pods not ready yet are a rollout in progress (no rollback offered), and the
 * same rollout is stuck once the Deployment's Progressing condition says
 * ProgressDeadlineExceeded — as `kubectl rollout status` decides. The new image's name holds
 * `never-ready` (the emulator's kubelet runs it with a readiness probe that never passes), so the
 * not-ready phase is held, not raced; shortening progressDeadlineSeconds then lets the Deployment
 * controller report the deadline.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnCluster, firstReasonIs } from './testing/diagnose-cluster';
import type { DiagnoseReason } from './testing/diagnose-json';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 4
  strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 2, maxSurge: 0}}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: web:1.0, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

describeOnCluster(
  'switchboard diagnose: a rollout is stuck only as kubectl rollout status says',
  'empty',
  ({ ok, file, diagnoseUntil }) => {
    it('new pods whose readiness probe has not passed are in progress; past the deadline, stuck', async () => {
      const manifest = file('web.yaml', MANIFEST);
      await ok('apply', '-f', manifest);
      await diagnoseUntil('default/web', firstReasonIs('healthy'));
      await ok('set', 'image', 'deploy/web', 'c=web:2.0-never-ready');

      // Both new pods running, neither ready: the state QA saw called "stuck".
      const probing = (r: DiagnoseReason) =>
        (r.pods ?? []).filter((p) => /readiness probe failing/.test(p.why)).length === 2;
      const inProgress = await diagnoseUntil(
        'default/web',
        (reasons) => reasons[0]?.code === 'rollout-in-progress' && probing(reasons[0]),
      );
      const rollout = inProgress[0]!;
      assert.ok(!inProgress.some((r) => r.code === 'rollout-stuck'));
      assert.equal(rollout.fix, undefined, 'no rollback for a rollout in progress');
      assert.equal(rollout.commands[0], 'kubectl rollout status deployment/web -n default');
      assert.match(rollout.detail ?? '', /no progress for 600 s/);
      assert.ok(
        inProgress
          .filter((r) => r.code === 'pods-not-ready')
          .every((r) => r.causedBy === 'rollout-in-progress'),
      );
      assert.equal(
        await ok(
          'get',
          'deploy',
          'web',
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}',
        ),
        'ReplicaSetUpdated',
      );

      // The same pods, the deadline now passed: the Deployment controller says so, and so does the
      // diagnosis, with the undo to the serving revision.
      await ok('patch', 'deploy', 'web', '-p', '{"spec":{"progressDeadlineSeconds":1}}');
      const stuck = await diagnoseUntil(
        'default/web',
        (reasons) => reasons[0]?.code === 'rollout-stuck',
      );
      // The two old pods the rollout scaled away may still be terminating when the deadline
      // passes (a second after the patch): the summary then says so too.
      assert.match(
        stuck[0]!.summary,
        /^The rollout of Deployment web to revision 2 \(ReplicaSet web-[a-z0-9]+, web:2\.0-never-ready\) is stuck: 2 new pods of 2 are not ready \(.*readiness probe failing.*\), while 2 pods of the old ReplicaSet (web-[a-z0-9]+) \(revision 1\) still serve\.( 2 pods of the old ReplicaSet \1 \(revision 1\) are terminating\.)? The Deployment reports ProgressDeadlineExceeded/,
      );
      assert.equal(
        stuck[0]!.fix?.command,
        'kubectl rollout undo deployment/web -n default --to-revision=1',
      );
      await ok('delete', '-f', manifest);
    });
  },
);
