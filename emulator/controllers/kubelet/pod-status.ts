/**
 * The pod status a kubelet posts, from its runtime state: phase, the conditions
 * (`PodReadyToStartContainers` from 1.29, Initialized, Ready, ContainersReady, PodScheduled) with
 * `lastTransitionTime` kept while a condition's status is unchanged, hostIP(s), podIP(s),
 * startTime, qosClass and containerStatuses (state, ready, started, restartCount, image, imageID,
 * containerID, lastState). Conditions it does not manage (readiness gates, DisruptionTarget) are
 * kept; an unchanged condition or container status keeps its exact stored form, and nothing is
 * written when nothing changed.
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
  if (state.startedAt !== undefined) {
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
  const notReady = ready
    ? {}
    : { reason: 'ContainersNotReady', message: `containers with unready status: [${unready}]` };
  const conditions: PodCondition[] = [];
  if (ctx.minorVersion >= 29) {
    conditions.push(cond('PodReadyToStartContainers', state.ip ? 'True' : 'False'));
  }
  conditions.push(cond('Initialized', 'True'));
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
  next.phase = state.everStarted ? 'Running' : 'Pending';
  const existingConditions = (current.conditions ?? []) as PodCondition[];
  next.conditions = conditionsFor(ctx, existingConditions, containers, state, ready, stamp);
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
