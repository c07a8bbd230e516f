/**
 * A deleted pod's end on its Node, as a 1.27+ kubelet brings it about (pod_workers.go
 * syncTerminatingPod, status_manager.go TerminatePod and its final delete, upstream PR #115331):
 *
 * 1. On the deletionTimestamp the containers get SIGTERM (a `Killing` event each) and the pod
 *    turns not ready at once.
 * 2. A container exits after min(deletion grace period, `shutdownDelayMs`) with exit code 0
 *    (`Completed`). With `switchboard.dev/simulate: ignore-sigterm` it does not exit on SIGTERM:
 *    it runs through the whole grace period and is then killed (exit 137, `Error`), as one with
 *    a slow preStop hook. Removing the annotation meanwhile lets it exit at once.
 * 3. Once the containers have stopped, the kubelet posts the terminal phase (pod-status.ts):
 *    Succeeded when every container exited 0, Failed otherwise — a container that was not
 *    running is `ContainerStatusUnknown` / 137 — and then deletes the pod with
 *    gracePeriodSeconds 0 and releases its IP. A finalizer keeps the pod in the API meanwhile:
 *    terminal, and still Terminating until the finalizer goes.
 */
import { objectKey } from '../controller-loop';
import { type PodLike, isNotFound } from '../util';
import { type KubeletContext, type PodState, containerFieldPath, kubeletRecorder } from './context';
import { containersOf } from './containers';
import { simulateMode } from './failure-simulation';
import { writePodStatus } from './pod-status';

/** upstream's default terminationGracePeriodSeconds, for a deletion that carries none. */
const DEFAULT_GRACE_SECONDS = 30;
/** The exit code of a container killed with SIGKILL (128 + 9). */
const KILLED_EXIT_CODE = 137;

function recordKilling(ctx: KubeletContext, pod: PodLike, state: PodState): void {
  const recorder = kubeletRecorder(ctx, state.node);
  for (const c of containersOf(pod)) {
    recorder.record(pod, {
      type: 'Normal',
      reason: 'Killing',
      message: `Stopping container ${c.name}`,
      fieldPath: containerFieldPath(c.name),
    });
  }
}

/**
 * When the containers stop and with which exit code: a running container that ignores SIGTERM
 * is killed when the grace period ends; any other exits (or, not running, is torn down) after
 * the simulated shutdown time, never past the grace period.
 */
function stopOf(ctx: KubeletContext, pod: PodLike, state: PodState, since: number) {
  const grace = (pod.metadata.deletionGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
  const running = state.startedAt !== undefined;
  if (running && simulateMode(pod) === 'ignore-sigterm') {
    return { at: since + grace, exitCode: KILLED_EXIT_CODE };
  }
  return { at: since + Math.min(grace, ctx.timing.shutdownDelayMs), exitCode: 0 };
}

/** One pass over a pod with a deletionTimestamp: stop its containers, post its end, delete it. */
export function terminate(ctx: KubeletContext, pod: PodLike, state: PodState, now: number): void {
  if (state.terminatingSince === undefined) {
    state.terminatingSince = now;
    if (state.startedAt !== undefined) recordKilling(ctx, pod, state);
  }
  const stop = stopOf(ctx, pod, state, state.terminatingSince);
  if (now < stop.at) {
    writePodStatus(ctx, pod, state, false, now);
    ctx.queue.addAfter(objectKey(pod), stop.at - now);
    return;
  }
  state.exited = { at: now, exitCode: stop.exitCode };
  writePodStatus(ctx, pod, state, false, now);
  try {
    ctx.store.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', {
      gracePeriodSeconds: 0,
    });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  ctx.ips.release(state.uid);
  ctx.states.delete(state.uid);
}
