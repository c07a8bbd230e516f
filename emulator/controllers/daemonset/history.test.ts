/**
 * A DaemonSet's ControllerRevisions, black box over HTTP (upstream daemon update_test.go
 * TestConstructHistory / cleanupHistory): a revision `<ds>-<hash>` whose controller-revision-hash
 * the pods carry, a new one per template, the old one renumbered when the template goes back to
 * it (`kubectl rollout undo`), history pruned to revisionHistoryLimit, collected with the set.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Json, type TestCluster, daemonSet, startTestCluster } from '../testing/test-cluster';

const SETS = '/apis/apps/v1/namespaces/default/daemonsets';
const PODS = '/api/v1/namespaces/default/pods';
const REVS = '/apis/apps/v1/namespaces/default/controllerrevisions';

const image = (tag: string) => ({
  spec: { template: { spec: { containers: [{ name: 'agent', image: `agent:${tag}` }] } } },
});

async function revisions(c: TestCluster): Promise<Json[]> {
  const list = (await c.get(REVS)).items as Json[];
  return list.sort((a, b) => a.revision - b.revision);
}

/** Every live pod runs `tag`, and the status says so; returns the pods' revision hash. */
async function rolledOut(c: TestCluster, name: string, tag: string): Promise<string> {
  return c.until(`${name} at ${tag}`, async () => {
    const ds = await c.get(`${SETS}/${name}`);
    const s = ds.status ?? {};
    const pods = ((await c.get(`${PODS}?labelSelector=app%3D${name}`)).items as Json[]).filter(
      (p) => !p.metadata.deletionTimestamp,
    );
    const hashes = new Set(pods.map((p) => p.metadata.labels['controller-revision-hash']));
    return s.observedGeneration === ds.metadata.generation &&
      s.updatedNumberScheduled === 2 &&
      s.numberAvailable === 2 &&
      pods.length === 2 &&
      hashes.size === 1 &&
      pods.every((p) => p.spec.containers[0].image === `agent:${tag}`)
      ? [...hashes][0]
      : undefined;
  });
}

describe('DaemonSet ControllerRevisions', () => {
  it('a revision per template named by the pods’ hash; going back renumbers the old one', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    const ds = await c.post(SETS, daemonSet('agent'));
    const hash1 = await rolledOut(c, 'agent', '1');
    const [rev1, ...more] = await revisions(c);
    assert.equal(more.length, 0);
    assert.equal(rev1.metadata.name, `agent-${hash1}`);
    assert.equal(rev1.revision, 1);
    assert.deepEqual(rev1.metadata.labels, { app: 'agent', 'controller-revision-hash': hash1 });
    assert.equal(rev1.metadata.ownerReferences[0].uid, ds.metadata.uid);
    assert.equal(rev1.metadata.ownerReferences[0].controller, true);
    assert.equal(rev1.data.spec.template.$patch, 'replace');
    assert.equal(rev1.data.spec.template.spec.containers[0].image, 'agent:1');

    await c.patch(`${SETS}/agent`, image('2'));
    const hash2 = await rolledOut(c, 'agent', '2');
    assert.deepEqual(
      (await revisions(c)).map((r) => [r.metadata.name, r.revision]),
      [
        [`agent-${hash1}`, 1],
        [`agent-${hash2}`, 2],
      ],
    );

    // kubectl rollout undo: the revision's data as a strategic merge patch.
    await c.send('PATCH', `${SETS}/agent`, rev1.data, 'application/strategic-merge-patch+json');
    assert.equal(await rolledOut(c, 'agent', '1'), hash1);
    assert.deepEqual(
      (await revisions(c)).map((r) => [r.metadata.name, r.revision]),
      [
        [`agent-${hash2}`, 2],
        [`agent-${hash1}`, 3],
      ],
    );
  });

  it('keeps revisionHistoryLimit old revisions; the set takes them along', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    await c.post(SETS, daemonSet('agent', { revisionHistoryLimit: 1 }));
    await rolledOut(c, 'agent', '1');
    for (const tag of ['2', '3', '4']) {
      await c.patch(`${SETS}/agent`, image(tag));
      await rolledOut(c, 'agent', tag);
    }
    await c.settle();
    assert.deepEqual(
      (await revisions(c)).map((r) => [r.revision, r.data.spec.template.spec.containers[0].image]),
      [
        [3, 'agent:3'],
        [4, 'agent:4'],
      ],
    );
    await c.del(`${SETS}/agent`);
    await c.until('revisions collected', async () =>
      (await revisions(c)).length === 0 ? true : undefined,
    );
  });

  // test/e2e/apps/controller_revision.go "should manage the lifecycle of a ControllerRevision".
  it('the ControllerRevision conformance lifecycle', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    const ds = await c.post(SETS, daemonSet('agent'));
    await rolledOut(c, 'agent', '1');
    const podNames = async () =>
      ((await c.get(`${PODS}?labelSelector=app%3Dagent`)).items as Json[])
        .map((p) => p.metadata.name)
        .sort();
    const pods = await podNames();
    const count = async () =>
      ((await c.get(`${REVS}?labelSelector=app%3Dagent`)).items as Json[]).length;
    const [initial] = await revisions(c);
    await c.send(
      'PATCH',
      `${REVS}/${initial.metadata.name}`,
      { metadata: { labels: { [initial.metadata.name]: 'patched' } } },
      'application/strategic-merge-patch+json',
    );
    const created = await c.post(REVS, {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: 'agent-5b4f7c9d8',
        labels: { app: 'agent', 'controller-revision-hash': '5b4f7c9d8' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'DaemonSet',
            name: 'agent',
            uid: ds.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      data: initial.data,
      revision: initial.revision + 1,
    });
    assert.equal(await count(), 2);
    await c.del(`${REVS}/${initial.metadata.name}`);
    assert.equal(await count(), 1);
    // The duplicate's pods were relabelled, not replaced.
    await c.settle();
    assert.deepEqual(await podNames(), pods);
    const current = await c.get(`${REVS}/${created.metadata.name}`);
    current.metadata.labels[current.metadata.name] = 'updated';
    await c.put(`${REVS}/${current.metadata.name}`, current);
    await c.send(
      'PATCH',
      `${SETS}/agent`,
      {
        spec: { template: { spec: { terminationGracePeriodSeconds: 1 } } },
        updateStrategy: { type: 'RollingUpdate' },
      },
      'application/strategic-merge-patch+json',
    );
    await c.until('two revisions', async () => ((await count()) === 2 ? true : undefined));
    await c.send('DELETE', `${REVS}?labelSelector=${current.metadata.name}%3Dupdated`);
    await c.until('one revision', async () => ((await count()) === 1 ? true : undefined));
    const [left] = await revisions(c);
    assert.equal(left.revision, 3);
  });

  it('a duplicate of the current revision is removed after a while', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    const ds = await c.post(SETS, daemonSet('agent'));
    await rolledOut(c, 'agent', '1');
    const [initial] = await revisions(c);
    await c.post(REVS, {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: 'agent-dup',
        labels: { app: 'agent', 'controller-revision-hash': 'dup' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'DaemonSet',
            name: 'agent',
            uid: ds.metadata.uid,
            controller: true,
          },
        ],
      },
      data: initial.data,
      revision: initial.revision + 1,
    });
    await c.until('duplicate gone', async () => {
      const names = (await revisions(c)).map((r) => r.metadata.name);
      return names.length === 1 && names[0] === 'agent-dup' ? true : undefined;
    });
    const pods = (await c.get(`${PODS}?labelSelector=app%3Dagent`)).items as Json[];
    for (const pod of pods) assert.equal(pod.metadata.labels['controller-revision-hash'], 'dup');
  });
});
