/**
 * Zero-valued omitempty status counters are not written (apps/v1 types.go json tags): the table
 * itself, and a rollout end to end — the old ReplicaSet scaled to zero keeps only `replicas: 0`
 * and its observedGeneration, the Deployment shows no `unavailableReplicas: 0`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { omitEmptyStatus } from './status-omitempty';
import { type Json, startTestCluster } from './testing/test-cluster';

describe('omitEmptyStatus', () => {
  it('drops the omitempty zeros of each workload kind and keeps the rest', () => {
    assert.deepEqual(
      omitEmptyStatus('replicasets', {
        replicas: 0,
        fullyLabeledReplicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
        observedGeneration: 2,
      }),
      { replicas: 0, observedGeneration: 2 },
    );
    assert.deepEqual(
      omitEmptyStatus('deployments', {
        observedGeneration: 1,
        replicas: 0,
        updatedReplicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
        unavailableReplicas: 0,
        collisionCount: 0,
        conditions: [],
      }),
      { observedGeneration: 1, collisionCount: 0, conditions: [] },
    );
    assert.deepEqual(
      omitEmptyStatus('statefulsets', {
        observedGeneration: 1,
        replicas: 0,
        readyReplicas: 0,
        currentReplicas: 0,
        updatedReplicas: 0,
        availableReplicas: 0,
        currentRevision: 'web-1',
        updateRevision: '',
        collisionCount: 0,
      }),
      {
        observedGeneration: 1,
        replicas: 0,
        availableReplicas: 0,
        currentRevision: 'web-1',
        collisionCount: 0,
      },
    );
    assert.deepEqual(
      omitEmptyStatus('daemonsets', {
        currentNumberScheduled: 0,
        numberMisscheduled: 0,
        desiredNumberScheduled: 0,
        numberReady: 0,
        observedGeneration: 1,
        updatedNumberScheduled: 0,
        numberAvailable: 0,
        numberUnavailable: 0,
      }),
      {
        currentNumberScheduled: 0,
        numberMisscheduled: 0,
        desiredNumberScheduled: 0,
        numberReady: 0,
        observedGeneration: 1,
      },
    );
    const other = { replicas: 0 };
    assert.equal(omitEmptyStatus('services', other), other, 'other kinds as given');
  });
});

describe('workload controllers write no omitempty zeros', () => {
  const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
  const template = (image: string) => ({
    metadata: { labels: { app: 'w' } },
    spec: { containers: [{ name: 'c', image }] },
  });

  it('a finished rollout: the old ReplicaSet at zero, the Deployment fully available', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    await c.post(DEPLOYMENTS, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'w' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'w' } }, template: template('a:1') },
    });
    await c.patch(`${DEPLOYMENTS}/w`, { spec: { template: template('a:2') } });
    const done = await c.until('rollout to a:2 complete', async () => {
      const d = await c.get(`${DEPLOYMENTS}/w`);
      const rs = (await c.get('/apis/apps/v1/namespaces/default/replicasets')).items as Json[];
      const old = rs.find((r) => r.spec.template.spec.containers[0].image === 'a:1');
      const ok =
        d.status?.observedGeneration === 2 &&
        d.status?.availableReplicas === 1 &&
        d.status?.updatedReplicas === 1 &&
        d.status?.replicas === 1 &&
        old?.spec.replicas === 0 &&
        old?.status?.replicas === 0 &&
        old?.status?.readyReplicas === undefined;
      return ok ? { d, old } : undefined;
    });
    assert.deepEqual(done.old.status, {
      replicas: 0,
      observedGeneration: done.old.metadata.generation,
    });
    assert.equal('unavailableReplicas' in done.d.status, false);
  });
});
