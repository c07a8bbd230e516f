/**
 * Failure simulation, per pod, through the annotation `switchboard.dev/simulate` (or, without
 * it, an image name containing the mode, for scenarios):
 *   `ready=false`        the readiness probe fails: Running, Ready=False, one Unhealthy event
 *                        per failing period;
 *   `crashloop`          the container exits with code 1 about a second after each start: it is
 *                        restarted at once the first time, then waits a doubling back-off
 *                        (1 s … 30 s; upstream's is 10 s … 5 min) in CrashLoopBackOff, with
 *                        BackOff events; restartCount grows;
 *   `image-pull-error`   the image cannot be pulled: ErrImagePull, then ImagePullBackOff
 *                        (Pulling/Failed/BackOff events), the pod stays Pending;
 *   `ignore-sigterm`     runs as normal, but once the pod is deleted its container does not
 *                        exit on SIGTERM (as one with a slow preStop hook): the pod stays
 *                        Terminating for its whole grace period and is then killed (exit 137,
 *                        termination.ts).
 * Removing the annotation recovers: the container is (re)started afresh and turns Ready after
 * the readiness delay. The container states and messages are the kubelet's.
 */
import type { KubeObject } from '../../core/types';
import { objectKey } from '../controller-loop';
import { type PodLike, rfc3339 } from '../util';
import { type KubeletContext, type PodState, containerFieldPath, kubeletRecorder } from './context';
import { type Container, containersOf, startContainers, startWhenDue } from './containers';

export const SIMULATE_ANNOTATION = 'switchboard.dev/simulate';
export type SimulateMode =
  'normal' | 'never-ready' | 'crashloop' | 'image-pull-error' | 'ignore-sigterm';

const CRASH_RUN_MS = 1000;
export const BACKOFF_START_MS = 1000;
const BACKOFF_MAX_MS = 30_000;

/** The simulation mode a pod asks for (annotation first, then the image-name convention). */
export function simulateMode(pod: KubeObject): SimulateMode {
  const value = pod.metadata.annotations?.[SIMULATE_ANNOTATION]?.trim();
  if (value === 'ready=false' || value === 'never-ready') return 'never-ready';
  if (value === 'crashloop') return 'crashloop';
  if (value === 'image-pull-error') return 'image-pull-error';
  if (value === 'ignore-sigterm') return 'ignore-sigterm';
  for (const c of containersOf(pod as PodLike)) {
    const image = c.image ?? '';
    if (image.includes('image-pull-error')) return 'image-pull-error';
    if (image.includes('crashloop')) return 'crashloop';
    if (image.includes('never-ready')) return 'never-ready';
    if (image.includes('ignore-sigterm')) return 'ignore-sigterm';
  }
  return 'normal';
}

/** Moves the pod's state to the mode it asks for now (recovery restarts the container). */
export function enterMode(
  ctx: KubeletContext,
  state: PodState,
  mode: SimulateMode,
  now: number,
): void {
  if (mode === state.mode) return;
  const was = state.mode;
  state.mode = mode;
  if (was === 'crashloop' || was === 'image-pull-error') {
    if (state.startedAt !== undefined || state.backoffUntil !== undefined) state.restartCount++;
    state.startedAt = undefined;
    state.backoffUntil = undefined;
    state.backoffMs = BACKOFF_START_MS;
    state.pullFailedAt = undefined;
    state.sandboxAt = now - ctx.timing.startDelayMs;
  }
  if (mode === 'normal' && was === 'never-ready' && state.startedAt !== undefined) {
    // The probe starts passing: ready after one more readiness delay.
    state.readyAt = now + ctx.timing.readinessDelayMs;
  }
  if (mode === 'never-ready') state.unhealthyReported = false;
}

/** `ready=false`, containers running: one Unhealthy event once readiness would have been due. */
export function failReadiness(ctx: KubeletContext, pod: PodLike, state: PodState, now: number) {
  if (state.unhealthyReported) return;
  if (now < (state.readyAt ?? 0)) {
    ctx.queue.addAfter(objectKey(pod), (state.readyAt ?? now) - now);
    return;
  }
  state.unhealthyReported = true;
  const recorder = kubeletRecorder(ctx, state.node);
  for (const c of containersOf(pod)) {
    recorder.record(pod, {
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
      fieldPath: containerFieldPath(c.name),
    });
  }
}

/** `crashloop`: run ~1 s, exit 1, restart at once the first time, then back off doubling. */
export function crashLoop(ctx: KubeletContext, pod: PodLike, state: PodState, now: number) {
  const key = objectKey(pod);
  if (state.backoffUntil !== undefined) {
    if (now < state.backoffUntil) {
      ctx.queue.addAfter(key, state.backoffUntil - now);
      return;
    }
    state.backoffUntil = undefined;
    state.restartCount++;
    startContainers(ctx, pod, state, now);
  }
  if (state.startedAt === undefined && !startWhenDue(ctx, pod, state, now)) return;
  const crashAt = (state.startedAt ?? now) + CRASH_RUN_MS;
  if (now < crashAt) {
    ctx.queue.addAfter(key, crashAt - now);
    return;
  }
  state.lastTerminated = { startedAt: state.startedAt ?? now, finishedAt: now };
  state.startedAt = undefined;
  if (state.restartCount === 0) {
    // The kubelet restarts a container right away after its first failure; the back-off
    // (and CrashLoopBackOff) starts with the second.
    state.backoffUntil = now;
    ctx.queue.add(key);
    return;
  }
  state.backoffUntil = now + state.backoffMs;
  const recorder = kubeletRecorder(ctx, state.node);
  for (const c of containersOf(pod)) {
    recorder.record(pod, {
      type: 'Warning',
      reason: 'BackOff',
      message: `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${state.uid})`,
      fieldPath: containerFieldPath(c.name),
    });
  }
  ctx.queue.addAfter(key, state.backoffMs);
  state.backoffMs = Math.min(state.backoffMs * 2, BACKOFF_MAX_MS);
}

/** The fully qualified image reference a pull error names (`docker.io/library/x:latest`). */
function fullImage(image: string): string {
  const name = image.split('@')[0] ?? image;
  const first = name.split('/')[0] ?? '';
  const hasRegistry =
    name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const withRegistry = hasRegistry
    ? name
    : `docker.io/${name.includes('/') ? name : `library/${name}`}`;
  return /:[^/:]+$/.test(withRegistry) ? withRegistry : `${withRegistry}:latest`;
}

const pullErrorMessage = (image: string) =>
  `rpc error: code = NotFound desc = failed to pull and unpack image "${fullImage(image)}": not found`;

/** `image-pull-error`: a failed pull every back-off period, ImagePullBackOff in between. */
export function imagePullError(ctx: KubeletContext, pod: PodLike, state: PodState, now: number) {
  const key = objectKey(pod);
  const recorder = kubeletRecorder(ctx, state.node);
  state.startedAt = undefined;
  const pullDue =
    state.pullFailedAt === undefined ||
    (state.backoffUntil !== undefined && now >= state.backoffUntil);
  if (!pullDue) {
    for (const c of containersOf(pod)) {
      const fieldPath = containerFieldPath(c.name);
      recorder.record(pod, {
        type: 'Normal',
        reason: 'BackOff',
        message: `Back-off pulling image "${c.image ?? ''}"`,
        fieldPath,
      });
      recorder.record(pod, {
        type: 'Warning',
        reason: 'Failed',
        message: 'Error: ImagePullBackOff',
        fieldPath,
      });
    }
    ctx.queue.addAfter(key, Math.max(1, (state.backoffUntil ?? now) - now));
    return;
  }
  state.pullFailedAt = now;
  state.backoffUntil = now + state.backoffMs;
  for (const c of containersOf(pod)) {
    const fieldPath = containerFieldPath(c.name);
    recorder.record(pod, {
      type: 'Normal',
      reason: 'Pulling',
      message: `Pulling image "${c.image ?? ''}"`,
      fieldPath,
    });
    recorder.record(pod, {
      type: 'Warning',
      reason: 'Failed',
      message: `Failed to pull image "${c.image ?? ''}": ${pullErrorMessage(c.image ?? '')}`,
      fieldPath,
    });
    recorder.record(pod, {
      type: 'Warning',
      reason: 'Failed',
      message: 'Error: ErrImagePull',
      fieldPath,
    });
  }
  ctx.queue.addAfter(key, Math.min(1000, state.backoffMs));
  state.backoffMs = Math.min(state.backoffMs * 2, BACKOFF_MAX_MS);
}

/**
 * The state of a container that is not running because of a simulated failure (written into
 * `status`), or false when no failure explains it; `ids` are the runtime's imageID and containerID.
 */
export function failedContainerState(
  pod: PodLike,
  c: Container,
  state: PodState,
  status: Record<string, unknown>,
  now: number,
  ids: { imageID: string; containerID: string },
): boolean {
  if (
    state.mode === 'crashloop' &&
    state.lastTerminated &&
    state.backoffUntil !== undefined &&
    state.backoffUntil <= state.lastTerminated.finishedAt
  ) {
    // Exited, restarting at once (first failure): the terminated state, no back-off yet.
    status.state = structuredClone((status.lastState as { terminated: unknown } | undefined) ?? {});
    delete status.lastState;
    Object.assign(status, ids);
    return true;
  }
  if (state.mode === 'crashloop' && state.backoffUntil !== undefined) {
    const seconds = Math.round(
      (state.backoffUntil - (state.lastTerminated?.finishedAt ?? now)) / 1000,
    );
    status.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${seconds}s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${state.uid})`,
      },
    };
    Object.assign(status, ids);
    return true;
  }
  if (state.mode === 'image-pull-error' && state.pullFailedAt !== undefined) {
    const image = c.image ?? '';
    status.state = {
      waiting:
        now - state.pullFailedAt >= 1000
          ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` }
          : { reason: 'ErrImagePull', message: pullErrorMessage(image) },
    };
    return true;
  }
  return false;
}

/** The `lastState.terminated` of a container that crashed (exit code 1, reason Error). */
export function lastTerminatedState(state: PodState, containerID: string) {
  if (!state.lastTerminated) return undefined;
  return {
    terminated: {
      exitCode: 1,
      reason: 'Error',
      startedAt: rfc3339(new Date(state.lastTerminated.startedAt)),
      finishedAt: rfc3339(new Date(state.lastTerminated.finishedAt)),
      containerID,
    },
  };
}
