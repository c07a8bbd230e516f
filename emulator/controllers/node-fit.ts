/**
 * Whether a pod fits a Node, as the default scheduler's filter plugins and the DaemonSet
 * controller's NodeShouldRunDaemonPod decide it for the predicates simulated here: the Node's
 * Ready condition, `spec.unschedulable`, NoSchedule/NoExecute taints the pod does not tolerate
 * (a not-Ready Node counts as tainted `node.kubernetes.io/not-ready`, as the node lifecycle
 * controller taints it), and the pod's `nodeSelector`. Reasons are upstream's wording, used in
 * `0/N nodes are available: …` messages.
 */
import { matchesMapSelector } from '../core/label-selectors';
import type { KubeObject } from '../core/types';
import type { PodCondition } from './util';

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

export function nodeReady(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? [];
  return conditions.find((c) => c.type === 'Ready')?.status === 'True';
}

/** upstream v1helper.TolerationsTolerateTaint. */
export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** The Node's taints, plus the not-ready taint a not-Ready Node would carry. */
export function effectiveTaints(node: KubeObject): Taint[] {
  const taints: Taint[] = [...((node.spec as { taints?: Taint[] } | undefined)?.taints ?? [])];
  if (!nodeReady(node) && !taints.some((t) => t.key === NOT_READY_TAINT)) {
    taints.push({ key: NOT_READY_TAINT, effect: 'NoSchedule' });
  }
  return taints;
}

/** The first NoSchedule/NoExecute taint the tolerations do not tolerate. */
export function untoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): Taint | undefined {
  return taints.find(
    (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t),
  );
}

export function matchesNodeSelector(
  node: KubeObject,
  nodeSelector: Record<string, string> | undefined,
): boolean {
  return matchesMapSelector(nodeSelector ?? {}, node.metadata.labels);
}

export interface PodPlacementSpec {
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
}

/**
 * Why `spec` cannot go to `node` (upstream's reason text), or undefined if it may. `unschedulable`
 * is checked as the NodeUnschedulable plugin does (a pod tolerating the unschedulable taint may
 * still go there).
 */
export function nodeMisfit(node: KubeObject, spec: PodPlacementSpec): string | undefined {
  const tolerations = spec.tolerations ?? [];
  if (
    (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable &&
    !tolerates(tolerations, { key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule' })
  ) {
    return 'node(s) were unschedulable';
  }
  const blocking = untoleratedTaint(effectiveTaints(node), tolerations);
  if (blocking) return `node(s) had untolerated taint {${blocking.key}: ${blocking.value ?? ''}}`;
  if (!matchesNodeSelector(node, spec.nodeSelector)) {
    return "node(s) didn't match Pod's node affinity/selector";
  }
  return undefined;
}
