/**
 * The simulated kube-scheduler: a Pending pod without `spec.nodeName` whose `schedulerName` is
 * the default goes to the least-loaded Node it fits (node-fit.ts: Ready, schedulable, tolerated
 * taints, nodeSelector) that has room (`status.allocatable.pods`, default 110), through the
 * binding subresource, with a Scheduled event. If none fits: PodScheduled=False/Unschedulable
 * with upstream's `0/N nodes are available: …` message and a FailedScheduling event (written
 * once per distinct message); the pod is retried when Nodes change. Pods naming another
 * scheduler are left alone, as the default scheduler leaves them.
 */
import type { ClusterStore, KubeObject } from '../../core/types';
import { nodeMisfit, type PodPlacementSpec } from '../node-fit';
import { type PodLike, getPodCondition, rfc3339 } from '../util';
import { DEFAULT_SCHEDULER, type KubeletContext } from './context';

const SCHEDULER_WRITE = { fieldManager: DEFAULT_SCHEDULER };

function allocatablePods(node: KubeObject): number {
  const status = node.status as { allocatable?: { pods?: string } } | undefined;
  return Number(status?.allocatable?.pods ?? '110');
}

/** upstream's FitError message for `total` Nodes that failed for the counted reasons. */
function unschedulableMessage(total: number, reasons: Map<string, number>): string {
  if (total === 0) return 'no nodes available to schedule pods';
  const parts = [...reasons.entries()].map(([reason, n]) => `${n} ${reason}`).sort();
  return `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
}

export function schedule(ctx: KubeletContext, pod: PodLike): void {
  const schedulerName = (pod.spec?.schedulerName as string | undefined) ?? DEFAULT_SCHEDULER;
  if (schedulerName !== DEFAULT_SCHEDULER) return;
  const fit = (pod.spec ?? {}) as PodPlacementSpec;
  const reasons = new Map<string, number>();
  let best: { node: KubeObject; load: number } | undefined;
  const nodes = [...ctx.cache.list('nodes')].sort((a, b) =>
    (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1,
  );
  for (const node of nodes) {
    let reason = nodeMisfit(node, fit);
    const load = ctx.placement.load(node.metadata.name ?? '');
    if (!reason && load >= allocatablePods(node)) reason = 'Too many pods';
    if (reason) {
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      continue;
    }
    if (!best || load < best.load) best = { node, load };
  }
  if (best) bind(ctx, pod, best.node.metadata.name ?? '');
  else markUnschedulable(ctx, pod, unschedulableMessage(nodes.length, reasons));
}

function markUnschedulable(ctx: KubeletContext, pod: PodLike, message: string): void {
  const current = getPodCondition(pod, 'PodScheduled');
  if (current?.status === 'False' && current.message === message) return;
  const next = structuredClone(pod) as PodLike;
  const status = (next.status ??= {});
  status.phase ??= 'Pending';
  status.conditions = [
    ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
    {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: rfc3339(new Date()),
      reason: 'Unschedulable',
      message,
    },
  ];
  ctx.store.updateStatus('pods', next, SCHEDULER_WRITE);
  ctx.schedulerEvents.record(pod, { type: 'Warning', reason: 'FailedScheduling', message });
}

/** Through the binding subresource when the store offers it, as the scheduler posts a Binding. */
function bind(ctx: KubeletContext, pod: PodLike, nodeName: string): void {
  const bindable = ctx.store as ClusterStore & {
    bindPod?: (ns: string, name: string, node: string, o?: object) => KubeObject;
  };
  const namespace = pod.metadata.namespace ?? '';
  if (bindable.bindPod) {
    bindable.bindPod(namespace, pod.metadata.name ?? '', nodeName, SCHEDULER_WRITE);
  } else {
    const next = structuredClone(pod) as PodLike;
    (next.spec ??= {}).nodeName = nodeName;
    ctx.store.update('pods', next, SCHEDULER_WRITE);
  }
  ctx.schedulerEvents.record(pod, {
    type: 'Normal',
    reason: 'Scheduled',
    message: `Successfully assigned ${namespace}/${pod.metadata.name} to ${nodeName}`,
  });
}
