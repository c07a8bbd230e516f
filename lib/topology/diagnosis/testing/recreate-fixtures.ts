/**
 * Deployments with `strategy: Recreate` as the controller leaves them mid-rollout (test-only):
 * every old ReplicaSet scaled to 0 and its pods terminating, the new ReplicaSet made only once
 * they are gone. Records carry template digests as the slim cache does (lib/k8s/pod-template.ts):
 * a Deployment's equals its new ReplicaSet's.
 */
import type { ClusterSnapshot } from '../../records';
import { serviceRecord } from '../../testing/objects';
import { withControllers } from '../../testing/snapshots';
import {
  deploymentRecord,
  progressingCondition,
  replicaSetRecord,
  replicaSetWithPods,
} from '../../testing/workloads';

export interface RecreateFixture {
  snapshot: ClusterSnapshot;
  ns: string;
  name: string;
}

/**
 * `kubectl set image deploy/ledger ledger=…:3.1` on a Recreate Deployment of 2 replicas. Phase
 * `terminating`: the old ReplicaSet (revision 1) is scaled to 0 and both its pods terminate; no
 * ReplicaSet has the new template yet, so the Deployment still carries revision 1. Phase
 * `created`: the old pods are gone, and the new ReplicaSet (revision 2), just made and scaled up,
 * starts its pods (the Deployment's status does not count them yet).
 */
export function recreateRollout(phase: 'terminating' | 'created'): RecreateFixture {
  const svc = serviceRecord('bank', 'ledger', { selector: { app: 'ledger' } });
  const deployment = deploymentRecord('bank', 'ledger', {
    revision: phase === 'terminating' ? '1' : '2',
    images: ['ghcr.io/acme-bank/ledger:3.1'],
    ready: 0,
    updated: 0,
    generation: 2,
    conditions: [progressingCondition('ledger-6b5a4c', 'ReplicaSetUpdated')],
  });
  deployment.recreate = true;
  deployment.templateDigest = 'digest-3-1';
  const old = replicaSetWithPods(deployment, {
    replicas: 2,
    revision: '1',
    images: ['ghcr.io/acme-bank/ledger:3.0'],
    pod: { terminating: true },
  });
  old.replicaSet.replicas = 0;
  old.replicaSet.status = { replicas: 0, ready: 0, available: 0 };
  old.replicaSet.templateDigest = 'digest-3-0';
  if (phase === 'terminating') {
    return {
      snapshot: withControllers({
        services: [svc],
        pods: old.pods,
        deployments: [deployment],
        replicaSets: [old.replicaSet],
      }),
      ns: 'bank',
      name: 'ledger',
    };
  }
  const next = replicaSetWithPods(deployment, {
    revision: '2',
    templateHash: '9d8c7b',
    ready: 0,
    pod: {
      containers: [
        {
          name: 'main',
          ready: false,
          restartCount: 0,
          state: 'waiting',
          reason: 'ContainerCreating',
        },
      ],
    },
  });
  next.replicaSet.templateDigest = 'digest-3-1';
  return {
    snapshot: withControllers({
      services: [svc],
      pods: next.pods,
      deployments: [deployment],
      replicaSets: [{ ...old.replicaSet }, next.replicaSet],
    }),
    ns: 'bank',
    name: 'ledger',
  };
}

/**
 * `kubectl rollout undo deploy/ledger` (Recreate) back to revision 1, read before the controller
 * has bumped the revision annotations: the Deployment's template is revision 1's again (its
 * ReplicaSet, scaled to 0, is the new one by template) while revision 2's pods terminate.
 */
export function recreateUndo(): RecreateFixture {
  const svc = serviceRecord('bank', 'ledger', { selector: { app: 'ledger' } });
  const deployment = deploymentRecord('bank', 'ledger', {
    revision: '2',
    ready: 0,
    updated: 0,
    generation: 3,
  });
  deployment.recreate = true;
  deployment.templateDigest = 'digest-3-0';
  const first = replicaSetRecord(deployment, { replicas: 0, revision: '1', ready: 0 });
  first.templateDigest = 'digest-3-0';
  const second = replicaSetWithPods(deployment, {
    replicas: 2,
    revision: '2',
    templateHash: '9d8c7b',
    images: ['ghcr.io/acme-bank/ledger:3.1'],
    pod: { terminating: true },
  });
  second.replicaSet.replicas = 0;
  second.replicaSet.status = { replicas: 0, ready: 0, available: 0 };
  second.replicaSet.templateDigest = 'digest-3-1';
  return {
    snapshot: withControllers({
      services: [svc],
      pods: second.pods,
      deployments: [deployment],
      replicaSets: [first, second.replicaSet],
    }),
    ns: 'bank',
    name: 'ledger',
  };
}
