/**
 * The simulated kubelet's pod lifecycle on its Node: a bound pod on an existing, Ready Node gets
 * a sandbox and an IP (ip-allocator.ts; exhaustion gives FailedCreatePodSandBox and a retry), its
 * containers start after the start delay (containers.ts), it turns Ready after the readiness
 * delay unless a simulated failure says otherwise (failure-simulation.ts), and the kubelet posts
 * its status (pod-status.ts). A pod with a deletionTimestamp is brought to its end by
 * termination.ts (containers stopped, the terminal phase posted, then the final delete).
 *
 * Pods that already carry a node, an IP and running containers (scenarios written "settled") are
 * taken over as they are: nothing is rewritten unless their simulation mode asks for a change.
 */
import type { KubeObject } from '../../core/types';
import { objectKey } from '../controller-loop';
import { type PodLike, getPodCondition } from '../util';
import { type KubeletContext, type PodState, kubeletRecorder } from './context';
import { containerId, startWhenDue } from './containers';
import {
  BACKOFF_START_MS,
  crashLoop,
  enterMode,
  failReadiness,
  imagePullError,
  simulateMode,
} from './failure-simulation';
import { writePodStatus } from './pod-status';
import { terminate } from './termination';

/** The runtime state of a pod the kubelet meets for the first time, read from its status. */
function stateFromPodStatus(
  ctx: KubeletContext,
  pod: PodLike,
  node: KubeObject,
  now: number,
): PodState {
  const uid = pod.metadata.uid ?? '';
  const statuses = (pod.status?.containerStatuses ?? []) as {
    state?: { running?: { startedAt?: string } };
    restartCount?: number;
  }[];
  const runningSince = statuses
    .map((s) => Date.parse(s.state?.running?.startedAt ?? ''))
    .find((t) => !Number.isNaN(t));
  const ready = getPodCondition(pod, 'Ready')?.status === 'True';
  const state: PodState = {
    uid,
    node: node.metadata.name ?? '',
    sandboxAt: now,
    mode: simulateMode(pod),
    everStarted: runningSince !== undefined,
    restartCount: statuses.reduce((m, s) => Math.max(m, s.restartCount ?? 0), 0),
    backoffMs: BACKOFF_START_MS,
    // A pod found running and not ready has had its Unhealthy events.
    unhealthyReported: runningSince !== undefined && !ready,
    containerId: containerId(uid, 0),
  };
  if (pod.status?.podIP) {
    state.ip = pod.status.podIP;
    ctx.ips.mark(uid, state.node, pod.status.podIP);
  }
  if (runningSince !== undefined) {
    state.startedAt = runningSince;
    state.readyAt = ready ? runningSince : now + ctx.timing.readinessDelayMs;
  }
  return state;
}

/** The sandbox's IP; false (with a FailedCreatePodSandBox event and a retry) if none is free. */
function ensureSandbox(
  ctx: KubeletContext,
  pod: PodLike,
  state: PodState,
  node: KubeObject,
  now: number,
): boolean {
  if (state.ip) return true;
  const ip = ctx.ips.allocate(state.uid, node);
  if (!ip) {
    kubeletRecorder(ctx, state.node).record(pod, {
      type: 'Warning',
      reason: 'FailedCreatePodSandBox',
      message: `Failed to create pod sandbox: plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set`,
    });
    ctx.queue.addAfter(objectKey(pod), 5000);
    return false;
  }
  state.ip = ip;
  state.sandboxAt = now;
  return true;
}

/** Runs the containers (healthy or failing readiness); returns whether the pod is Ready. */
function runContainers(ctx: KubeletContext, pod: PodLike, state: PodState, now: number) {
  if (state.startedAt === undefined && !startWhenDue(ctx, pod, state, now)) return false;
  if (state.mode === 'never-ready') {
    failReadiness(ctx, pod, state, now);
    return false;
  }
  const ready = now >= (state.readyAt ?? 0);
  if (!ready) ctx.queue.addAfter(objectKey(pod), (state.readyAt ?? now) - now);
  return ready;
}

/** One pass of the kubelet over a pod bound to `node` (existing and Ready). */
export function syncPodOnNode(ctx: KubeletContext, pod: PodLike, node: KubeObject): void {
  const uid = pod.metadata.uid ?? '';
  const now = Date.now();
  let state = ctx.states.get(uid);
  if (!state) ctx.states.set(uid, (state = stateFromPodStatus(ctx, pod, node, now)));
  if (pod.metadata.deletionTimestamp) {
    terminate(ctx, pod, state, now);
    return;
  }
  if (!ensureSandbox(ctx, pod, state, node, now)) return;
  enterMode(ctx, state, simulateMode(pod), now);
  let ready = false;
  if (state.mode === 'crashloop') crashLoop(ctx, pod, state, now);
  else if (state.mode === 'image-pull-error') imagePullError(ctx, pod, state, now);
  else ready = runContainers(ctx, pod, state, now);
  writePodStatus(ctx, pod, state, ready, now);
}
