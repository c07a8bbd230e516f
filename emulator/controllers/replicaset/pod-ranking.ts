/**
 * Which pods a ReplicaSet counts and which it deletes first (upstream pkg/controller/
 * controller_utils.go FilterActivePods and ActivePodsWithRanks, pkg/api/v1/pod IsPodAvailable):
 * active pods are neither terminal nor being deleted; available pods have been Ready for
 * minReadySeconds; on scale-down unscheduled pods go first, then pending, not ready, those on
 * more crowded nodes, the more recently ready, the more restarted, and the newer.
 */
import type { KubeObject } from '../../core/types';
import { type PodLike, getPodCondition, isPodReady, isPodTerminal } from '../util';

export function isActive(pod: KubeObject): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** upstream podutil.IsPodAvailable: Ready for at least minReadySeconds. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(getPodCondition(pod, 'Ready')?.lastTransitionTime ?? '');
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(pod: KubeObject): number {
  const statuses = ((pod as PodLike).status?.containerStatuses ?? []) as {
    restartCount?: number;
  }[];
  return statuses.reduce((m, s) => Math.max(m, s.restartCount ?? 0), 0);
}

/**
 * upstream ActivePodsWithRanks.Less: true when `a` should be deleted before `b`. `rank` is the
 * number of related active pods on the same node (more crowded nodes lose pods first).
 */
export function deleteFirst(
  a: KubeObject,
  b: KubeObject,
  rank: (pod: KubeObject) => number,
): boolean {
  const na = (a as PodLike).spec?.nodeName ?? '';
  const nb = (b as PodLike).spec?.nodeName ?? '';
  if ((na === '') !== (nb === '')) return na === '';
  const pa = PHASE_RANK[(a as PodLike).status?.phase ?? 'Pending'] ?? 0;
  const pb = PHASE_RANK[(b as PodLike).status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  const ka = rank(a);
  const kb = rank(b);
  if (ka !== kb) return ka > kb;
  if (ra && rb) {
    const ta = Date.parse(getPodCondition(a, 'Ready')?.lastTransitionTime ?? '') || 0;
    const tb = Date.parse(getPodCondition(b, 'Ready')?.lastTransitionTime ?? '') || 0;
    if (ta !== tb) return ta > tb;
  }
  const xa = restarts(a);
  const xb = restarts(b);
  if (xa !== xb) return xa > xb;
  const ca = a.metadata.creationTimestamp ?? '';
  const cb = b.metadata.creationTimestamp ?? '';
  if (ca !== cb) return ca > cb;
  return (a.metadata.name ?? '') > (b.metadata.name ?? '');
}

/** The first `count` of `pods` in deletion order. */
export function rankForDeletion(
  pods: readonly KubeObject[],
  count: number,
  rank: (pod: KubeObject) => number,
): KubeObject[] {
  return [...pods]
    .sort((a, b) => (deleteFirst(a, b, rank) ? -1 : deleteFirst(b, a, rank) ? 1 : 0))
    .slice(0, count);
}
