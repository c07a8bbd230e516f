/**
 * `scaled-to-zero` in each state the cluster passes through between `kubectl scale --replicas=0`
 * and the last pod gone: the workload at 0 while its ReplicaSet and pods are still there, pods
 * deleted while the slices still call them ready, endpoints marked terminating (serving while the
 * containers stop, then not), and a StatefulSet removing its pods one at a time. Its own pods,
 * terminating or about to be, never count as "other pods still serve".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterSnapshot, PodRecord } from '../records';
import { podRecord, serviceRecord } from '../testing/objects';
import { withControllers } from '../testing/snapshots';
import { deploymentRecord, replicaSetWithPods, statefulSetRecord } from '../testing/workloads';
import { assertWellFormed, codes, diagnose, reason } from './testing/assertions';

const SCALED = {
  manager: 'kubectl',
  operation: 'Update',
  time: '2026-12-03T12:19:30Z',
  subresource: 'scale',
};

/** The pod after its ReplicaSet (or StatefulSet) deleted it; `ready` as its kubelet says. */
function deleted(pod: PodRecord, ready = pod.ready): PodRecord {
  return { ...pod, ready, meta: { ...pod.meta, deletionTimestamp: '2026-12-03T12:19:31Z' } };
}

type Step =
  /** The Deployment says 0; its controller has not scaled the ReplicaSet yet. */
  | 'deployment-at-zero'
  /** The ReplicaSet says 0; its controller has not deleted the pods yet. */
  | 'replicaset-at-zero'
  /** The pods are deleted; the slices and Endpoints still list them ready. */
  | 'pods-deleted'
  /** The slices mark them terminating, serving while their containers stop. */
  | 'endpoints-terminating'
  /** Their containers stopped: not ready, not serving, still terminating. */
  | 'containers-stopped';

/** `kubectl scale deploy/api --replicas=0` of 2 replicas, caught at `step`; `extra`: other pods. */
function scalingDown(step: Step, extra: PodRecord[] = []): ClusterSnapshot {
  const svc = serviceRecord('default', 'api', { selector: { tier: 'api' } });
  const deployment = deploymentRecord('default', 'api', {
    labels: { tier: 'api' },
    replicas: 0,
    appliedReplicas: 2,
    replicasChange: SCALED,
    statusReplicas: 2,
    ready: 2,
    updated: 2,
  });
  const { replicaSet, pods } = replicaSetWithPods(deployment, { replicas: 2 });
  if (step !== 'deployment-at-zero') replicaSet.replicas = 0;
  const before = step === 'deployment-at-zero' || step === 'replicaset-at-zero';
  // The endpoints as the controllers wrote them: the pods' state before, or as they are now.
  const listed =
    before || step === 'pods-deleted'
      ? pods
      : pods.map((p) => deleted(p, step === 'endpoints-terminating'));
  const snap = withControllers({
    services: [svc],
    pods: [...listed, ...extra],
    deployments: [deployment],
    replicaSets: [replicaSet],
  });
  if (step === 'pods-deleted') snap.pods = [...pods.map((p) => deleted(p)), ...extra];
  return snap;
}

const STEPS: Step[] = [
  'deployment-at-zero',
  'replicaset-at-zero',
  'pods-deleted',
  'endpoints-terminating',
  'containers-stopped',
];

const SAYS = 'Deployment api was scaled to 0 replicas at 2026-12-03 12:19:30 UTC by kubectl';

describe('scaled-to-zero while the scale-down is under way', () => {
  for (const step of STEPS) {
    it(`${step}: its own pods are on their way out, not "other pods still serve"`, () => {
      const d = diagnose(scalingDown(step), 'default', 'api');
      assertWellFormed(d);
      // Before its pods are deleted they still serve, for now: a warning, not broken yet.
      const removing = step === 'deployment-at-zero' || step === 'replicaset-at-zero';
      assert.equal(d.health, removing ? 'warning' : 'broken');
      assert.equal(codes(d)[0], 'scaled-to-zero');
      assert.ok(!codes(d).includes('healthy'));
      const r = reason(d, 'scaled-to-zero');
      assert.equal(r.severity, removing ? 'warning' : 'error');
      assert.doesNotMatch(r.summary, /still serve/);
      assert.equal(
        r.summary,
        `${SAYS} (Update via /scale): its 2 pods are ` +
          (removing
            ? 'being removed and no other pod will serve the selector tier=api.'
            : 'terminating and no other pod serves the selector tier=api.'),
      );
      // The way back is offered: nothing else will serve.
      assert.equal(
        r.fix?.description,
        'Scale Deployment api back to 2 (its last applied configuration).',
      );
      if (!removing) {
        const terminating = reason(d, 'pods-terminating');
        assert.equal(terminating.severity, 'error');
        assert.equal(terminating.summary, '2 pods are terminating and nothing else is ready.');
        assert.equal(terminating.causedBy, 'scaled-to-zero');
      }
    });
  }

  it('another workload that stays still serves, while this one’s pods terminate', () => {
    const other = replicaSetWithPods(
      deploymentRecord('default', 'api-canary', { labels: { tier: 'api', track: 'canary' } }),
      { replicas: 1 },
    ).pods;
    for (const step of STEPS) {
      const d = diagnose(scalingDown(step, other), 'default', 'api');
      const r = reason(d, 'scaled-to-zero');
      assert.equal(r.severity, 'info', step);
      assert.match(r.summary, /; other pods still serve the selector tier=api\.$/, step);
      assert.equal(r.fix, undefined, step);
      assert.equal(d.health, 'healthy', step);
    }
  });

  it('the other pods do not serve either when they are terminating too', () => {
    const other = replicaSetWithPods(
      deploymentRecord('default', 'api-canary', { labels: { tier: 'api', track: 'canary' } }),
      { replicas: 1 },
    ).pods.map((p) => deleted(p));
    const d = diagnose(scalingDown('pods-deleted', other), 'default', 'api');
    const r = reason(d, 'scaled-to-zero');
    assert.equal(r.severity, 'error');
    assert.match(r.summary, /: its 2 pods are terminating and no other pod serves/);
    assert.equal(
      reason(d, 'pods-terminating').summary,
      '3 pods are terminating and nothing else is ready.',
    );
  });
});

/** `kubectl scale sts/db --replicas=0` of 3: the controller deletes db-2 first, then db-1, db-0. */
function statefulSetScalingDown(left: number, terminating: boolean): ClusterSnapshot {
  const svc = serviceRecord('default', 'db', { selector: { app: 'db' } });
  const sts = statefulSetRecord('default', 'db', { replicas: 0, ready: left });
  sts.replicasChange = SCALED;
  const owner = { kind: 'StatefulSet', name: 'db', uid: sts.meta.uid };
  const pods = Array.from({ length: left }, (_, i) =>
    podRecord('default', `db-${i}`, { labels: { app: 'db' }, owner }),
  );
  if (terminating && left > 0) pods[left - 1] = deleted(pods[left - 1]!, false);
  return withControllers({ services: [svc], pods, statefulSets: [sts] });
}

describe('scaled-to-zero: a StatefulSet removing its pods one at a time', () => {
  it('while db-2 terminates, db-0 and db-1 are still its own, not other pods', () => {
    const d = diagnose(statefulSetScalingDown(3, true), 'default', 'db');
    assertWellFormed(d);
    const r = reason(d, 'scaled-to-zero');
    // db-0 and db-1 still serve, for now.
    assert.equal(r.severity, 'warning');
    assert.equal(
      r.summary,
      'StatefulSet db was scaled to 0 replicas at 2026-12-03 12:19:30 UTC by kubectl (Update via /scale): ' +
        'its 3 pods are being removed (1 terminating) and no other pod will serve the selector app=db.',
    );
    assert.equal(d.health, 'warning');
    assert.equal(
      reason(d, 'pods-terminating').summary,
      '1 pod is terminating (2 ready endpoints left).',
    );
  });

  it('its last pod terminating, then none left', () => {
    const last = reason(
      diagnose(statefulSetScalingDown(1, true), 'default', 'db'),
      'scaled-to-zero',
    );
    assert.match(
      last.summary,
      /: its 1 pod is terminating and no other pod serves the selector app=db\.$/,
    );
    const gone = diagnose(statefulSetScalingDown(0, false), 'default', 'db');
    assert.match(
      reason(gone, 'scaled-to-zero').summary,
      /: no pod is left for the selector app=db to match\.$/,
    );
    assert.deepEqual(codes(gone), ['scaled-to-zero', 'no-endpoints', 'selector-matches-no-pods']);
  });
});
