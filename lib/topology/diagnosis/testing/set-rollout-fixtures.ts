/**
 * StatefulSet and DaemonSet rollouts as their controllers leave them (test-only): pods carry
 * `controller-revision-hash`, the sets their status counts and revisions.
 */
import type { ClusterSnapshot, DaemonSetRecord, PodRecord, StatefulSetRecord } from '../../records';
import { podRecord, serviceRecord } from '../../testing/objects';
import { withControllers } from '../../testing/snapshots';
import { daemonSetRecord, statefulSetRecord } from '../../testing/workloads';

/** `probing`: running, its readiness probe not (yet) passed — not failing. */
type PodState = 'ready' | 'pull-error' | 'crash' | 'starting' | 'probing' | 'terminating';

const CONTAINERS: Record<Exclude<PodState, 'ready' | 'terminating'>, PodRecord['containers']> = {
  'pull-error': [
    { name: 'main', ready: false, restartCount: 0, state: 'waiting', reason: 'ImagePullBackOff' },
  ],
  crash: [
    { name: 'main', ready: false, restartCount: 4, state: 'waiting', reason: 'CrashLoopBackOff' },
  ],
  starting: [
    { name: 'main', ready: false, restartCount: 0, state: 'waiting', reason: 'ContainerCreating' },
  ],
  probing: [{ name: 'main', ready: false, restartCount: 0, state: 'running' }],
};

function setPod(
  owner: StatefulSetRecord | DaemonSetRecord,
  name: string,
  revision: string,
  state: PodState,
  created = '2026-11-26T09:00:00Z',
  extraLabels: Record<string, string> = {},
): PodRecord {
  // A terminating pod was ready until deleted; its endpoint is now marked terminating, not ready.
  const ready = state === 'ready' || state === 'terminating';
  const pod = podRecord(owner.meta.namespace, name, {
    labels: { ...owner.templateLabels, 'controller-revision-hash': revision, ...extraLabels },
    ready,
    terminating: state === 'terminating',
    owner: { kind: owner.kind, name: owner.meta.name, uid: owner.meta.uid },
    ...(state === 'ready' || state === 'terminating' ? {} : { containers: CONTAINERS[state] }),
  });
  pod.meta.creationTimestamp = created;
  return pod;
}

export interface SetFixture {
  snapshot: ClusterSnapshot;
  ns: string;
  name: string;
}

/**
 * `kubectl set image statefulset/db db=postgres:17-typo`: the controller replaced the highest
 * ordinal first and waits for it (OrderedReady); db-0 and db-1 still serve at the old revision.
 * With `pods: 1`, a one-pod set whose only pod is the failing new one. `newPod: 'probing'`: the
 * new pod runs but its readiness probe has not passed yet — nothing says it fails.
 */
export function stuckStatefulSet(
  opts: { pods?: 1 | 3; newPod?: 'pull-error' | 'probing' } = {},
): SetFixture {
  const replicas = opts.pods ?? 3;
  const set = statefulSetRecord('data', 'db', { replicas, ready: replicas - 1 });
  set.currentRevision = 'db-6c5d4b';
  set.updateRevision = 'db-7f8e9a';
  set.status = { replicas, ready: replicas - 1, available: replicas - 1, updated: 1 };
  const pods = [
    ...Array.from({ length: replicas - 1 }, (_, i) => setPod(set, `db-${i}`, 'db-6c5d4b', 'ready')),
    setPod(set, `db-${replicas - 1}`, 'db-7f8e9a', opts.newPod ?? 'pull-error'),
  ];
  const svc = serviceRecord('data', 'db', { selector: { app: 'db' } });
  return {
    snapshot: withControllers({ services: [svc], pods, statefulSets: [set] }),
    ns: 'data',
    name: 'db',
  };
}

/**
 * A partitioned update (`partition: 2` of 3): only db-2 moves to the new revision. `done`: it is
 * there and ready — finished by design, though currentRevision stays the old one; else starting.
 */
export function partitionedStatefulSet(opts: { done: boolean }): SetFixture {
  const set = statefulSetRecord('data', 'db', { replicas: 3 });
  set.partition = 2;
  set.currentRevision = 'db-6c5d4b';
  set.updateRevision = 'db-7f8e9a';
  set.status = { replicas: 3, ready: opts.done ? 3 : 2, available: 3, updated: opts.done ? 1 : 0 };
  const pods = [
    setPod(set, 'db-0', 'db-6c5d4b', 'ready'),
    setPod(set, 'db-1', 'db-6c5d4b', 'ready'),
    setPod(set, 'db-2', 'db-7f8e9a', opts.done ? 'ready' : 'starting'),
  ];
  const svc = serviceRecord('data', 'db', { selector: { app: 'db' } });
  return {
    snapshot: withControllers({ services: [svc], pods, statefulSets: [set] }),
    ns: 'data',
    name: 'db',
  };
}

/**
 * `kubectl set image daemonset/logs …` whose new image crashes: the controller replaced one pod
 * (maxUnavailable 1) and waits; two old pods still serve. `onDelete`: the same pods under an
 * OnDelete strategy (no rollout is judged).
 */
export function stuckDaemonSet(opts: { onDelete?: boolean } = {}): SetFixture {
  const ds = daemonSetRecord('ops', 'logs', { desired: 3, ready: 2 });
  ds.status = { desired: 3, current: 3, ready: 2, available: 2, updated: 1 };
  if (opts.onDelete) ds.onDelete = true;
  const pods = [
    setPod(ds, 'logs-a1b2c', '5d6e7f8a9b', 'ready'),
    setPod(ds, 'logs-d3e4f', '5d6e7f8a9b', 'ready'),
    setPod(ds, 'logs-g5h6i', '6f7a8b9c0d', 'crash', '2026-11-26T10:05:00Z'),
  ];
  const svc = serviceRecord('ops', 'logs', { selector: { app: 'logs' } });
  return {
    snapshot: withControllers({ services: [svc], pods, daemonSets: [ds] }),
    ns: 'ops',
    name: 'logs',
  };
}

/**
 * `kubectl set image statefulset/db db=postgres:17` on a healthy set: the controller deleted the
 * highest ordinal first (db-{replicas-1}, still terminating) and recreates it at the new revision
 * once it is gone; the lower ordinals still serve at the old one. With `replicas: 1`, the only
 * pod is the terminating one: the Service routes nowhere until its replacement is ready.
 */
export function replacingStatefulSet(opts: { replicas?: 1 | 3 } = {}): SetFixture {
  const replicas = opts.replicas ?? 3;
  const set = statefulSetRecord('data', 'db', { replicas });
  set.currentRevision = 'db-6c5d4b';
  set.updateRevision = 'db-7f8e9a';
  set.generation = 2;
  set.observedGeneration = 2;
  set.status = { replicas: replicas - 1, ready: replicas - 1, available: replicas - 1, updated: 0 };
  const pods = Array.from({ length: replicas }, (_, i) =>
    setPod(set, `db-${i}`, 'db-6c5d4b', i === replicas - 1 ? 'terminating' : 'ready'),
  );
  const svc = serviceRecord('data', 'db', { selector: { app: 'db' } });
  return {
    snapshot: withControllers({ services: [svc], pods, statefulSets: [set] }),
    ns: 'data',
    name: 'db',
  };
}

/**
 * `kubectl set image daemonset/logs …` on a one-node cluster (template generation 1 → 2): the
 * controller deleted the only pod, still terminating, and creates the new one once it is gone —
 * no pod carries the new revision yet. With `drained`: the same pod deleted without any template
 * change (a drain's doing, not a rollout's).
 */
export function replacingDaemonSet(opts: { drained?: boolean } = {}): SetFixture {
  const ds = daemonSetRecord('ops', 'logs', { desired: 1 });
  const generation = opts.drained ? 1 : 2;
  ds.generation = generation;
  ds.observedGeneration = generation;
  ds.templateGeneration = generation;
  ds.status = { desired: 1, current: 0, ready: 0, available: 0, updated: 0 };
  const pods = [
    setPod(ds, 'logs-a1b2c', '5d6e7f8a9b', 'terminating', undefined, {
      'pod-template-generation': '1',
    }),
  ];
  const svc = serviceRecord('ops', 'logs', { selector: { app: 'logs' } });
  return {
    snapshot: withControllers({ services: [svc], pods, daemonSets: [ds] }),
    ns: 'ops',
    name: 'logs',
  };
}
