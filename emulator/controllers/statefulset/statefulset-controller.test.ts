/**
 * The StatefulSet controller, black box over HTTP: ordered creation (each pod waits for the
 * previous one to be Running and Ready; kubelet off, readiness written through /status as a
 * kubelet would), Parallel creation, identities (hostname, subdomain, labels, owner), status,
 * scale-down from the highest ordinal, rolling updates (highest ordinal first, partition),
 * OnDelete, finished pods recreated (a replaced one a finalizer keeps is waited for), and the headless Service's Endpoints carrying the pods' hostnames (kubelet on).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Json,
  type TestCluster,
  service,
  startTestCluster,
  statefulSet,
} from '../testing/test-cluster';

const SETS = '/apis/apps/v1/namespaces/default/statefulsets';
const PODS = '/api/v1/namespaces/default/pods';

async function podsOf(c: TestCluster, app: string): Promise<Json[]> {
  const list = await c.get(`${PODS}?labelSelector=app%3D${app}`);
  return (list.items as Json[]).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

const names = (pods: Json[]) => pods.map((p) => p.metadata.name);

/** Writes Running + Ready through /status, as the kubelet would. */
async function makeReady(c: TestCluster, name: string): Promise<void> {
  const pod = await c.get(`${PODS}/${name}`);
  pod.status = {
    phase: 'Running',
    podIP: `10.0.0.${Number(name.split('-').pop()) + 1}`,
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' }],
  };
  await c.put(`${PODS}/${name}/status`, pod);
  await c.settle();
}

async function events(c: TestCluster, name: string, reason: string): Promise<string[]> {
  const list = (await c.get('/api/v1/namespaces/default/events')).items as Json[];
  return list
    .filter((e) => e.involvedObject.name === name && e.reason === reason)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => e.message);
}

async function waitStatus(c: TestCluster, name: string, test: (s: Json) => boolean, what: string) {
  return c.until(`statefulset ${name}: ${what}`, async () => {
    const set = await c.get(`${SETS}/${name}`);
    return set.status &&
      set.status.observedGeneration === set.metadata.generation &&
      test(set.status)
      ? set
      : undefined;
  });
}

describe('StatefulSet controller', () => {
  it('OrderedReady: web-0, then web-1 once web-0 is Running and Ready, then web-2', async (t) => {
    const c = await startTestCluster(t);
    const set = await c.post(SETS, statefulSet('web', 3));
    await c.settle();
    assert.deepEqual(names(await podsOf(c, 'web')), ['web-0']);
    await makeReady(c, 'web-0');
    assert.deepEqual(names(await podsOf(c, 'web')), ['web-0', 'web-1']);
    await makeReady(c, 'web-1');
    await makeReady(c, 'web-2');
    const pods = await podsOf(c, 'web');
    assert.deepEqual(names(pods), ['web-0', 'web-1', 'web-2']);
    const web1 = pods[1];
    assert.equal(web1.spec.hostname, 'web-1');
    assert.equal(web1.spec.subdomain, 'web');
    assert.equal(web1.metadata.labels['statefulset.kubernetes.io/pod-name'], 'web-1');
    assert.equal(web1.metadata.labels['apps.kubernetes.io/pod-index'], '1');
    assert.match(web1.metadata.labels['controller-revision-hash'], /^web-[a-z0-9]+$/);
    assert.deepEqual(web1.metadata.ownerReferences, [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: 'web',
        uid: set.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    const done = await waitStatus(c, 'web', (s) => s.readyReplicas === 3, '3 ready');
    const revision = web1.metadata.labels['controller-revision-hash'];
    assert.deepEqual(
      { ...done.status, observedGeneration: undefined },
      {
        observedGeneration: undefined,
        replicas: 3,
        readyReplicas: 3,
        availableReplicas: 3,
        currentReplicas: 3,
        updatedReplicas: 3,
        currentRevision: revision,
        updateRevision: revision,
        collisionCount: 0,
      },
    );
    assert.deepEqual(await events(c, 'web', 'SuccessfulCreate'), [
      'create Pod web-0 in StatefulSet web successful',
      'create Pod web-1 in StatefulSet web successful',
      'create Pod web-2 in StatefulSet web successful',
    ]);
  });

  it('Parallel: every pod at once; Kubernetes 1.27 has no pod-index label', async (t) => {
    const c = await startTestCluster(t, { minorVersion: 27 });
    await c.post(SETS, statefulSet('par', 3, { podManagementPolicy: 'Parallel' }));
    await c.settle();
    const pods = await podsOf(c, 'par');
    assert.deepEqual(names(pods), ['par-0', 'par-1', 'par-2']);
    assert.equal(pods[0].metadata.labels['apps.kubernetes.io/pod-index'], undefined);
  });

  it('scales down from the highest ordinal, one at a time', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(SETS, statefulSet('db', 3));
    await waitStatus(c, 'db', (s) => s.readyReplicas === 3, '3 ready');
    await c.patch(`${SETS}/db`, { spec: { replicas: 1 } });
    await c.until('db scaled to 1', async () => {
      const pods = await podsOf(c, 'db');
      return pods.length === 1 ? pods : undefined;
    });
    assert.deepEqual(names(await podsOf(c, 'db')), ['db-0']);
    assert.deepEqual(await events(c, 'db', 'SuccessfulDelete'), [
      'delete Pod db-2 in StatefulSet db successful',
      'delete Pod db-1 in StatefulSet db successful',
    ]);
    await waitStatus(c, 'db', (s) => s.replicas === 1 && s.readyReplicas === 1, '1 replica');
  });

  it('RollingUpdate: a new template replaces pods from the highest ordinal down; the revision moves on', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(SETS, statefulSet('web', 3));
    const before = await waitStatus(c, 'web', (s) => s.readyReplicas === 3, '3 ready');
    await c.patch(`${SETS}/web`, {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    });
    const after = await waitStatus(
      c,
      'web',
      (s) =>
        s.updatedReplicas === 3 && s.readyReplicas === 3 && s.currentRevision === s.updateRevision,
      'rolled out',
    );
    assert.notEqual(after.status.updateRevision, before.status.updateRevision);
    for (const pod of await podsOf(c, 'web')) {
      assert.equal(pod.spec.containers[0].image, 'nginx:1.27');
      assert.equal(pod.metadata.labels['controller-revision-hash'], after.status.updateRevision);
    }
    assert.deepEqual(await events(c, 'web', 'SuccessfulDelete'), [
      'delete Pod web-2 in StatefulSet web successful',
      'delete Pod web-1 in StatefulSet web successful',
      'delete Pod web-0 in StatefulSet web successful',
    ]);
  });

  it('RollingUpdate with a partition: only ordinals at or above it are updated', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(
      SETS,
      statefulSet('web', 3, {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
      }),
    );
    const before = await waitStatus(c, 'web', (s) => s.readyReplicas === 3, '3 ready');
    await c.patch(`${SETS}/web`, {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    });
    const after = await waitStatus(
      c,
      'web',
      (s) => s.updatedReplicas === 1 && s.readyReplicas === 3,
      'web-2 updated',
    );
    assert.equal(after.status.currentRevision, before.status.currentRevision);
    assert.equal(after.status.currentReplicas, 2);
    const images = (await podsOf(c, 'web')).map((p) => p.spec.containers[0].image);
    assert.deepEqual(images, ['nginx:1.25', 'nginx:1.25', 'nginx:1.27']);
  });

  it('OnDelete: a new template waits until a pod is deleted, which comes back updated', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(SETS, statefulSet('web', 2, { updateStrategy: { type: 'OnDelete' } }));
    await waitStatus(c, 'web', (s) => s.readyReplicas === 2, '2 ready');
    await c.patch(`${SETS}/web`, {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    });
    await c.settle();
    assert.deepEqual(
      (await podsOf(c, 'web')).map((p) => p.spec.containers[0].image),
      ['nginx:1.25', 'nginx:1.25'],
    );
    await c.del(`${PODS}/web-1`);
    await waitStatus(
      c,
      'web',
      (s) => s.updatedReplicas === 1 && s.readyReplicas === 2,
      'web-1 back',
    );
    assert.deepEqual(
      (await podsOf(c, 'web')).map((p) => p.spec.containers[0].image),
      ['nginx:1.25', 'nginx:1.27'],
    );
  });

  it('a pod that finished, Failed or Succeeded, is deleted and created again', async (t) => {
    const c = await startTestCluster(t);
    await c.post(SETS, statefulSet('web', 1));
    await c.settle();
    for (const phase of ['Failed', 'Succeeded']) {
      const before = await c.get(`${PODS}/web-0`);
      before.status = { phase };
      await c.put(`${PODS}/web-0/status`, before);
      await c.settle();
      const after = await c.get(`${PODS}/web-0`);
      assert.notEqual(after.metadata.uid, before.metadata.uid, `${phase}: a new web-0`);
    }
  });

  it('a replaced pod a finalizer keeps turns terminal, and the set waits for it until it is gone', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(SETS, statefulSet('db', 1));
    await waitStatus(c, 'db', (s) => s.readyReplicas === 1, 'ready');
    const old = await c.get(`${PODS}/db-0`);
    await c.patch(`${PODS}/db-0`, { metadata: { finalizers: ['test/hold'] } });
    await c.patch(`${SETS}/db`, {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] } } },
    });
    const held = await c.until('db-0 terminal', async () => {
      const pod = await c.get(`${PODS}/db-0`);
      return pod.status?.phase === 'Succeeded' ? pod : undefined;
    });
    assert.equal(held.metadata.uid, old.metadata.uid);
    assert.ok(held.metadata.deletionTimestamp);
    await c.settle();
    assert.equal((await c.get(`${PODS}/db-0`)).metadata.uid, old.metadata.uid, 'not replaced');
    await c.patch(`${PODS}/db-0`, { metadata: { finalizers: null } });
    await waitStatus(c, 'db', (s) => s.updatedReplicas === 1, 'updated');
    const fresh = await c.get(`${PODS}/db-0`);
    assert.notEqual(fresh.metadata.uid, old.metadata.uid);
    assert.equal(fresh.spec.containers[0].image, 'nginx:1.26');
  });

  it('the headless Service lists the pods with their hostnames; deleting the set removes its pods', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(
      '/api/v1/namespaces/default/services',
      service('web', 'default', {
        clusterIP: 'None',
        selector: { app: 'web' },
        ports: [{ port: 80 }],
      }),
    );
    await c.post(SETS, statefulSet('web', 2));
    await waitStatus(c, 'web', (s) => s.readyReplicas === 2, '2 ready');
    await c.settle();
    const ep = await c.get('/api/v1/namespaces/default/endpoints/web');
    assert.deepEqual(ep.subsets[0].addresses.map((a: Json) => a.hostname).sort(), [
      'web-0',
      'web-1',
    ]);
    await c.del(`${SETS}/web`);
    await c.until('pods gone', async () =>
      (await podsOf(c, 'web')).length === 0 ? true : undefined,
    );
  });
});
