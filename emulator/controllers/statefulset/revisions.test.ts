/**
 * A StatefulSet's ControllerRevisions, black box over HTTP (upstream stateful_set_control_test.go
 * TestStatefulSetControlRollback / history truncation, controller_history_test.go): one revision
 * per template, named as the pods' `controller-revision-hash`, a template put back renumbers its
 * old revision (what `kubectl rollout undo` relies on), history pruned to revisionHistoryLimit,
 * a pod below the partition restored from the current revision, revisions collected with the set.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Json,
  type TestCluster,
  startTestCluster,
  statefulSet as baseStatefulSet,
} from '../testing/test-cluster';

const SETS = '/apis/apps/v1/namespaces/default/statefulsets';
const PODS = '/api/v1/namespaces/default/pods';
const REVS = '/apis/apps/v1/namespaces/default/controllerrevisions';

/** A StatefulSet whose annotations its revisions must copy. */
const statefulSet = (name: string, replicas: number, spec: Record<string, unknown> = {}) =>
  baseStatefulSet(name, replicas, spec, { annotations: { team: 'db' } });

const image = (tag: string) => ({
  spec: { template: { spec: { containers: [{ name: 'web', image: `nginx:${tag}` }] } } },
});

async function revisions(c: TestCluster): Promise<Json[]> {
  const list = (await c.get(REVS)).items as Json[];
  return list.sort((a, b) => a.revision - b.revision);
}

async function rolledOut(c: TestCluster, name: string, tag: string): Promise<Json> {
  return c.until(`${name} at ${tag}`, async () => {
    const set = await c.get(`${SETS}/${name}`);
    const s = set.status ?? {};
    const pods = ((await c.get(`${PODS}?labelSelector=app%3D${name}`)).items as Json[]).filter(
      (p) => !p.metadata.deletionTimestamp,
    );
    return s.observedGeneration === set.metadata.generation &&
      s.currentRevision === s.updateRevision &&
      s.readyReplicas === set.spec.replicas &&
      pods.length === set.spec.replicas &&
      pods.every((p) => p.spec.containers[0].image === `nginx:${tag}`)
      ? set
      : undefined;
  });
}

describe('StatefulSet ControllerRevisions', () => {
  it('one revision per template; pods and status name it; going back renumbers the old one', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(SETS, statefulSet('web', 2));
    const first = await rolledOut(c, 'web', '1.25');
    const [rev1, ...more] = await revisions(c);
    assert.equal(more.length, 0);
    assert.equal(rev1.revision, 1);
    assert.equal(rev1.metadata.name, first.status.updateRevision);
    assert.equal(first.status.currentRevision, rev1.metadata.name);
    assert.equal(first.status.collisionCount, 0);
    const hash = rev1.metadata.labels['controller.kubernetes.io/hash'];
    assert.equal(rev1.metadata.name, `web-${hash}`);
    assert.deepEqual(rev1.metadata.labels, { app: 'web', 'controller.kubernetes.io/hash': hash });
    assert.deepEqual(rev1.metadata.annotations, { team: 'db' });
    assert.deepEqual(rev1.metadata.ownerReferences, [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: 'web',
        uid: first.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    const template = rev1.data.spec.template;
    assert.equal(template.$patch, 'replace');
    assert.equal(template.metadata.creationTimestamp, null);
    assert.equal(template.spec.containers[0].image, 'nginx:1.25');
    for (const pod of (await c.get(PODS)).items as Json[])
      assert.equal(pod.metadata.labels['controller-revision-hash'], rev1.metadata.name);

    await c.patch(`${SETS}/web`, image('1.27'));
    const second = await rolledOut(c, 'web', '1.27');
    const after = await revisions(c);
    assert.deepEqual(
      after.map((r) => [r.metadata.name, r.revision]),
      [
        [rev1.metadata.name, 1],
        [second.status.updateRevision, 2],
      ],
    );

    // kubectl rollout undo: the revision's data as a strategic merge patch.
    await c.send('PATCH', `${SETS}/web`, rev1.data, 'application/strategic-merge-patch+json');
    const undone = await rolledOut(c, 'web', '1.25');
    assert.equal(undone.status.updateRevision, rev1.metadata.name);
    assert.deepEqual(
      (await revisions(c)).map((r) => [r.metadata.name, r.revision]),
      [
        [second.status.updateRevision, 2],
        [rev1.metadata.name, 3],
      ],
    );
  });

  it('keeps revisionHistoryLimit revisions besides the live ones; the set takes them along', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(SETS, statefulSet('db', 1, { revisionHistoryLimit: 1 }));
    await rolledOut(c, 'db', '1.25');
    for (const tag of ['1.26', '1.27', '1.28']) {
      await c.patch(`${SETS}/db`, image(tag));
      await rolledOut(c, 'db', tag);
    }
    const left = await revisions(c);
    // The live one (1.28) and one of history (1.27).
    assert.deepEqual(
      left.map((r) => [r.revision, r.data.spec.template.spec.containers[0].image]),
      [
        [3, 'nginx:1.27'],
        [4, 'nginx:1.28'],
      ],
    );
    await c.del(`${SETS}/db`);
    await c.until('revisions collected', async () =>
      (await revisions(c)).length === 0 ? true : undefined,
    );
  });

  it('a pod below the partition comes back at the current revision', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(
      SETS,
      statefulSet('web', 2, {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
      }),
    );
    const before = await rolledOut(c, 'web', '1.25');
    await c.patch(`${SETS}/web`, image('1.27'));
    await c.until('web-1 updated', async () => {
      const pod = await c.get(`${PODS}/web-1`).catch(() => undefined);
      return pod?.spec.containers[0].image === 'nginx:1.27' ? true : undefined;
    });
    await c.del(`${PODS}/web-0`);
    const pod = await c.until('web-0 back', async () => {
      const p = await c.get(`${PODS}/web-0`).catch(() => undefined);
      return p && !p.metadata.deletionTimestamp ? p : undefined;
    });
    assert.equal(pod.spec.containers[0].image, 'nginx:1.25');
    assert.equal(pod.metadata.labels['controller-revision-hash'], before.status.currentRevision);
  });
});
