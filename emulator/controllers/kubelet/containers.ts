/**
 * Starting a pod's containers, as the kubelet's container runtime does it once the sandbox
 * exists: after `startDelayMs` from the sandbox, each container is pulled (already present),
 * created and started (Pulled/Created/Started events), gets a new containerID, and readiness is
 * due `readinessDelayMs` later.
 */
import { createHash } from 'node:crypto';
import { objectKey } from '../controller-loop';
import type { PodLike } from '../util';
import { type KubeletContext, type PodState, containerFieldPath, kubeletRecorder } from './context';

export interface Container {
  name: string;
  image?: string;
}

export function containersOf(pod: PodLike): Container[] {
  return (pod.spec?.containers ?? []) as Container[];
}

/** The runtime's container ID for the pod's `restart`-th start. */
export function containerId(uid: string, restart: number): string {
  return createHash('sha256').update(`${uid}/${restart}`).digest('hex');
}

/**
 * Starts the containers once the start delay after the sandbox has passed; otherwise queues the
 * pod for then and returns false.
 */
export function startWhenDue(ctx: KubeletContext, pod: PodLike, state: PodState, now: number) {
  const due = state.sandboxAt + ctx.timing.startDelayMs;
  if (now < due) {
    ctx.queue.addAfter(objectKey(pod), due - now);
    return false;
  }
  startContainers(ctx, pod, state, now);
  return true;
}

export function startContainers(
  ctx: KubeletContext,
  pod: PodLike,
  state: PodState,
  now: number,
): void {
  const recorder = kubeletRecorder(ctx, state.node);
  state.startedAt = now;
  state.everStarted = true;
  state.readyAt = now + ctx.timing.readinessDelayMs;
  state.containerId = containerId(state.uid, state.restartCount);
  for (const c of containersOf(pod)) {
    const fieldPath = containerFieldPath(c.name);
    recorder.record(pod, {
      type: 'Normal',
      reason: 'Pulled',
      message: `Container image "${c.image ?? ''}" already present on machine`,
      fieldPath,
    });
    recorder.record(pod, {
      type: 'Normal',
      reason: 'Created',
      message: `Created container ${c.name}`,
      fieldPath,
    });
    recorder.record(pod, {
      type: 'Normal',
      reason: 'Started',
      message: `Started container ${c.name}`,
      fieldPath,
    });
  }
}
