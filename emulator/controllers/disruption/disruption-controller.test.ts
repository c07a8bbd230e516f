/**
 * The disruption controller and the pods/eviction subresource, black box over HTTP with the
 * kubelet off (pod readiness written through /status, as upstream's tests set it): the status
 * cases of pkg/controller/disruption/disruption_test.go (int and percent minAvailable,
 * maxUnavailable over a Deployment's scale, no pods, a pod whose controller has no scale →
 * SyncFailed) and the eviction cases of pkg/registry/core/pod/storage/eviction_test.go
 * (allowed → 201 and the budget taken, exhausted → 429 with the cause, Pending pods ignore the
 * budget, unready pods and AlwaysAllow, two budgets → 500).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Json, type TestCluster, addPod, startTestCluster } from '../testing/test-cluster';

const NS = 'default';
const PDBS = `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets`;
const PODS = `/api/v1/namespaces/${NS}/pods`;

function pdb(name: string, spec: Record<string, unknown>) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name },
    spec: { selector: { matchLabels: { foo: 'bar' } }, ...spec },
  };
}

async function status(c: TestCluster, name: string): Promise<Json> {
  await c.settle();
  return (await c.get(`${PDBS}/${name}`)).status;
}

const summary = (s: Json) => ({
  expectedPods: s.expectedPods,
  currentHealthy: s.currentHealthy,
  desiredHealthy: s.desiredHealthy,
  disruptionsAllowed: s.disruptionsAllowed,
  condition: s.conditions?.map((x: Json) => `${x.type}=${x.status}/${x.reason}`).join(),
});

async function readyPods(c: TestCluster, n: number, extra: Record<string, unknown> = {}) {
  for (let i = 0; i < n; i++) await addPod(c, `p${i}`, NS, { ip: `10.0.0.${i + 1}`, ...extra });
}

async function evict(c: TestCluster, name: string, deleteOptions?: unknown) {
  const body = {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name, namespace: NS },
    ...(deleteOptions ? { deleteOptions } : {}),
  };
  const response = await fetchJson(c, `${PODS}/${name}/eviction`, body);
  return response;
}

async function fetchJson(c: TestCluster, path: string, body: unknown) {
  try {
    return { code: 201, body: await c.post(path, body) };
  } catch (error) {
    const e = error as { code: number; status: Json };
    return { code: e.code, body: e.status };
  }
}

describe('disruption controller', () => {
  it('an int minAvailable counts the selected pods (TestNoSelector…TestReplicaSet)', async (t) => {
    const c = await startTestCluster(t);
    await c.post(PDBS, pdb('b', { minAvailable: 2 }));
    assert.deepEqual(summary(await status(c, 'b')), {
      expectedPods: 0,
      currentHealthy: 0,
      desiredHealthy: 2,
      disruptionsAllowed: 0,
      condition: 'DisruptionAllowed=False/InsufficientPods',
    });
    await readyPods(c, 3);
    const s = await status(c, 'b');
    assert.deepEqual(summary(s), {
      expectedPods: 3,
      currentHealthy: 3,
      desiredHealthy: 2,
      disruptionsAllowed: 1,
      condition: 'DisruptionAllowed=True/SufficientPods',
    });
    assert.equal(s.observedGeneration, 1);
    assert.equal(s.disruptedPods, undefined);
  });

  it('percentages and maxUnavailable count the controllers’ scale (TestDeployment)', async (t) => {
    const c = await startTestCluster(t);
    await c.post('/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { foo: 'bar' } },
        template: {
          metadata: { labels: { foo: 'bar' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    });
    await c.settle();
    const pods = (await c.get(PODS)).items as Json[];
    assert.equal(pods.length, 4);
    // Only three are ready: the budget is computed over the Deployment's 4.
    for (const [i, pod] of pods.slice(0, 3).entries()) {
      pod.status = {
        phase: 'Running',
        podIP: `10.0.1.${i + 1}`,
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' }],
      };
      await c.put(`${PODS}/${pod.metadata.name}/status`, pod);
    }
    await c.post(PDBS, pdb('max', { maxUnavailable: '30%' }));
    assert.deepEqual(summary(await status(c, 'max')), {
      expectedPods: 4,
      currentHealthy: 3,
      desiredHealthy: 2, // 4 − ceil(1.2)
      disruptionsAllowed: 1,
      condition: 'DisruptionAllowed=True/SufficientPods',
    });
    await c.del(`${PDBS}/max`);
    await c.post(PDBS, pdb('min', { minAvailable: '51%' }));
    assert.deepEqual(summary(await status(c, 'min')), {
      expectedPods: 4,
      currentHealthy: 3,
      desiredHealthy: 3, // ceil(2.04)
      disruptionsAllowed: 0,
      condition: 'DisruptionAllowed=False/InsufficientPods',
    });
  });

  it('a pod whose controller has no scale fails the sync safe (SyncFailed)', async (t) => {
    const c = await startTestCluster(t);
    // A controller of a kind without a scale (the garbage collector keeps the pod: it exists).
    const owner = await c.post(`/api/v1/namespaces/${NS}/configmaps`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'owner' },
    });
    const created = await c.post(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'orphan',
        labels: { foo: 'bar' },
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            name: 'owner',
            uid: owner.metadata.uid,
            controller: true,
          },
        ],
      },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    assert.equal(created.metadata.name, 'orphan');
    await c.post(PDBS, pdb('b', { maxUnavailable: 1 }));
    const s = await status(c, 'b');
    assert.equal(s.disruptionsAllowed, 0);
    const condition = s.conditions.find((x: Json) => x.type === 'DisruptionAllowed');
    assert.equal(condition.reason, 'SyncFailed');
    assert.equal(condition.message, 'found no controllers for pod "orphan"');
  });
});

describe('pods/eviction', () => {
  it('takes a disruption, then refuses with 429 and the budget’s cause', async (t) => {
    const c = await startTestCluster(t);
    await readyPods(c, 3);
    await c.post(PDBS, pdb('b', { minAvailable: 2 }));
    await c.settle();
    const first = await evict(c, 'p0');
    assert.equal(first.code, 201);
    assert.deepEqual(first.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      code: 201,
    });
    await assert.rejects(c.get(`${PODS}/p0`), /404/);
    assert.deepEqual(summary(await status(c, 'b')), {
      expectedPods: 2,
      currentHealthy: 2,
      desiredHealthy: 2,
      disruptionsAllowed: 0,
      condition: 'DisruptionAllowed=False/InsufficientPods',
    });
    const second = await evict(c, 'p1');
    assert.equal(second.code, 429);
    assert.equal(second.body.reason, 'TooManyRequests');
    assert.equal(
      second.body.message,
      "Cannot evict pod as it would violate the pod's disruption budget.",
    );
    assert.deepEqual(second.body.details.causes, [
      {
        reason: 'DisruptionBudget',
        message: 'The disruption budget b needs 2 healthy pods and has 2 currently',
      },
    ]);
    assert.ok(await c.get(`${PODS}/p1`));
  });

  it('a dry run takes nothing; a Pending pod ignores the budget', async (t) => {
    const c = await startTestCluster(t);
    await readyPods(c, 2);
    await addPod(c, 'pending', NS, { labels: { foo: 'bar' } });
    await c.post(PDBS, pdb('b', { minAvailable: 1 }));
    await c.settle();
    assert.equal((await evict(c, 'p0', { dryRun: ['All'] })).code, 201);
    assert.ok(await c.get(`${PODS}/p0`));
    assert.equal((await status(c, 'b')).disruptionsAllowed, 1);
    await c.patch(`${PDBS}/b`, { spec: { minAvailable: 2 } });
    assert.equal((await status(c, 'b')).disruptionsAllowed, 0);
    assert.equal((await evict(c, 'pending')).code, 201);
    await assert.rejects(c.get(`${PODS}/pending`), /404/);
  });

  it('unready pods: allowed when the budget is healthy or AlwaysAllow', async (t) => {
    const c = await startTestCluster(t);
    await readyPods(c, 1);
    await addPod(c, 'sick', NS, { ip: '10.0.0.9', ready: false });
    await c.post(PDBS, pdb('b', { minAvailable: 2 }));
    assert.equal((await status(c, 'b')).currentHealthy, 1);
    const refused = await evict(c, 'sick');
    assert.equal(refused.code, 429);
    await c.patch(`${PDBS}/b`, { spec: { unhealthyPodEvictionPolicy: 'AlwaysAllow' } });
    await c.settle();
    assert.equal((await evict(c, 'sick')).code, 201);
  });

  it('two budgets for one pod is a 500; an unknown pod a 404', async (t) => {
    const c = await startTestCluster(t);
    await readyPods(c, 1);
    await c.post(PDBS, pdb('a', { minAvailable: 0 }));
    await c.post(PDBS, pdb('b', { maxUnavailable: 1 }));
    await c.settle();
    const both = await evict(c, 'p0');
    assert.equal(both.code, 500);
    assert.equal(
      both.body.message,
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
    assert.equal((await evict(c, 'nope')).code, 404);
    const mismatch = await fetchJson(c, `${PODS}/p0/eviction`, {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'other' },
    });
    assert.equal(mismatch.code, 400);
    assert.equal(mismatch.body.message, 'name in URL does not match name in Eviction object');
  });

  it('discovery lists pods/eviction as policy/v1 Eviction, where kubectl drain looks', async (t) => {
    const c = await startTestCluster(t);
    const list = await c.get('/api/v1');
    const entry = list.resources.find((r: Json) => r.name === 'pods/eviction');
    assert.deepEqual(
      { group: entry.group, version: entry.version, kind: entry.kind, verbs: entry.verbs },
      { group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
    );
  });
});
