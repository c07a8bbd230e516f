/**
 * Slim records of the workload kinds (apps/v1 Deployment, ReplicaSet, StatefulSet, DaemonSet)
 * and the "who changed it" stamps read from `metadata.managedFields`.
 *
 * Contract: the same as records.ts (which re-exports these): only what the diagnosis, the change
 * trail and the map read; immutable once stored; no runtime imports. A workload keeps its
 * selector's `matchLabels` as `selector` and its `matchExpressions` as `selectorExpressions`
 * (both must hold, as upstream's LabelSelectorAsSelector); the template's labels and container
 * images, the controlling owner, the rollout revision and change-cause, generations, the status
 * counts and the Progressing/Available conditions. `newReplicaSetOf` is the one definition of a
 * Deployment's new ReplicaSet.
 */
import type { RecordMeta } from './records';

/**
 * One writer of an object, from one `metadata.managedFields` entry (upstream:
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go, ManagedFieldsEntry). The apiserver
 * stamps `time` when the writer's fields changed, at second precision.
 */
export interface FieldChange {
  /**
   * The field manager: `kubectl-edit`, `kubectl-client-side-apply`, `kubectl` (`kubectl scale`),
   * `kube-controller-manager`, `switchboard`, or a client's User-Agent program name.
   */
  manager: string;
  /** 'Apply' (server-side apply) or 'Update' (every other write). */
  operation: string;
  /** RFC 3339; absent when the server did not stamp one. */
  time?: string;
  /** The subresource written through (`scale` for `kubectl scale`); absent for the object itself. */
  subresource?: string;
}

/** The controlling owner of an object (its `ownerReferences` entry with `controller: true`). */
export interface OwnerRecord {
  kind: string;
  name: string;
  /** Absent only when the served reference had none. */
  uid?: string;
}

/** A `matchExpressions` requirement, as served. */
export interface SelectorRequirementRecord {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** A Progressing, Available or ReplicaFailure condition of a Deployment or ReplicaSet. */
export interface WorkloadConditionRecord {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  /** e.g. `ProgressDeadlineExceeded`, `NewReplicaSetAvailable`, `MinimumReplicasUnavailable`. */
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

/** Counts from `status`; absent counts are 0, as upstream omits zeros. */
export interface WorkloadCounts {
  replicas: number;
  ready: number;
  available: number;
  /** Pods of the current template (Deployment, StatefulSet); absent for a ReplicaSet. */
  updated?: number;
}

interface WorkloadCommon {
  meta: RecordMeta;
  /** `spec.selector.matchLabels` ({} when the selector has expressions only). */
  selector: Record<string, string>;
  /** `spec.selector.matchExpressions`, when any. */
  selectorExpressions?: SelectorRequirementRecord[];
  /** `spec.template.metadata.labels`: the labels this workload's pods are created with. */
  templateLabels: Record<string, string>;
  /** `spec.template.spec.containers[].image`, in order. */
  images: string[];
  owner?: OwnerRecord;
  generation: number;
  observedGeneration?: number;
}

interface ScaledWorkload extends WorkloadCommon {
  /** `spec.replicas` (upstream defaults it to 1). */
  replicas: number;
  /**
   * Who last set `spec.replicas`: the managedFields entry owning `f:spec.f:replicas`, including
   * the `scale` subresource's entry that `kubectl scale` leaves (manager `kubectl`).
   */
  replicasChange?: FieldChange;
  /**
   * `spec.replicas` of the `kubectl.kubernetes.io/last-applied-configuration` annotation, when a
   * client-side apply left one: a replica count someone chose, for "scale back to N".
   */
  appliedReplicas?: number;
}

export interface DeploymentRecord extends ScaledWorkload {
  kind: 'Deployment';
  paused: boolean;
  /** `spec.strategy.type: Recreate`: every old pod goes before the new ReplicaSet is scaled up. */
  recreate?: true;
  /** The pod template's digest (lib/k8s/pod-template.ts): its new ReplicaSet's is the same. */
  templateDigest?: string;
  /** `deployment.kubernetes.io/revision`. */
  revision?: string;
  /** `kubernetes.io/change-cause`. */
  changeCause?: string;
  /** `spec.progressDeadlineSeconds` (upstream defaults it to 600). */
  progressDeadlineSeconds?: number;
  status: WorkloadCounts;
  conditions: WorkloadConditionRecord[];
}

export interface ReplicaSetRecord extends ScaledWorkload {
  kind: 'ReplicaSet';
  /** `deployment.kubernetes.io/revision`: which rollout of its Deployment this is. */
  revision?: string;
  /** Its pod template's digest, without `pod-template-hash`; kept when a Deployment owns it. */
  templateDigest?: string;
  changeCause?: string;
  status: WorkloadCounts;
  conditions: WorkloadConditionRecord[];
}

export interface StatefulSetRecord extends ScaledWorkload {
  kind: 'StatefulSet';
  /** ControllerRevision names: the current pods' and the update's. */
  currentRevision?: string;
  updateRevision?: string;
  /**
   * `spec.updateStrategy.rollingUpdate.partition` when above 0: pods with a lower ordinal stay at
   * the current revision, so the rollout is done once `replicas - partition` pods are updated.
   */
  partition?: number;
  /** `spec.updateStrategy.type: OnDelete`: pods change revision only when deleted by hand. */
  onDelete?: true;
  status: WorkloadCounts;
}

export interface DaemonSetRecord extends WorkloadCommon {
  kind: 'DaemonSet';
  /**
   * `deprecated.daemonset.template.generation`: the generation of the pod template's last change,
   * which the controller stamps on each pod as `pod-template-generation`. Absent when unset.
   */
  templateGeneration?: number;
  /** `spec.updateStrategy.type: OnDelete`: pods change revision only when deleted by hand. */
  onDelete?: true;
  status: {
    /** `desiredNumberScheduled`. */
    desired: number;
    /** `currentNumberScheduled`. */
    current: number;
    ready: number;
    available: number;
    updated: number;
  };
}

export type WorkloadRecord =
  DeploymentRecord | ReplicaSetRecord | StatefulSetRecord | DaemonSetRecord;

export type WorkloadKind = WorkloadRecord['kind'];

export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
];

function revisionNumber(rs: ReplicaSetRecord): number {
  const n = Number(rs.revision);
  return Number.isFinite(n) ? n : -1;
}

/**
 * A Deployment's new ReplicaSet: upstream's FindNewReplicaSet, the oldest one whose pod template
 * equals the Deployment's but for `pod-template-hash` (by `templateDigest`). None while the
 * controller has not made it yet — a Recreate rollout makes it only once the old pods are gone.
 * When the digests are not known (records from before they were kept), the one whose revision
 * annotation equals the Deployment's, else the highest revision: that annotation is set on both
 * when the new ReplicaSet is made, but a Recreate rollout's Deployment keeps the old revision
 * until then.
 */
export function newReplicaSetOf(
  d: DeploymentRecord,
  sets: readonly ReplicaSetRecord[],
): ReplicaSetRecord | undefined {
  if (d.templateDigest !== undefined && sets.every((rs) => rs.templateDigest !== undefined)) {
    return sets
      .filter((rs) => rs.templateDigest === d.templateDigest)
      .reduce<ReplicaSetRecord | undefined>(
        (a, rs) =>
          !a || (rs.meta.creationTimestamp ?? '') < (a.meta.creationTimestamp ?? '') ? rs : a,
        undefined,
      );
  }
  return (
    sets.find((rs) => rs.revision !== undefined && rs.revision === d.revision) ??
    sets.reduce<ReplicaSetRecord | undefined>(
      (a, b) => (a === undefined || revisionNumber(b) > revisionNumber(a) ? b : a),
      undefined,
    )
  );
}

/** Whether a workload's selector (matchLabels and matchExpressions) matches these labels. */
export function workloadSelects(
  workload: WorkloadRecord,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const own = labels ?? {};
  const keys = Object.keys(workload.selector);
  const expressions = workload.selectorExpressions ?? [];
  // An empty selector selects nothing for controllers (upstream refuses it at validation).
  if (keys.length === 0 && expressions.length === 0) return false;
  for (const key of keys) if (own[key] !== workload.selector[key]) return false;
  for (const r of expressions) {
    const has = Object.prototype.hasOwnProperty.call(own, r.key);
    const value = own[r.key];
    switch (r.operator) {
      case 'In':
        if (!has || !(r.values ?? []).includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && (r.values ?? []).includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}
