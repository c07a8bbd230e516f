/**
 * The pod status a kubelet posts, from its runtime state: phase, the conditions
 * (`PodReadyToStartContainers` from 1.29, Initialized, Ready, ContainersReady, PodScheduled) with
 * `lastTransitionTime` kept while a condition's status is unchanged, hostIP(s), podIP(s),
 * startTime, qosClass and containerStatuses (state, ready, started, restartCount, image, imageID,
 * containerID, lastState). Conditions it does not manage (readiness gates, DisruptionTarget) are
 * kept; an unchanged condition or container status keeps its exact stored form, and nothing is
 * written when nothing changed.
 *
 * Once a deleted pod's containers have stopped (`state.exited`, termination.ts) the status is
 * the terminal one upstream posts (kubelet_pods.go getPhase with podIsTerminal, status_manager.go
 * TerminatePod, status/generate.go): each container terminated — with the exit code it stopped
 * with, `Completed` for 0 and `Error` otherwise, or `ContainerStatusUnknown` / 137 when it was not
 * running — phase Succeeded when every exit code is 0 and Failed otherwise, Ready and
 * ContainersReady False with reason `PodCompleted` or `PodFailed`, Initialized True (reason
 * `PodCompleted` when Succeeded) and PodReadyToStartContainers False (the sandbox is gone).
 */
import { createHash } from 'node:crypto';
import { deepEqual } from '../../core/deep-equal';
import { type PodCondition, type PodLike, isNotFound, rfc3339 } from '../util';
import type { KubeletContext, PodState } from './context';
import { type Container, containersOf } from './containers';
import { failedContainerState, lastTerminatedState } from './failure-simulation';

const imageRefCache = new Map<string, string>();

/** The imageID a runtime reports: the fully qualified repository @ a digest (memoised). */
function imageRef(image: string): string {
  let ref = imageRefCache.get(image);
  if (ref === undefined) {
    ref = computeImageRef(image);
    if (imageRefCache.size > 10_000) imageRefCache.clear();
    imageRefCache.set(image, ref);
  }
  return ref;
}

function computeImageRef(image: string): string {
  const name = image.split('@')[0]?.replace(/:[^/:]+$/, '') ?? image;
  const first = name.split('/')[0] ?? '';
  const hasRegistry =
    name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const full = hasRegistry ? name : `docker.io/${name.includes('/') ? name : `library/${name}`}`;
  return `${full}@sha256:${createHash('sha256').update(image).digest('hex')}`;
}

/** upstream's message for a container with no exit status when its pod was terminated. */
const STATUS_UNKNOWN_MESSAGE = 'The container could not be located when the pod was terminated';

/**
 * The `state.terminated` of a container of a deleted pod: how it stopped, or (not running then)
 * upstream's TerminatePod default, which never reads as a success.
 */
function terminatedState(
  state: PodState,
  exited: NonNullable<PodState['exited']>,
  containerID: string,
): Record<string, unknown> {
  if (state.startedAt === undefined) {
    return {
      exitCode: 137,
      reason: 'ContainerStatusUnknown',
      message: STATUS_UNKNOWN_MESSAGE,
      startedAt: null,
      finishedAt: null,
    };
  }
  return {
    exitCode: exited.exitCode,
    reason: exited.exitCode === 0 ? 'Completed' : 'Error',
    startedAt: rfc3339(new Date(state.startedAt)),
    finishedAt: rfc3339(new Date(exited.at)),
    containerID,
  };
}

/** upstream status/generate.go: why a terminal pod's Ready and ContainersReady are False. */
const TERMINAL_READY_REASON: Record<string, string | undefined> = {
  Succeeded: 'PodCompleted',
  Failed: 'PodFailed',
};

/** upstream getPhase: a deleted pod whose containers stopped is terminal by their exit codes. */
function phaseOf(state: PodState): string {
  if (state.exited) {
    return state.startedAt !== undefined && state.exited.exitCode === 0 ? 'Succeeded' : 'Failed';
  }
  return state.everStarted ? 'Running' : 'Pending';
}

function containerStatus(
  pod: PodLike,
  c: Container,
  state: PodState,
  ready: boolean,
  now: number,
): Record<string, unknown> {
  const image = c.image ?? '';
  const status: Record<string, unknown> = {
    name: c.name,
    image,
    imageID: '',
    restartCount: state.restartCount,
    ready: false,
    started: false,
  };
  const existing = ((pod.status?.containerStatuses ?? []) as Record<string, unknown>[]).find(
    (s) => s.name === c.name,
  );
  const containerID = `containerd://${state.containerId}`;
  const lastState = lastTerminatedState(state, containerID) ?? existing?.lastState;
  if (lastState !== undefined) status.lastState = lastState;
  const ids = { imageID: imageRef(image), containerID };
  if (state.exited) {
    status.state = { terminated: terminatedState(state, state.exited, containerID) };
    // A container that ran (now, or before a crash) keeps its IDs; one never created has none.
    if (state.startedAt !== undefined || existing?.containerID) Object.assign(status, ids);
  } else if (state.startedAt !== undefined) {
    status.state = { running: { startedAt: rfc3339(new Date(state.startedAt)) } };
    status.ready = ready;
    status.started = true;
    Object.assign(status, ids);
  } else if (!failedContainerState(pod, c, state, status, now, ids)) {
    status.state = { waiting: { reason: 'ContainerCreating' } };
  }
  return status;
}

function conditionsFor(
  ctx: KubeletContext,
  existing: readonly PodCondition[],
  containers: readonly Container[],
  state: PodState,
  phase: string,
  ready: boolean,
  stamp: string,
): PodCondition[] {
  const cond = (type: string, status: string, extra: Partial<PodCondition> = {}): PodCondition => {
    const old = existing.find((c) => c.type === type);
    const out: PodCondition = {
      type,
      status,
      lastProbeTime: null,
      lastTransitionTime:
        old?.status === status && old.lastTransitionTime ? old.lastTransitionTime : stamp,
    };
    if (extra.reason) out.reason = extra.reason;
    if (extra.message) out.message = extra.message;
    return out;
  };
  const unready = containers.map((c) => c.name).join(' ');
  const terminalReason = TERMINAL_READY_REASON[phase];
  const notReady = ready
    ? {}
    : terminalReason
      ? { reason: terminalReason }
      : { reason: 'ContainersNotReady', message: `containers with unready status: [${unready}]` };
  const conditions: PodCondition[] = [];
  if (ctx.minorVersion >= 29) {
    const sandbox = Boolean(state.ip) && !terminalReason;
    conditions.push(cond('PodReadyToStartContainers', sandbox ? 'True' : 'False'));
  }
  conditions.push(
    cond('Initialized', 'True', phase === 'Succeeded' ? { reason: 'PodCompleted' } : {}),
  );
  conditions.push(cond('Ready', ready ? 'True' : 'False', notReady));
  conditions.push(cond('ContainersReady', ready ? 'True' : 'False', notReady));
  conditions.push(existing.find((c) => c.type === 'PodScheduled') ?? cond('PodScheduled', 'True'));
  const managed = new Set(conditions.map((c) => c.type));
  for (const c of existing) if (!managed.has(c.type)) conditions.push(c);
  return conditions.map((c) => {
    const old = existing.find((o) => o.type === c.type);
    return old && old.status === c.status && old.reason === c.reason && old.message === c.message
      ? old
      : c;
  });
}

function hostIPOf(ctx: KubeletContext, nodeName: string): string | undefined {
  const node = ctx.cache.get('nodes', '', nodeName);
  const addresses =
    (node?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ??
    [];
  return addresses.find((a) => a.type === 'InternalIP')?.address;
}

/** Unchanged container statuses keep their exact stored form. */
function keepUnchanged(
  statuses: Record<string, unknown>[],
  existing: readonly Record<string, unknown>[],
): Record<string, unknown>[] {
  const comparable = (o: Record<string, unknown>) => ({
    state: o.state,
    ready: o.ready,
    restartCount: o.restartCount,
    started: o.started,
    lastState: o.lastState ?? {},
  });
  return statuses.map((s) => {
    const old = existing.find((o) => o.name === s.name);
    return old && deepEqual(comparable(old), comparable(s)) ? old : s;
  });
}

export function writePodStatus(
  ctx: KubeletContext,
  pod: PodLike,
  state: PodState,
  ready: boolean,
  now: number,
): void {
  const containers = containersOf(pod);
  const stamp = rfc3339(new Date(now));
  const current = pod.status ?? {};
  const next = structuredClone(current) as NonNullable<PodLike['status']>;
  next.phase = phaseOf(state);
  const existingConditions = (current.conditions ?? []) as PodCondition[];
  next.conditions = conditionsFor(
    ctx,
    existingConditions,
    containers,
    state,
    next.phase,
    ready,
    stamp,
  );
  const hostIP = hostIPOf(ctx, state.node);
  if (hostIP) {
    next.hostIP = hostIP;
    next.hostIPs = [{ ip: hostIP }];
  }
  if (state.ip) {
    next.podIP = state.ip;
    next.podIPs = [{ ip: state.ip }];
  }
  next.startTime ??= stamp;
  next.qosClass ??= 'BestEffort';
  next.containerStatuses = keepUnchanged(
    containers.map((c) => containerStatus(pod, c, state, ready, now)),
    (current.containerStatuses ?? []) as Record<string, unknown>[],
  );
  if (deepEqual(next, current)) return;
  const object = structuredClone(pod) as PodLike;
  object.status = next;
  try {
    ctx.store.updateStatus('pods', object, { fieldManager: 'kubelet' });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
