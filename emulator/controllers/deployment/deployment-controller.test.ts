/**
 * Deployment → ReplicaSet → Pod, black box over HTTP with the simulated kubelet on (short
 * delays): scale up and down, rolling update within maxSurge/maxUnavailable, a rollout stuck on
 * pods that never get ready, Recreate, revision history, cascade deletion. Pure parts are ported
 * from upstream tests: TestResolveFenceposts (deployment/util) and ComputeHash properties
 * (controller_utils_test.go TestComputeHash); the ReplicaSet's pod ranking is in
 * replicaset/pod-ranking.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Json, type TestCluster, startTestCluster } from '../testing/test-cluster';
import { computeHash, resolveFenceposts, type DeploymentLike } from './deployment-controller';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const REPLICASETS = '/apis/apps/v1/namespaces/default/replicasets';

function deployment(
  name: string,
  replicas: number,
  spec: Record<string, unknown> = {},
  image = 'nginx:1.25',
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'web', image, ports: [{ name: 'http', containerPort: 80 }] }],
        },
      },
      ...spec,
    },
  };
}

async function replicaSets(c: TestCluster, app: string): Promise<Json[]> {
  const list = await c.get(`${REPLICASETS}?labelSelector=app%3D${app}`);
  return (list.items as Json[]).sort((a, b) =>
    a.metadata.creationTimestamp === b.metadata.creationTimestamp
      ? Number(a.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0) -
        Number(b.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0)
      : a.metadata.creationTimestamp < b.metadata.creationTimestamp
        ? -1
        : 1,
  );
}

async function pods(c: TestCluster, app: string): Promise<Json[]> {
  return (await c.get(`/api/v1/namespaces/default/pods?labelSelector=app%3D${app}`)).items;
}

const complete = (d: Json, n: number) =>
  d.status?.observedGeneration === d.metadata.generation &&
  d.status?.updatedReplicas === n &&
  d.status?.replicas === n &&
  d.status?.availableReplicas === n &&
  d.status?.conditions?.some(
    (x: Json) => x.type === 'Progressing' && x.reason === 'NewReplicaSetAvailable',
  );

async function waitComplete(c: TestCluster, name: string, n: number): Promise<Json> {
  return c.until(`deployment ${name} complete with ${n}`, async () => {
    const d = await c.get(`${DEPLOYMENTS}/${name}`);
    return complete(d, n) ? d : undefined;
  });
}

describe('Deployment and ReplicaSet controllers', () => {
  it('creates a ReplicaSet <name>-<pod-template-hash> and its pods, and reports status and conditions', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    const created = await c.post(DEPLOYMENTS, deployment('web', 3));
    const d = await waitComplete(c, 'web', 3);
    const [rs] = await replicaSets(c, 'web');
    const hash = rs.metadata.labels['pod-template-hash'];
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(rs.metadata.name, `web-${hash}`);
    assert.deepEqual(rs.spec.selector.matchLabels, { app: 'web', 'pod-template-hash': hash });
    assert.equal(rs.spec.template.metadata.labels['pod-template-hash'], hash);
    assert.deepEqual(rs.metadata.ownerReferences, [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: created.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    assert.equal(rs.metadata.annotations['deployment.kubernetes.io/revision'], '1');
    assert.equal(rs.metadata.annotations['deployment.kubernetes.io/desired-replicas'], '3');
    assert.equal(rs.metadata.annotations['deployment.kubernetes.io/max-replicas'], '4');
    assert.deepEqual(
      {
        replicas: rs.status.replicas,
        ready: rs.status.readyReplicas,
        available: rs.status.availableReplicas,
        fully: rs.status.fullyLabeledReplicas,
      },
      { replicas: 3, ready: 3, available: 3, fully: 3 },
    );
    const ps = await pods(c, 'web');
    assert.equal(ps.length, 3);
    for (const p of ps) {
      assert.match(p.metadata.name, new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      assert.equal(p.metadata.ownerReferences[0].uid, rs.metadata.uid);
      assert.equal(p.metadata.ownerReferences[0].kind, 'ReplicaSet');
    }
    assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '1');
    assert.equal(d.status.readyReplicas, 3);
    assert.equal('unavailableReplicas' in d.status, false, 'omitempty: a zero is not written');
    const available = d.status.conditions.find((x: Json) => x.type === 'Available');
    assert.deepEqual(
      [available.status, available.reason, available.message],
      ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
    );
    const progressing = d.status.conditions.find((x: Json) => x.type === 'Progressing');
    assert.equal(progressing.message, `ReplicaSet "web-${hash}" has successfully progressed.`);
    const events = ((await c.get('/api/v1/namespaces/default/events')).items as Json[]).map(
      (e) => `${e.reason}: ${e.message}`,
    );
    assert.ok(events.includes(`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`));
    assert.equal(events.filter((e) => e.startsWith('SuccessfulCreate: Created pod: ')).length, 3);
  });

  it('scales up and down (kubectl scale); scale-down deletes not-ready pods first', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    await c.post(DEPLOYMENTS, deployment('web', 3));
    await waitComplete(c, 'web', 3);
    await c.patch(`${DEPLOYMENTS}/web`, { spec: { replicas: 5 } });
    await waitComplete(c, 'web', 5);
    assert.equal((await pods(c, 'web')).length, 5);
    // Make one pod fail readiness, then scale down by one: that pod goes first.
    const victim = (await pods(c, 'web'))[2];
    await c.patch(`/api/v1/namespaces/default/pods/${victim.metadata.name}`, {
      metadata: { annotations: { 'switchboard.dev/simulate': 'ready=false' } },
    });
    await c.until('victim not ready', async () => {
      const p = await c.get(`/api/v1/namespaces/default/pods/${victim.metadata.name}`);
      return p.status.conditions.find((x: Json) => x.type === 'Ready').status === 'False';
    });
    await c.patch(`${DEPLOYMENTS}/web`, { spec: { replicas: 4 } });
    await waitComplete(c, 'web', 4);
    await c.until('victim gone', async () => {
      const names = (await pods(c, 'web')).map((p) => p.metadata.name);
      return names.length === 4 && !names.includes(victim.metadata.name);
    });
    const [rs] = await replicaSets(c, 'web');
    assert.equal(rs.spec.replicas, 4);
    assert.equal(rs.metadata.annotations['deployment.kubernetes.io/desired-replicas'], '4');
  });

  it('rolling update: new ReplicaSet up, old down, never above replicas+maxSurge nor below replicas-maxUnavailable', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2, readinessDelayMs: 80 });
    await c.post(
      DEPLOYMENTS,
      deployment('web', 4, {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
      }),
    );
    await waitComplete(c, 'web', 4);
    await c.patch(`${DEPLOYMENTS}/web`, {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }] },
            ],
          },
        },
      },
    });
    let sawBoth = false;
    const d = await c.until('rollout complete', async () => {
      const rss = await replicaSets(c, 'web');
      const specTotal = rss.reduce((n, rs) => n + rs.spec.replicas, 0);
      const available = rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
      assert.ok(specTotal <= 5, `spec replicas ${specTotal} > replicas + maxSurge`);
      if (rss.length === 2 && rss.every((rs) => rs.spec.replicas > 0)) {
        sawBoth = true;
        assert.ok(available >= 3, `available ${available} < replicas - maxUnavailable`);
      }
      const dep = await c.get(`${DEPLOYMENTS}/web`);
      return complete(dep, 4) && dep.status.observedGeneration === 2 ? dep : undefined;
    });
    assert.ok(sawBoth, 'the rollout ran old and new ReplicaSets side by side');
    const rss = await replicaSets(c, 'web');
    assert.equal(rss.length, 2);
    const [old, current] = rss;
    assert.equal(old.spec.replicas, 0);
    assert.equal(current.spec.replicas, 4);
    assert.equal(current.metadata.annotations['deployment.kubernetes.io/revision'], '2');
    assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '2');
    assert.notEqual(
      current.metadata.labels['pod-template-hash'],
      old.metadata.labels['pod-template-hash'],
    );
    const images = (await pods(c, 'web'))
      .filter((p) => !p.metadata.deletionTimestamp)
      .map((p) => p.spec.containers[0].image);
    assert.deepEqual(images, ['nginx:1.27', 'nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
  });

  it('a rollout whose new pods never get ready stops at maxSurge/maxUnavailable (Available stays True)', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    await c.post(
      DEPLOYMENTS,
      deployment('web', 4, { strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }),
    );
    await waitComplete(c, 'web', 4);
    await c.patch(`${DEPLOYMENTS}/web`, {
      spec: {
        template: { metadata: { annotations: { 'switchboard.dev/simulate': 'ready=false' } } },
      },
    });
    const rss = await c.until('rollout stalls at old 3 / new 2', async () => {
      const list = await replicaSets(c, 'web');
      const newRS = list[1];
      return list.length === 2 &&
        list[0].spec.replicas === 3 &&
        newRS?.spec.replicas === 2 &&
        newRS.status?.replicas === 2
        ? list
        : undefined;
    });
    await c.settle();
    assert.deepEqual(
      (await replicaSets(c, 'web')).map((rs) => rs.spec.replicas),
      rss.map((rs) => rs.spec.replicas),
    );
    const d = await c.get(`${DEPLOYMENTS}/web`);
    assert.deepEqual(
      {
        replicas: d.status.replicas,
        updated: d.status.updatedReplicas,
        available: d.status.availableReplicas,
        unavailable: d.status.unavailableReplicas,
      },
      { replicas: 5, updated: 2, available: 3, unavailable: 2 },
    );
    assert.equal(d.status.conditions.find((x: Json) => x.type === 'Available').status, 'True');
    assert.equal(
      d.status.conditions.find((x: Json) => x.type === 'Progressing').reason,
      'ReplicaSetUpdated',
    );
  });

  it('progressDeadlineSeconds: a rollout that stops progressing gets Progressing=False ProgressDeadlineExceeded', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(
      DEPLOYMENTS,
      deployment('web', 1, {
        progressDeadlineSeconds: 1,
        template: {
          metadata: {
            labels: { app: 'web' },
            annotations: { 'switchboard.dev/simulate': 'ready=false' },
          },
          spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
        },
      }),
    );
    const d = await c.until('deadline exceeded', async () => {
      const dep = await c.get(`${DEPLOYMENTS}/web`);
      const cond = dep.status?.conditions?.find((x: Json) => x.type === 'Progressing');
      return cond?.reason === 'ProgressDeadlineExceeded' ? dep : undefined;
    });
    const cond = d.status.conditions.find((x: Json) => x.type === 'Progressing');
    assert.equal(cond.status, 'False');
    assert.match(cond.message, /^ReplicaSet "web-[a-z0-9]+" has timed out progressing\.$/);
    const available = d.status.conditions.find((x: Json) => x.type === 'Available');
    assert.deepEqual([available.status, available.reason], ['False', 'MinimumReplicasUnavailable']);
  });

  it('Recreate: the old ReplicaSet goes to 0 and its pods are gone before the new one scales up', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    await c.post(DEPLOYMENTS, deployment('web', 2, { strategy: { type: 'Recreate' } }));
    await waitComplete(c, 'web', 2);
    await c.patch(`${DEPLOYMENTS}/web`, {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    });
    let mixed = false;
    await c.until('recreate complete', async () => {
      const images = new Set((await pods(c, 'web')).map((p) => p.spec.containers[0].image));
      if (images.size > 1) mixed = true;
      const d = await c.get(`${DEPLOYMENTS}/web`);
      return complete(d, 2) && d.status.observedGeneration === 2;
    });
    assert.equal(mixed, false, 'old and new pods never coexist under Recreate');
    const events = ((await c.get('/api/v1/namespaces/default/events')).items as Json[])
      .filter((e) => e.reason === 'ScalingReplicaSet')
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .map((e) => e.message.replace(/web-[a-z0-9]+/, 'RS'));
    assert.deepEqual(events, [
      'Scaled up replica set RS from 0 to 2',
      'Scaled down replica set RS from 2 to 0',
      'Scaled up replica set RS from 0 to 2',
    ]);
  });

  it('revisionHistoryLimit: old ReplicaSets beyond the limit are deleted after a rollout', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(DEPLOYMENTS, deployment('web', 1, { revisionHistoryLimit: 1 }));
    await waitComplete(c, 'web', 1);
    for (const image of ['nginx:1.26', 'nginx:1.27']) {
      await c.patch(`${DEPLOYMENTS}/web`, {
        spec: { template: { spec: { containers: [{ name: 'web', image }] } } },
      });
      await c.until(`rolled to ${image}`, async () => {
        const d = await c.get(`${DEPLOYMENTS}/web`);
        return complete(d, 1) && d.status.observedGeneration === d.metadata.generation;
      });
    }
    const rss = await c.until('history trimmed', async () => {
      const list = await replicaSets(c, 'web');
      return list.length === 2 ? list : undefined;
    });
    assert.deepEqual(
      rss.map((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision']).sort(),
      ['2', '3'],
    );
  });

  it('deleting the Deployment garbage-collects its ReplicaSets and pods', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(DEPLOYMENTS, deployment('web', 2));
    await waitComplete(c, 'web', 2);
    await c.del(`${DEPLOYMENTS}/web`);
    await c.until(
      'everything gone',
      async () => (await replicaSets(c, 'web')).length === 0 && (await pods(c, 'web')).length === 0,
    );
  });

  it('the ReplicaSet replaces a deleted pod', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(DEPLOYMENTS, deployment('web', 2));
    await waitComplete(c, 'web', 2);
    const [first] = await pods(c, 'web');
    await c.del(`/api/v1/namespaces/default/pods/${first.metadata.name}`);
    await c.until('replaced', async () => {
      const list = (await pods(c, 'web')).filter((p) => !p.metadata.deletionTimestamp);
      return list.length === 2 && !list.some((p) => p.metadata.name === first.metadata.name);
    });
    await waitComplete(c, 'web', 2);
  });
});

describe('deployment utilities (upstream unit tests)', () => {
  const d = (
    replicas: number,
    maxSurge?: number | string,
    maxUnavailable?: number | string,
  ): DeploymentLike => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: {
      replicas,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
    },
  });

  it('TestResolveFenceposts', () => {
    assert.deepEqual(resolveFenceposts(d(10, '0%', '0%')), [0, 1]);
    assert.deepEqual(resolveFenceposts(d(10, '39%', '39%')), [4, 3]);
    assert.deepEqual(resolveFenceposts(d(10, 0, 0)), [0, 1]);
    assert.deepEqual(resolveFenceposts(d(10, '0%', '1%')), [0, 1]);
    assert.deepEqual(resolveFenceposts(d(10, '5%', '0%')), [1, 0]);
    assert.deepEqual(resolveFenceposts(d(1, undefined, undefined)), [1, 0]);
    assert.deepEqual(resolveFenceposts(d(4, undefined, undefined)), [1, 1]);
  });

  it('TestComputeHash: stable, template-sensitive, collision-count-sensitive, safe alphabet', () => {
    const template = {
      metadata: { labels: { app: 'x' } },
      spec: { containers: [{ name: 'a', image: 'nginx' }] },
    };
    const h = computeHash(template);
    assert.equal(computeHash(structuredClone(template)), h);
    assert.notEqual(
      computeHash({ ...template, spec: { containers: [{ name: 'a', image: 'nginx:2' }] } }),
      h,
    );
    assert.notEqual(computeHash(template, 1), h);
    assert.notEqual(computeHash(template, 1), computeHash(template, 2));
    assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });
});
