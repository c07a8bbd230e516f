/**
 * Test builders for workload records (workload-records.ts) as the controllers leave them: a
 * Deployment whose status has caught up, its ReplicaSets named `<deployment>-<pod-template-hash>`
 * with revision annotations, and the pods of each (objects.ts's deploymentPods naming).
 *
 * Contract: deterministic (uids from names, like objects.ts); a builder's defaults describe a
 * healthy, finished rollout, and options say what differs. Test-only.
 */
import type {
  DaemonSetRecord,
  DeploymentRecord,
  FieldChange,
  PodRecord,
  ReplicaSetRecord,
  StatefulSetRecord,
  WorkloadConditionRecord,
} from '../records';
import { deploymentPods, objectMeta, templateHashOf, type PodOptions } from './objects';

export interface DeploymentOptions {
  /** spec.replicas (default 2). */
  replicas?: number;
  /** Selector and template labels (default `{ app: <name> }`). */
  labels?: Record<string, string>;
  images?: string[];
  revision?: string;
  ready?: number;
  available?: number;
  updated?: number;
  statusReplicas?: number;
  conditions?: WorkloadConditionRecord[];
  paused?: boolean;
  replicasChange?: FieldChange;
  lastChange?: FieldChange;
  appliedReplicas?: number;
  progressDeadlineSeconds?: number;
  generation?: number;
  observedGeneration?: number;
}

export const AVAILABLE_CONDITION: WorkloadConditionRecord = {
  type: 'Available',
  status: 'True',
  reason: 'MinimumReplicasAvailable',
  message: 'Deployment has minimum availability.',
  lastUpdateTime: '2026-11-26T09:00:10Z',
};

export function progressingCondition(
  rs: string,
  reason = 'NewReplicaSetAvailable',
): WorkloadConditionRecord {
  const status = reason === 'ProgressDeadlineExceeded' ? 'False' : 'True';
  const message =
    reason === 'ProgressDeadlineExceeded'
      ? `ReplicaSet "${rs}" has timed out progressing.`
      : reason === 'ReplicaSetUpdated'
        ? `ReplicaSet "${rs}" is progressing.`
        : `ReplicaSet "${rs}" has successfully progressed.`;
  return { type: 'Progressing', status, reason, message, lastUpdateTime: '2026-11-26T09:00:10Z' };
}

export function deploymentRecord(
  namespace: string,
  name: string,
  opts: DeploymentOptions = {},
): DeploymentRecord {
  const replicas = opts.replicas ?? 2;
  const labels = opts.labels ?? { app: name };
  const generation = opts.generation ?? 1;
  const rs = `${name}-${templateHashOf(name)}`;
  const record: DeploymentRecord = {
    kind: 'Deployment',
    meta: objectMeta('Deployment', namespace, name, { labels }),
    selector: labels,
    templateLabels: labels,
    images: opts.images ?? ['nginx:1.27'],
    generation,
    observedGeneration: opts.observedGeneration ?? generation,
    replicas,
    paused: opts.paused ?? false,
    revision: opts.revision ?? '1',
    progressDeadlineSeconds: opts.progressDeadlineSeconds ?? 600,
    status: {
      replicas: opts.statusReplicas ?? replicas,
      ready: opts.ready ?? replicas,
      available: opts.available ?? opts.ready ?? replicas,
      updated: opts.updated ?? replicas,
    },
    conditions:
      opts.conditions ??
      (replicas > 0 ? [AVAILABLE_CONDITION] : []).concat(progressingCondition(rs)),
  };
  if (opts.replicasChange) record.replicasChange = opts.replicasChange;
  if (opts.lastChange) record.meta.lastChange = opts.lastChange;
  if (opts.appliedReplicas !== undefined) record.appliedReplicas = opts.appliedReplicas;
  return record;
}

export interface ReplicaSetOptions {
  replicas?: number;
  ready?: number;
  revision?: string;
  templateHash?: string;
  images?: string[];
}

/** A ReplicaSet of `deployment`, owned by it, labelled with its pod-template-hash. */
export function replicaSetRecord(
  deployment: DeploymentRecord,
  opts: ReplicaSetOptions = {},
): ReplicaSetRecord {
  const { namespace, name } = deployment.meta;
  const hash = opts.templateHash ?? templateHashOf(name);
  const rsName = `${name}-${hash}`;
  const labels = { ...deployment.templateLabels, 'pod-template-hash': hash };
  const replicas = opts.replicas ?? deployment.replicas;
  const ready = opts.ready ?? replicas;
  return {
    kind: 'ReplicaSet',
    meta: objectMeta('ReplicaSet', namespace, rsName, { labels }),
    selector: labels,
    templateLabels: labels,
    images: opts.images ?? deployment.images,
    owner: { kind: 'Deployment', name, uid: deployment.meta.uid },
    generation: 1,
    observedGeneration: 1,
    replicas,
    revision: opts.revision ?? deployment.revision ?? '1',
    status: { replicas, ready, available: ready },
    conditions: [],
  };
}

/** A Deployment's ReplicaSet and its pods (`ready` of them Ready), as one rollout leaves them. */
export function replicaSetWithPods(
  deployment: DeploymentRecord,
  opts: ReplicaSetOptions & { pod?: PodOptions } = {},
): { replicaSet: ReplicaSetRecord; pods: PodRecord[] } {
  const replicaSet = replicaSetRecord(deployment, opts);
  const hash = replicaSet.meta.labels!['pod-template-hash']!;
  const count = replicaSet.replicas;
  const ready = opts.ready ?? count;
  const { namespace, name } = deployment.meta;
  const pods = deploymentPods(namespace, name, count, {
    labels: deployment.templateLabels,
    ...opts.pod,
    templateHash: hash,
  }).map((pod, i) => {
    if (i < ready) return pod;
    return {
      ...pod,
      ready: false,
      readyReason: 'ContainersNotReady',
      readyMessage: 'containers with unready status: [main]',
      containers: [
        {
          name: 'main',
          ready: false,
          restartCount: 0,
          state: 'waiting' as const,
          reason: 'ImagePullBackOff',
          message: `Back-off pulling image "${replicaSet.images[0] ?? ''}"`,
        },
      ],
    };
  });
  return { replicaSet, pods };
}

export function statefulSetRecord(
  namespace: string,
  name: string,
  opts: { replicas?: number; ready?: number; labels?: Record<string, string> } = {},
): StatefulSetRecord {
  const replicas = opts.replicas ?? 1;
  const labels = opts.labels ?? { app: name };
  return {
    kind: 'StatefulSet',
    meta: objectMeta('StatefulSet', namespace, name, { labels }),
    selector: labels,
    templateLabels: labels,
    images: ['postgres:16'],
    generation: 1,
    observedGeneration: 1,
    replicas,
    currentRevision: `${name}-7d9c8b`,
    updateRevision: `${name}-7d9c8b`,
    status: {
      replicas,
      ready: opts.ready ?? replicas,
      available: opts.ready ?? replicas,
      updated: replicas,
    },
  };
}

export function daemonSetRecord(
  namespace: string,
  name: string,
  opts: { desired?: number; ready?: number } = {},
): DaemonSetRecord {
  const desired = opts.desired ?? 2;
  const labels = { app: name };
  return {
    kind: 'DaemonSet',
    meta: objectMeta('DaemonSet', namespace, name, { labels }),
    selector: labels,
    templateLabels: labels,
    images: ['fluent-bit:3'],
    generation: 1,
    observedGeneration: 1,
    status: {
      desired,
      current: desired,
      ready: opts.ready ?? desired,
      available: opts.ready ?? desired,
      updated: desired,
    },
  };
}
