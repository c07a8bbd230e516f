import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentPods, serviceRecord } from '../testing/objects';
import { withControllers } from '../testing/snapshots';
import { deploymentRecord, replicaSetWithPods } from '../testing/workloads';
import { assertWellFormed, codes, diagnose, reason } from './testing/assertions';
import { scaledToZeroCluster } from './testing/workload-fixtures';

describe('scaled-to-zero', () => {
  it('leads the diagnosis, names the Deployment, when and by whom; the symptoms sit under it', () => {
    const d = diagnose(scaledToZeroCluster(), 'default', 'api');
    assertWellFormed(d);
    assert.equal(d.health, 'broken');
    assert.deepEqual(codes(d), ['scaled-to-zero', 'no-endpoints', 'selector-matches-no-pods']);
    const r = reason(d, 'scaled-to-zero');
    assert.equal(r.severity, 'error');
    assert.equal(r.causedBy, undefined);
    assert.match(
      r.summary,
      /^Deployment api was scaled to 0 replicas at 2026-12-03 12:19:30 UTC by kubectl \(Update via \/scale\)/,
    );
    assert.match(r.detail ?? '', /asks for 2 replicas/);
    assert.deepEqual(r.evidence[1], {
      kind: 'Deployment',
      namespace: 'default',
      name: 'api',
      field: 'metadata.managedFields[spec.replicas]',
      value: 'kubectl Update /scale 2026-12-03T12:19:30Z',
    });
    assert.equal(reason(d, 'no-endpoints').causedBy, 'scaled-to-zero');
    assert.equal(reason(d, 'selector-matches-no-pods').causedBy, 'scaled-to-zero');
  });

  it('is info when another workload behind the selector still serves', () => {
    const svc = serviceRecord('default', 'web', { selector: { tier: 'web' } });
    const blue = deploymentRecord('default', 'blue', { labels: { tier: 'web', color: 'blue' } });
    const green = deploymentRecord('default', 'green', {
      replicas: 0,
      labels: { tier: 'web', color: 'green' },
    });
    const live = replicaSetWithPods(blue);
    const d = diagnose(
      withControllers({
        services: [svc],
        pods: live.pods,
        deployments: [blue, green],
        replicaSets: [live.replicaSet],
      }),
      'default',
      'web',
    );
    const r = reason(d, 'scaled-to-zero');
    assert.equal(r.severity, 'info');
    assert.match(r.summary, /^Deployment green was scaled to 0 replicas; other pods still serve/);
    assert.equal(d.health, 'healthy');
  });

  it('without workload records (not watched or forbidden) the symptom-level diagnosis stays', () => {
    const snap = scaledToZeroCluster();
    snap.deployments = [];
    snap.replicaSets = [];
    const d = diagnose(snap, 'default', 'api');
    // The selector's own reason is then the cause of no-endpoints.
    assert.deepEqual(codes(d), ['selector-matches-no-pods', 'no-endpoints']);
    assert.equal(reason(d, 'no-endpoints').causedBy, 'selector-matches-no-pods');
  });

  it('a Deployment with pods is not scaled to zero, and old ReplicaSets at 0 are not either', () => {
    const svc = serviceRecord('default', 'api', { selector: { app: 'api' } });
    const deployment = deploymentRecord('default', 'api', { revision: '2' });
    const { replicaSet, pods } = replicaSetWithPods(deployment);
    const old = {
      ...replicaSet,
      meta: { ...replicaSet.meta, uid: 'old', name: 'api-old' },
      replicas: 0,
      revision: '1',
    };
    const extra = deploymentPods('default', 'x', 1, { labels: { app: 'x' } });
    const d = diagnose(
      withControllers({
        services: [svc],
        pods: [...pods, ...extra],
        deployments: [deployment],
        replicaSets: [replicaSet, old],
      }),
      'default',
      'api',
    );
    assert.deepEqual(codes(d), ['healthy']);
  });
});
