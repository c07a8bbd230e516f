/**
 * The fixtures of the workload reason codes (scaled-to-zero, workload-missing, rollout-stuck,
 * rollout-in-progress, pods-pending-unschedulable), each a small cluster as the controllers leave
 * it after the kubectl steps named above it. Part of FIXTURES (reason-fixtures.ts). Test-only.
 */
import type { ReasonCode } from '../codes';
import type { Fixture } from './reason-fixtures';
import { deploymentPods, podRecord, serviceRecord } from '../../testing/objects';
import { withControllers } from '../../testing/snapshots';
import {
  deploymentRecord,
  progressingCondition,
  replicaSetRecord,
  replicaSetWithPods,
} from '../../testing/workloads';

/** `kubectl scale deploy api --replicas=0 -n default` after `kubectl apply` of 2 replicas. */
export function scaledToZeroCluster() {
  const svc = serviceRecord('default', 'api', { selector: { app: 'api' } });
  const deployment = deploymentRecord('default', 'api', {
    replicas: 0,
    appliedReplicas: 2,
    replicasChange: {
      manager: 'kubectl',
      operation: 'Update',
      time: '2026-12-03T12:19:30Z',
      subresource: 'scale',
    },
  });
  const replicaSet = replicaSetRecord(deployment, { replicas: 0 });
  // Other pods of the namespace, so "matches none of the 2 pods" reads as it did before.
  const others = deploymentPods('default', 'worker', 2, { labels: { app: 'worker' } });
  return withControllers({
    services: [svc],
    pods: others,
    deployments: [deployment],
    replicaSets: [replicaSet],
  });
}

/**
 * Like `shop/cart` of the demo (here `store/cart`, so it does not shadow another fixture's
 * shop/cart): `kubectl set image deploy/cart cart=…:1.10.0-rc.1`, whose pods never pass
 * readiness; 3 of the old revision still serve. Past the progress deadline (Progressing False,
 * ProgressDeadlineExceeded) unless `deadline: false`: then it is still within it, a rollout in
 * progress as far as kubectl can tell.
 */
export function stuckRolloutCluster(opts: { deadline?: boolean; oldReady?: number } = {}) {
  const svc = serviceRecord('store', 'cart', { selector: { app: 'cart' } });
  const deployment = deploymentRecord('store', 'cart', {
    replicas: 4,
    revision: '2',
    images: ['ghcr.io/acme-shop/cart:1.10.0-rc.1'],
    ready: 3,
    updated: 2,
    statusReplicas: 5,
    conditions: [
      progressingCondition(
        'cart-5f7d8c9d',
        (opts.deadline ?? true) ? 'ProgressDeadlineExceeded' : 'ReplicaSetUpdated',
      ),
    ],
  });
  deployment.changeCause =
    'kubectl set image deployment/cart cart=ghcr.io/acme-shop/cart:1.10.0-rc.1';
  const old = replicaSetWithPods(deployment, {
    replicas: 3,
    revision: '1',
    images: ['ghcr.io/acme-shop/cart:1.9.0'],
    ready: opts.oldReady ?? 3,
  });
  const next = replicaSetWithPods(deployment, {
    replicas: 2,
    ready: 0,
    revision: '2',
    templateHash: '5f7d8c9d',
    pod: { containers: [{ name: 'cart', ready: false, restartCount: 0, state: 'running' }] },
  });
  // Running but never ready: a readiness probe that fails.
  for (const p of next.pods)
    p.containers = [{ name: 'cart', ready: false, restartCount: 0, state: 'running' }];
  return withControllers({
    services: [svc],
    pods: [...old.pods, ...next.pods],
    deployments: [deployment],
    replicaSets: [old.replicaSet, next.replicaSet],
  });
}

/**
 * A Deployment's first rollout that never becomes available (one revision, its only pod
 * crash-looping) and has passed its progress deadline: nothing to roll back to.
 */
export function firstRolloutStuckCluster() {
  const svc = serviceRecord('legacy', 'report-builder', { selector: { app: 'report-builder' } });
  const deployment = deploymentRecord('legacy', 'report-builder', {
    replicas: 1,
    revision: '1',
    ready: 0,
    updated: 1,
    conditions: [progressingCondition('report-builder-6d5f', 'ProgressDeadlineExceeded')],
  });
  const only = replicaSetWithPods(deployment, { replicas: 1, ready: 0, templateHash: '6d5f' });
  for (const p of only.pods)
    p.containers = [
      {
        name: 'main',
        ready: false,
        restartCount: 7,
        state: 'waiting',
        reason: 'CrashLoopBackOff',
        message: 'back-off 5m0s restarting failed container',
      },
    ];
  return withControllers({
    services: [svc],
    pods: only.pods,
    deployments: [deployment],
    replicaSets: [only.replicaSet],
  });
}

/**
 * `kubectl set image deploy/search search=…:2.4.1` on a Deployment whose rolling update may take
 * every old pod down at once (replicas 2, maxSurge 0, maxUnavailable 100%): the old ReplicaSet
 * (revision 3) is scaled to 0 and its pods are terminating, their endpoints marked so, while the
 * new ones (revision 4) are still being created — the Service routes nowhere for now. `failing`:
 * the new pods cannot pull their image instead, past the progress deadline (a stuck rollout).
 */
export function replacingRolloutCluster(opts: { failing?: boolean } = {}) {
  const svc = serviceRecord('shop', 'search', { selector: { app: 'search' } });
  const deployment = deploymentRecord('shop', 'search', {
    revision: '4',
    images: ['ghcr.io/acme-shop/search:2.4.1'],
    ready: 0,
    updated: 2,
    conditions: [
      progressingCondition(
        'search-8f9a7b',
        opts.failing ? 'ProgressDeadlineExceeded' : 'ReplicaSetUpdated',
      ),
    ],
  });
  const old = replicaSetRecord(deployment, {
    replicas: 0,
    ready: 0,
    revision: '3',
    images: ['ghcr.io/acme-shop/search:2.4.0'],
  });
  // Built as the ReplicaSet had them (2 replicas), then deleted by its scale to 0.
  const oldPods = replicaSetWithPods(deployment, {
    replicas: 2,
    revision: '3',
    pod: { terminating: true },
  }).pods;
  const next = replicaSetWithPods(deployment, {
    ready: 0,
    revision: '4',
    templateHash: '8f9a7b',
  });
  if (!opts.failing)
    for (const p of next.pods)
      p.containers = [
        {
          name: 'search',
          ready: false,
          restartCount: 0,
          state: 'waiting',
          reason: 'ContainerCreating',
        },
      ];
  return withControllers({
    services: [svc],
    pods: [...oldPods, ...next.pods],
    deployments: [deployment],
    replicaSets: [old, next.replicaSet],
  });
}

type WorkloadCode = Extract<
  ReasonCode,
  | 'scaled-to-zero'
  | 'workload-missing'
  | 'rollout-stuck'
  | 'rollout-in-progress'
  | 'pods-pending-unschedulable'
>;

export const WORKLOAD_FIXTURES: Record<WorkloadCode, Fixture> = {
  'scaled-to-zero': () => ({ snapshot: scaledToZeroCluster(), ns: 'default', name: 'api' }),

  'workload-missing': () => {
    // `kubectl edit deploy ledger` changed the template's app label to ledger-v2: its new pods no
    // longer match the Service, the old ReplicaSet (scaled to 0) shows what used to.
    const svc = serviceRecord('default', 'ledger', { selector: { app: 'ledger' } });
    const deployment = deploymentRecord('default', 'ledger', {
      labels: { app: 'ledger-v2' },
      revision: '2',
    });
    const oldDeployment = deploymentRecord('default', 'ledger', { labels: { app: 'ledger' } });
    const old = replicaSetRecord(
      { ...oldDeployment, meta: deployment.meta },
      { replicas: 0, revision: '1', templateHash: 'aa11bb22' },
    );
    const next = replicaSetWithPods(deployment, { revision: '2' });
    return {
      snapshot: withControllers({
        services: [svc],
        pods: next.pods,
        deployments: [deployment],
        replicaSets: [old, next.replicaSet],
      }),
      ns: 'default',
      name: 'ledger',
    };
  },

  'rollout-stuck': () => ({ snapshot: stuckRolloutCluster(), ns: 'store', name: 'cart' }),

  'rollout-in-progress': () => {
    // A healthy rollout half-way: 2 new pods ready, 1 starting, 2 old ones serving.
    const svc = serviceRecord('shop', 'catalog', { selector: { app: 'catalog' } });
    const deployment = deploymentRecord('shop', 'catalog', {
      replicas: 4,
      revision: '3',
      ready: 4,
      updated: 3,
      conditions: [progressingCondition('catalog-7c8d9f', 'ReplicaSetUpdated')],
    });
    const old = replicaSetWithPods(deployment, { replicas: 2, revision: '2' });
    const next = replicaSetWithPods(deployment, {
      replicas: 3,
      ready: 2,
      revision: '3',
      templateHash: '7c8d9f',
    });
    const starting = next.pods[2]!;
    starting.containers = [
      {
        name: 'main',
        ready: false,
        restartCount: 0,
        state: 'waiting',
        reason: 'ContainerCreating',
      },
    ];
    return {
      snapshot: withControllers({
        services: [svc],
        pods: [...old.pods, ...next.pods],
        deployments: [deployment],
        replicaSets: [old.replicaSet, next.replicaSet],
      }),
      ns: 'shop',
      name: 'catalog',
    };
  },

  'pods-pending-unschedulable': () => {
    // `kubectl patch deploy reports -p '{"spec":{"template":{"spec":{"nodeSelector":{"disk":"ssd"}}}}}'`
    // on a cluster without such nodes (and no other pod left).
    const svc = serviceRecord('ops', 'reports', { selector: { app: 'reports' } });
    const pods = [0, 1].map((i) =>
      podRecord('ops', `reports-6b7c8d-${i}`, {
        labels: { app: 'reports' },
        ready: false,
        scheduled: false,
        readyReason: 'Unschedulable',
        readyMessage:
          "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
        containers: [],
      }),
    );
    return { snapshot: withControllers({ services: [svc], pods }), ns: 'ops', name: 'reports' };
  },
};
