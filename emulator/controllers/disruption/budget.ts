/**
 * The arithmetic of a PodDisruptionBudget's status, as upstream's disruption controller does it
 * (pkg/controller/disruption/disruption.go: getExpectedPodCount, getExpectedScale with its
 * controller finders, buildDisruptedPodMap, countHealthyPods, updatePdbStatus) and
 * k8s.io/component-helpers/apps/poddisruptionbudget (UpdateDisruptionAllowedCondition,
 * ConditionsAreUpToDate). Pure functions over objects and a lookup of controllers, so the
 * controller and its tests share them.
 */
import type { KubeObject, ResourceName } from '../../core/types';
import { controllerRef } from '../controller-ref';
import { scaledValue } from '../deployment/util';
import { isPodReady, rfc3339 } from '../util';

/** upstream DeletionTimeout: how long an evicted pod counts as disrupted before it is deleted. */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

export interface Condition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

export interface BudgetStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: Condition[];
}

export interface BudgetSpec {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  selector?: unknown;
  unhealthyPodEvictionPolicy?: string;
}

export type Budget = KubeObject & { spec?: BudgetSpec; status?: BudgetStatus };

/** Reads a controller of the pod's namespace (the listers upstream's finders use). */
export type Lookup = (
  resource: ResourceName,
  namespace: string,
  name: string,
) => KubeObject | undefined;

export const DISRUPTION_ALLOWED = 'DisruptionAllowed';

interface Scale {
  uid: string;
  scale: number;
}

const replicasOf = (o: KubeObject) => (o.spec as { replicas?: number } | undefined)?.replicas ?? 1;

/**
 * upstream's finders in order (getPodReplicaSet, getPodDeployment, getPodReplicationController,
 * getPodStatefulSet, getScaleController): the controller whose scale counts for a pod with this
 * controller reference, or undefined when none is found. A ReplicaSet owned by a Deployment
 * counts through the Deployment; the emulator serves no other scalable kinds.
 */
function findScale(
  lookup: Lookup,
  ref: { kind: string; name: string; uid: string },
  namespace: string,
): Scale | undefined {
  if (ref.kind === 'ReplicaSet') {
    const rs = lookup('replicasets', namespace, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    const owner = controllerRef(rs);
    if (!owner || owner.kind !== 'Deployment')
      return { uid: rs.metadata.uid ?? '', scale: replicasOf(rs) };
    const deployment = lookup('deployments', namespace, owner.name);
    if (!deployment || deployment.metadata.uid !== owner.uid) return undefined;
    return { uid: deployment.metadata.uid ?? '', scale: replicasOf(deployment) };
  }
  if (ref.kind === 'StatefulSet') {
    const sts = lookup('statefulsets', namespace, ref.name);
    if (!sts || sts.metadata.uid !== ref.uid) return undefined;
    return { uid: sts.metadata.uid ?? '', scale: replicasOf(sts) };
  }
  return undefined;
}

export interface ExpectedCount {
  expectedCount: number;
  desiredHealthy: number;
  /** Names of selected pods without a controller (upstream's UnmanagedPods event). */
  unmanagedPods: string[];
}

/** getExpectedScale: the sum of the scales of the pods' controllers; throws as upstream. */
function expectedScale(lookup: Lookup, pods: KubeObject[]): { count: number; unmanaged: string[] } {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = controllerRef(pod);
    if (!ref) {
      unmanaged.push(pod.metadata.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = findScale(lookup, ref, pod.metadata.namespace ?? '');
    if (!found) throw new Error(`found no controllers for pod "${pod.metadata.name ?? ''}"`);
    scales.set(found.uid, found.scale);
  }
  let count = 0;
  for (const n of scales.values()) count += n;
  return { count, unmanaged };
}

/** getExpectedPodCount: an int minAvailable counts the selected pods, anything else the scale. */
export function expectedPodCount(
  budget: Budget,
  pods: KubeObject[],
  lookup: Lookup,
): ExpectedCount {
  const spec = budget.spec ?? {};
  if (spec.maxUnavailable !== undefined) {
    const { count, unmanaged } = expectedScale(lookup, pods);
    const maxUnavailable = scaledValue(spec.maxUnavailable, count, true);
    return {
      expectedCount: count,
      desiredHealthy: Math.max(0, count - maxUnavailable),
      unmanagedPods: unmanaged,
    };
  }
  if (spec.minAvailable !== undefined) {
    if (typeof spec.minAvailable === 'number')
      return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanagedPods: [] };
    const { count, unmanaged } = expectedScale(lookup, pods);
    return {
      expectedCount: count,
      desiredHealthy: scaledValue(spec.minAvailable, count, true),
      unmanagedPods: unmanaged,
    };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

/**
 * buildDisruptedPodMap: the entries of status.disruptedPods for pods that still exist, are not
 * being deleted and were evicted less than DELETION_TIMEOUT ago; `expired` names the pods whose
 * eviction did not lead to a deletion in time (upstream's NotDeleted event), `recheckAt` the
 * earliest time an entry expires.
 */
export function disruptedPodMap(
  budget: Budget,
  pods: KubeObject[],
  now: number,
): { disrupted: Record<string, string>; expired: KubeObject[]; recheckAt?: number } {
  const previous = budget.status?.disruptedPods;
  const disrupted: Record<string, string> = {};
  const expired: KubeObject[] = [];
  let recheckAt: number | undefined;
  if (!previous) return { disrupted, expired };
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = previous[pod.metadata.name ?? ''];
    if (at === undefined) continue;
    const expectedDeletion = Date.parse(at) + DELETION_TIMEOUT_MS;
    if (expectedDeletion < now) expired.push(pod);
    else {
      if (recheckAt === undefined || expectedDeletion < recheckAt) recheckAt = expectedDeletion;
      disrupted[pod.metadata.name ?? ''] = at;
    }
  }
  return { disrupted, expired, recheckAt };
}

/** countHealthyPods: ready pods that are neither being deleted nor recently evicted. */
export function countHealthyPods(
  pods: KubeObject[],
  disrupted: Record<string, string>,
  now: number,
): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = disrupted[pod.metadata.name ?? ''];
    if (at !== undefined && Date.parse(at) + DELETION_TIMEOUT_MS > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

/** apimeta.SetStatusCondition: lastTransitionTime moves only when the status changes. */
export function setCondition(
  conditions: Condition[],
  next: Omit<Condition, 'lastTransitionTime'>,
  now: number,
): Condition[] {
  const existing = conditions.find((c) => c.type === next.type);
  const lastTransitionTime =
    existing && existing.status === next.status
      ? existing.lastTransitionTime
      : rfc3339(new Date(now));
  const condition: Condition = { ...next, lastTransitionTime };
  return existing
    ? conditions.map((c) => (c.type === next.type ? condition : c))
    : [...conditions, condition];
}

/** pdbhelper.UpdateDisruptionAllowedCondition. */
export function disruptionAllowedConditions(status: BudgetStatus, now: number): Condition[] {
  const allowed = status.disruptionsAllowed > 0;
  return setCondition(
    status.conditions ?? [],
    {
      type: DISRUPTION_ALLOWED,
      status: allowed ? 'True' : 'False',
      reason: allowed ? 'SufficientPods' : 'InsufficientPods',
      message: '',
      observedGeneration: status.observedGeneration,
    },
    now,
  );
}

/** pdbhelper.ConditionsAreUpToDate. */
export function conditionsAreUpToDate(budget: Budget): boolean {
  const status = budget.status;
  const condition = status?.conditions?.find((c) => c.type === DISRUPTION_ALLOWED);
  if (!status || !condition) return false;
  if ((status.observedGeneration ?? 0) !== (budget.metadata.generation ?? 0)) return false;
  return status.disruptionsAllowed > 0
    ? condition.status === 'True' && condition.reason === 'SufficientPods'
    : condition.status === 'False' && condition.reason === 'InsufficientPods';
}
