/**
 * Where a DaemonSet's pods go (upstream pkg/controller/daemon/daemon_controller.go
 * NodeShouldRunDaemonPod and util/daemonset_util.go): a daemon pod is the template with the
 * tolerations every daemon pod gets (not-ready and unreachable NoExecute; disk-, memory- and
 * PID-pressure, unschedulable and, with hostNetwork, network-unavailable NoSchedule) and a
 * required node affinity pinning it to its Node's name, for the scheduler to bind. A Node should
 * run one when it matches the template's nodeSelector / required node affinity and has no
 * NoSchedule or NoExecute taint the pod does not tolerate (a not-Ready Node counts as tainted
 * not-ready:NoSchedule); a pod already there may stay unless an untolerated NoExecute taint or
 * the selection says otherwise. Pure.
 */
import type { KubeObject } from '../../core/types';
import {
  type PodPlacementSpec,
  type Toleration,
  effectiveTaints,
  matchesNodeSelection,
  untoleratedTaint,
} from '../node-fit';
import type { PodTemplate } from '../deployment/util';

const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];
const NETWORK_UNAVAILABLE: Toleration = {
  key: 'node.kubernetes.io/network-unavailable',
  operator: 'Exists',
  effect: 'NoSchedule',
};

type PodSpec = PodPlacementSpec & { hostNetwork?: boolean; [key: string]: unknown };

/** upstream AddOrUpdateDaemonPodTolerations: each default added unless already there. */
export function withDaemonTolerations(spec: PodSpec): Toleration[] {
  const tolerations = [...(spec.tolerations ?? [])];
  const defaults = spec.hostNetwork
    ? [...DAEMON_TOLERATIONS, NETWORK_UNAVAILABLE]
    : DAEMON_TOLERATIONS;
  for (const toleration of defaults) {
    const same = (t: Toleration) =>
      t.key === toleration.key &&
      t.effect === toleration.effect &&
      t.operator === toleration.operator;
    if (!tolerations.some(same)) tolerations.push(toleration);
  }
  return tolerations;
}

/** The pod spec for `nodeName`: daemon tolerations and upstream's node-name node affinity. */
export function daemonPodSpec(template: PodTemplate | undefined, nodeName: string): PodSpec {
  const spec = structuredClone((template?.spec ?? {}) as PodSpec);
  spec.tolerations = withDaemonTolerations(spec);
  const nodeSelector = {
    nodeSelectorTerms: [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] },
    ],
  };
  const affinity = (spec.affinity ??= {});
  affinity.nodeAffinity = {
    ...(affinity.nodeAffinity ?? {}),
    requiredDuringSchedulingIgnoredDuringExecution: nodeSelector,
  };
  return spec;
}

/** upstream GetTargetNodeName: the Node a daemon pod is bound or pinned to. */
export function targetNodeOf(pod: KubeObject): string | undefined {
  const spec = pod.spec as (PodSpec & { nodeName?: string }) | undefined;
  if (spec?.nodeName) return spec.nodeName;
  const terms =
    spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const field of term.matchFields ?? []) {
      if (field.key === 'metadata.name' && field.operator === 'In' && field.values?.length === 1) {
        return field.values[0];
      }
    }
  }
  return undefined;
}

/** upstream NodeShouldRunDaemonPod: [should run a pod there, may keep one running there]. */
export function nodeShouldRunDaemonPod(
  node: KubeObject,
  template: PodTemplate | undefined,
): [boolean, boolean] {
  const spec = (template?.spec ?? {}) as PodSpec;
  if (!matchesNodeSelection(node, spec)) return [false, false];
  const tolerations = withDaemonTolerations(spec);
  const taints = effectiveTaints(node);
  if (!untoleratedTaint(taints, tolerations)) return [true, true];
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  return [false, !untoleratedTaint(noExecute, tolerations)];
}
