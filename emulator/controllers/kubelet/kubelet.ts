/**
 * The simulated scheduler + kubelet of the embedded cluster: what kube-scheduler and the kubelets
 * of the cluster's Nodes would do, through the same store writes they make. This module wires
 * the parts to the store's events and the shared controller lifecycle:
 *
 * - scheduler.ts            binds Pending pods to Nodes (or says why none fits);
 * - node-agent.ts           a bound pod's sandbox, IP, containers and readiness;
 * - termination.ts          a deleted pod's end: containers stopped, the terminal phase posted,
 *                           then the final delete (1.27+);
 * - failure-simulation.ts   the `switchboard.dev/simulate` annotation (ready=false, crashloop,
 *                           image-pull-error, ignore-sigterm);
 * - node-registration.ts    the status a kubelet posts for a Node that has none;
 * - node-lease.ts           the Node's Lease in kube-node-lease, renewed on a timer.
 *
 * A pod bound to a Node that does not exist (or is not Ready) stays as it is, Pending if it
 * never ran; pods on a Node whose readiness changes, and unscheduled pods on any Node change, are
 * looked at again. Pinned by kubelet.test.ts.
 */
import type { ClusterStore, Controller, StoreEvent } from '../../core/types';
import type { ObjectCache } from '../cache';
import { objectKey, queueAll, runControllerLoop } from '../controller-loop';
import { EventRecorder } from '../events';
import { nodeReady } from '../node-fit';
import { deepEqual } from '../../core/deep-equal';
import { type PodLike, isPodTerminal, splitKey } from '../util';
import { DEFAULT_SCHEDULER, type KubeletContext } from './context';
import { IPAllocator } from './ip-allocator';
import { syncPodOnNode } from './node-agent';
import { syncNodeLease } from './node-lease';
import { registerNode } from './node-registration';
import { PodPlacement } from './placement';
import { schedule } from './scheduler';

export { SIMULATE_ANNOTATION, simulateMode, type SimulateMode } from './failure-simulation';

export interface KubeletOptions {
  readinessDelayMs?: number;
  startDelayMs?: number;
  shutdownDelayMs?: number;
  minorVersion?: number;
}

const NODE_KEY = 'node:';

function trackPod(ctx: KubeletContext, pod: PodLike, deleted: boolean): void {
  ctx.placement.track(pod, deleted);
  const node = pod.spec?.nodeName;
  const ip = pod.status?.podIP;
  if (!deleted && !isPodTerminal(pod) && node && ip && pod.metadata.uid) {
    ctx.ips.mark(pod.metadata.uid, node, ip);
  }
}

function onPodEvent(ctx: KubeletContext, event: StoreEvent): void {
  const pod = event.object as PodLike;
  const uid = pod.metadata.uid;
  if (event.type === 'DELETED') {
    trackPod(ctx, pod, true);
    if (uid) {
      ctx.ips.release(uid);
      ctx.states.delete(uid);
    }
    // A freed IP may unblock a pod of the same Node waiting for a sandbox.
    const nodeName = pod.spec?.nodeName;
    for (const other of nodeName ? ctx.placement.podsOn(nodeName) : []) {
      const [ns, name] = splitKey(other);
      if (!(ctx.cache.get('pods', ns, name) as PodLike | undefined)?.status?.podIP) {
        ctx.queue.add(other);
      }
    }
    return;
  }
  trackPod(ctx, pod, false);
  if (isPodTerminal(pod) && uid) ctx.ips.release(uid);
  ctx.queue.add(objectKey(pod));
}

function onNodeEvent(ctx: KubeletContext, event: StoreEvent): void {
  const name = event.object.metadata.name ?? '';
  if (event.type !== 'DELETED') ctx.queue.add(NODE_KEY + name);
  const readyChanged =
    !event.previous ||
    event.type === 'DELETED' ||
    nodeReady(event.previous) !== nodeReady(event.object);
  const changed =
    readyChanged ||
    !deepEqual(event.previous?.metadata.labels, event.object.metadata.labels) ||
    !deepEqual(event.previous?.spec, event.object.spec);
  if (changed) for (const key of ctx.placement.unscheduled()) ctx.queue.add(key);
  if (readyChanged) for (const key of ctx.placement.podsOn(name)) ctx.queue.add(key);
}

function onEvent(ctx: KubeletContext, event: StoreEvent): void {
  if (event.resource === 'pods') onPodEvent(ctx, event);
  else if (event.resource === 'nodes') onNodeEvent(ctx, event);
}

function initialSync(ctx: KubeletContext): void {
  for (const node of ctx.cache.list('nodes')) ctx.queue.add(NODE_KEY + node.metadata.name);
  const pods = [...ctx.cache.list('pods')] as PodLike[];
  for (const pod of pods) trackPod(ctx, pod, false);
  queueAll(
    ctx,
    pods.filter((pod) => !isPodTerminal(pod)),
  );
}

function sync(ctx: KubeletContext, key: string): void {
  if (key.startsWith(NODE_KEY)) {
    registerNode(ctx, key.slice(NODE_KEY.length));
    const renewIn = syncNodeLease(ctx, key.slice(NODE_KEY.length));
    if (renewIn !== undefined) ctx.queue.addAfter(key, renewIn);
    return;
  }
  const [namespace, name] = splitKey(key);
  const pod = ctx.cache.get('pods', namespace, name) as PodLike | undefined;
  if (!pod || isPodTerminal(pod)) return;
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) {
    if (!pod.metadata.deletionTimestamp) schedule(ctx, pod);
    return;
  }
  const node = ctx.cache.get('nodes', '', nodeName);
  if (node && nodeReady(node)) syncPodOnNode(ctx, pod, node);
}

export function createKubelet(
  store: ClusterStore,
  cache: ObjectCache,
  options: KubeletOptions = {},
): Controller {
  return runControllerLoop<KubeletContext>(
    { name: 'kubelet', sync, onEvent, initialSync },
    (queue) => ({
      store,
      cache,
      queue,
      timing: {
        readinessDelayMs: options.readinessDelayMs ?? 500,
        startDelayMs: options.startDelayMs ?? 100,
        shutdownDelayMs: options.shutdownDelayMs ?? 1000,
      },
      minorVersion: options.minorVersion ?? 33,
      states: new Map(),
      ips: new IPAllocator(),
      placement: new PodPlacement(),
      schedulerEvents: new EventRecorder(store, { component: DEFAULT_SCHEDULER }),
      kubeletEvents: new Map(),
    }),
  );
}
