/**
 * One DaemonSet sync (upstream pkg/controller/daemon: daemon_controller.go manage and
 * podsShouldBeOnNode, updateDaemonSetStatus; simplified): one pod per Node that should run it
 * (placement.ts), created with generateName `<ds>-` and the labels `controller-revision-hash`
 * (the hash of the current ControllerRevision, history.ts) and `pod-template-generation`; failed
 * and succeeded pods and extra pods on a Node are deleted, and so are pods on Nodes that may no
 * longer run them or no longer exist. A pod being deleted still holds its Node until it is gone
 * or terminal (upstream getNodesToDaemonPods): no replacement is created beside it unless the
 * DaemonSet surges. The RollingUpdate strategy (the default) replaces pods of an older template
 * as rolling-update.ts decides; OnDelete leaves them. Status: desired/current/misscheduled
 * counts, ready, available, unavailable, updated (each Node's oldest pod), observedGeneration.
 */
import type { LabelSelector } from '../../core/label-selectors';
import type { ClusterStore, KubeObject } from '../../core/types';
import { type LoopContext, objectKey } from '../controller-loop';
import { claimObjects, controllerRef, newControllerRef } from '../controller-ref';
import { type PodTemplate, byCreation, computeHash } from '../deployment/util';
import type { EventRecorder } from '../events';
import { isPodAvailable } from '../replicaset/pod-ranking';
import { isPodReady } from '../util';
import { createControlledPod, deleteControlledPod } from '../pod-control';
import { updateStatusIfChanged } from '../writes';
import { cleanupHistory, constructHistory } from './history';
import { daemonPodSpec, nodeShouldRunDaemonPod, targetNodeOf } from './placement';
import {
  REVISION_LABEL,
  type RollingUpdateSpec,
  allowsSurge,
  planRollingUpdate,
} from './rolling-update';

export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

export interface DaemonSetLike extends KubeObject {
  spec?: {
    selector?: LabelSelector;
    template?: PodTemplate;
    updateStrategy?: { type?: string; rollingUpdate?: RollingUpdateSpec };
    minReadySeconds?: number;
  };
  status?: Record<string, unknown> & { collisionCount?: number };
}

export interface DaemonSetContext extends LoopContext {
  store: ClusterStore;
  recorder: EventRecorder;
  /** When each duplicate current revision (by uid) was first seen (history.ts). */
  duplicatesSeen: Map<string, number>;
}

const phaseOf = (pod: KubeObject) => (pod.status as { phase?: string } | undefined)?.phase;
/** upstream IsPodTerminal. */
const isTerminal = (pod: KubeObject) => ['Failed', 'Succeeded'].includes(phaseOf(pod) ?? '');
const isDeleting = (pod: KubeObject) => Boolean(pod.metadata.deletionTimestamp);

function createPod(ctx: DaemonSetContext, ds: DaemonSetLike, nodeName: string, hash: string) {
  const template = ds.spec?.template;
  const metadata: KubeObject['metadata'] = {
    generateName: `${ds.metadata.name}-`,
    namespace: ds.metadata.namespace,
    labels: {
      ...(template?.metadata?.labels ?? {}),
      [REVISION_LABEL]: hash,
      [TEMPLATE_GENERATION_LABEL]: String(ds.metadata.generation ?? 1),
    },
    ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
  };
  if (template?.metadata?.annotations) metadata.annotations = template.metadata.annotations;
  createControlledPod(ctx, ds, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: daemonPodSpec(template, nodeName),
  });
}

interface NodePlan {
  node: KubeObject;
  shouldRun: boolean;
  /** The daemon pods on this Node (podsByNode: those being deleted too, until terminal). */
  pods: KubeObject[];
}

/**
 * upstream podsShouldBeOnNode with surge: keep the Node's oldest pod of each revision; of those
 * two, delete the old one once it is not ready or the new one is available. The rest go.
 */
function keepForSurge(
  ctx: DaemonSetContext,
  ds: DaemonSetLike,
  running: KubeObject[],
  hash: string,
): void {
  let oldestCurrent: KubeObject | undefined;
  let oldestOld: KubeObject | undefined;
  for (const pod of running) {
    const current = pod.metadata.labels?.[REVISION_LABEL] === hash;
    if (current && !oldestCurrent) oldestCurrent = pod;
    else if (!current && !oldestOld) oldestOld = pod;
    else deleteControlledPod(ctx, ds, pod);
  }
  if (!oldestCurrent || !oldestOld) return;
  const minReady = ds.spec?.minReadySeconds ?? 0;
  if (!isPodReady(oldestOld) || isPodAvailable(oldestCurrent, minReady, Date.now())) {
    deleteControlledPod(ctx, ds, oldestOld);
  } else if (isPodReady(oldestCurrent)) {
    // Ready but not yet available: nothing else wakes this DaemonSet when minReadySeconds pass
    // (upstream's pod handler queues it then).
    ctx.queue.addAfter(objectKey(ds), minReady * 1000);
  }
}

/** upstream manage (podsShouldBeOnNode for every Node, and pods on Nodes that are gone). */
function manage(
  ctx: DaemonSetContext,
  ds: DaemonSetLike,
  plans: NodePlan[],
  byNode: Map<string, KubeObject[]>,
  hash: string,
): void {
  const surge = allowsSurge(ds.spec?.updateStrategy?.rollingUpdate);
  for (const plan of plans) {
    const [shouldRun, mayContinue] = nodeShouldRunDaemonPod(plan.node, ds.spec?.template);
    const nodeName = plan.node.metadata.name ?? '';
    const live = plan.pods.filter((pod) => !isDeleting(pod));
    if (shouldRun && plan.pods.length === 0) {
      createPod(ctx, ds, nodeName, hash);
    } else if (mayContinue) {
      for (const pod of live.filter(isTerminal)) deleteControlledPod(ctx, ds, pod);
      const running = live.filter((pod) => !isTerminal(pod));
      // Without surge, a Node whose pod is terminating waits for it to go: nothing is created.
      if (!surge) for (const pod of running.slice(1)) deleteControlledPod(ctx, ds, pod);
      else if (running.length === 0 && shouldRun) createPod(ctx, ds, nodeName, hash);
      else keepForSurge(ctx, ds, running, hash);
    } else {
      for (const pod of live) deleteControlledPod(ctx, ds, pod);
    }
  }
  const known = new Set(plans.map((p) => p.node.metadata.name));
  for (const [nodeName, pods] of byNode) {
    if (known.has(nodeName)) continue;
    for (const pod of pods) if (!isDeleting(pod)) deleteControlledPod(ctx, ds, pod);
  }
}

/** upstream rollingUpdate: carries out rolling-update.ts's plan for this pass. */
function rollingUpdate(
  ctx: DaemonSetContext,
  ds: DaemonSetLike,
  plans: NodePlan[],
  byNode: Map<string, KubeObject[]>,
  hash: string,
) {
  const strategy = ds.spec?.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
  const plan = planRollingUpdate({
    rollingUpdate: strategy?.rollingUpdate,
    desired: plans.filter((p) => p.shouldRun).length,
    byNode,
    hash,
    minReadySeconds: ds.spec?.minReadySeconds ?? 0,
    now: Date.now(),
  });
  for (const pod of plan.remove) deleteControlledPod(ctx, ds, pod);
  for (const nodeName of plan.createOn) createPod(ctx, ds, nodeName, hash);
}

/** upstream updateDaemonSetStatus. */
function updateStatus(ctx: DaemonSetContext, ds: DaemonSetLike, plans: NodePlan[], hash: string) {
  const now = Date.now();
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const counts = {
    desiredNumberScheduled: 0,
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
    numberAvailable: 0,
    updatedNumberScheduled: 0,
  };
  for (const plan of plans) {
    const pod = plan.pods[0];
    if (!plan.shouldRun) {
      if (pod) counts.numberMisscheduled++;
      continue;
    }
    counts.desiredNumberScheduled++;
    if (!pod) continue;
    counts.currentNumberScheduled++;
    if (isPodReady(pod)) {
      counts.numberReady++;
      if (isPodAvailable(pod, minReady, now)) counts.numberAvailable++;
    }
    if (pod.metadata.labels?.[REVISION_LABEL] === hash) counts.updatedNumberScheduled++;
  }
  const status = {
    ...(ds.status ?? {}),
    ...counts,
    numberUnavailable: counts.desiredNumberScheduled - counts.numberAvailable,
    observedGeneration: ds.metadata.generation ?? 1,
  };
  updateStatusIfChanged(ctx.store, 'daemonsets', ds, status);
  if (minReady > 0 && counts.numberReady > counts.numberAvailable) {
    ctx.queue.addAfter(objectKey(ds), minReady * 1000);
  }
}

/** upstream podByCreationTimestampAndPhase: bound pods first, then the oldest. */
function scheduledThenOldest(a: KubeObject, b: KubeObject): number {
  const bound = (pod: KubeObject) =>
    Boolean((pod.spec as { nodeName?: string } | undefined)?.nodeName);
  if (bound(a) !== bound(b)) return bound(a) ? -1 : 1;
  return byCreation(a, b);
}

/**
 * upstream getNodesToDaemonPods: the claimed daemon pods by their target Node, in
 * scheduledThenOldest order. A pod being deleted stays until it is terminal (its containers
 * stopped), so the Node counts as having a pod while one still runs there.
 */
function podsByNode(ctx: DaemonSetContext, ds: DaemonSetLike): Map<string, KubeObject[]> {
  const pods = claimObjects(ctx, 'pods', ds);
  const byNode = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const node = targetNodeOf(pod);
    if (!node || (isDeleting(pod) && isTerminal(pod))) continue;
    byNode.set(node, [...(byNode.get(node) ?? []), pod]);
  }
  for (const list of byNode.values()) list.sort(scheduledThenOldest);
  return byNode;
}

function plansFor(ctx: DaemonSetContext, ds: DaemonSetLike, byNode: Map<string, KubeObject[]>) {
  return [...ctx.cache.list('nodes')].map((node) => ({
    node,
    shouldRun: nodeShouldRunDaemonPod(node, ds.spec?.template)[0],
    pods: byNode.get(node.metadata.name ?? '') ?? [],
  }));
}

export function syncDaemonSet(ctx: DaemonSetContext, ds: DaemonSetLike): void {
  let hash = computeHash(ds.spec?.template ?? {}, ds.status?.collisionCount ?? 0);
  if (!ds.metadata.deletionTimestamp) {
    const history = constructHistory(ctx, ds);
    hash = history.hash;
    const byNode = podsByNode(ctx, ds);
    const plans = plansFor(ctx, ds, byNode);
    manage(ctx, ds, plans, byNode, hash);
    const after = podsByNode(ctx, ds);
    rollingUpdate(ctx, ds, plansFor(ctx, ds, after), after, hash);
    const pods = [...ctx.cache.list('pods', ds.metadata.namespace)].filter(
      (pod) => controllerRef(pod)?.uid === ds.metadata.uid,
    );
    cleanupHistory(ctx, ds, history.old, pods);
  }
  const latest =
    (ctx.cache.get('daemonsets', ds.metadata.namespace ?? '', ds.metadata.name ?? '') as
      DaemonSetLike | undefined) ?? ds;
  updateStatus(ctx, latest, plansFor(ctx, latest, podsByNode(ctx, latest)), hash);
}
