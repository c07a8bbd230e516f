/**
 * Which status counters of the workload kinds a real apiserver never shows when they are zero:
 * the `int32`/`int64`/`string` fields tagged `json:",omitempty"` in
 * staging/src/k8s.io/api/apps/v1/types.go. kube-controller-manager fills a Go struct and the
 * encoder drops those zeros, so `kubectl get -o json` shows no `unavailableReplicas: 0`; the
 * fields without omitempty (ReplicaSet and StatefulSet `replicas`, StatefulSet
 * `availableReplicas`, the DaemonSet's four scheduling counts) stay, zero or not. Pointer fields
 * (`collisionCount`) are kept as written: upstream's zero there is an explicit 0.
 */
import type { ResourceName } from '../core/types';

const OMIT_WHEN_ZERO: Partial<Record<ResourceName, readonly string[]>> = {
  deployments: [
    'observedGeneration',
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
  ],
  replicasets: ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'],
  statefulsets: [
    'observedGeneration',
    'readyReplicas',
    'currentReplicas',
    'updatedReplicas',
    'currentRevision',
    'updateRevision',
  ],
  daemonsets: [
    'observedGeneration',
    'updatedNumberScheduled',
    'numberAvailable',
    'numberUnavailable',
  ],
};

/** The status as the apiserver would serve it: omitempty fields that are 0 or "" removed. */
export function omitEmptyStatus<T extends object>(resource: ResourceName, status: T): T {
  const fields = OMIT_WHEN_ZERO[resource];
  if (!fields) return status;
  const out = { ...status } as Record<string, unknown>;
  for (const field of fields) {
    if (out[field] === 0 || out[field] === '') delete out[field];
  }
  return out as T;
}
