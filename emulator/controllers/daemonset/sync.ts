/**
 * One DaemonSet sync (upstream pkg/controller/daemon: daemon_controller.go manage, update.go
 * rollingUpdate, updateDaemonSetStatus; simplified): one pod per Node that should run it
 * (placement.ts), created with generateName `<ds>-` and the labels `controller-revision-hash`
 * (the hash of the current ControllerRevision, history.ts) and `pod-template-generation`; failed pods and extra pods on a Node are
 * deleted, and so are pods on Nodes that may no longer run them or no longer exist. The
 * RollingUpdate strategy (the default) replaces pods of an older template: unavailable ones at
 * once, available ones while fewer than `maxUnavailable` (default 1) are unavailable; OnDelete
 * leaves them. Status: desired/current/misscheduled counts, ready, available, unavailable,
 * updated, observedGeneration.
 */
import type { LabelSelector } from '../../core/label-selectors';
import type { ClusterStore, KubeObject } from '../../core/types';
import { type LoopContext, objectKey } from '../controller-loop';
import { claimObjects, controllerRef, newControllerRef } from '../controller-ref';
import { type PodTemplate, byCreation, computeHash, scaledValue } from '../deployment/util';
import type { EventRecorder } from '../events';
import { isPodAvailable } from '../replicaset/pod-ranking';
import { isPodReady } from '../util';
import { createControlledPod, deleteControlledPod } from '../pod-control';
import { updateStatusIfChanged } from '../writes';
import { cleanupHistory, constructHistory } from './history';
import { daemonPodSpec, nodeShouldRunDaemonPod, targetNodeOf } from './placement';

export const REVISION_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

export interface DaemonSetLike extends KubeObject {
  spec?: {
    selector?: LabelSelector;
    template?: PodTemplate;
    updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string } };
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

const isFailed = (pod: KubeObject) =>
  (pod.status as { phase?: string } | undefined)?.phase === 'Failed';

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
  /** The daemon pods on this Node, oldest first, not being deleted. */
  pods: KubeObject[];
}

/** upstream manage (podsShouldBeOnNode for every Node, and pods on Nodes that are gone). */
function manage(
  ctx: DaemonSetContext,
  ds: DaemonSetLike,
  plans: NodePlan[],
  byNode: Map<string, KubeObject[]>,
  hash: string,
): void {
  for (const plan of plans) {
    const [shouldRun, mayContinue] = nodeShouldRunDaemonPod(plan.node, ds.spec?.template);
    const nodeName = plan.node.metadata.name ?? '';
    if (shouldRun && plan.pods.length === 0) createPod(ctx, ds, nodeName, hash);
    if (!mayContinue) {
      for (const pod of plan.pods) deleteControlledPod(ctx, ds, pod);
      continue;
    }
    const failed = plan.pods.filter(isFailed);
    for (const pod of failed) deleteControlledPod(ctx, ds, pod);
    // One daemon pod per Node: the oldest stays.
    for (const pod of plan.pods.filter((p) => !isFailed(p)).slice(1))
      deleteControlledPod(ctx, ds, pod);
  }
  const known = new Set(plans.map((p) => p.node.metadata.name));
  for (const [nodeName, pods] of byNode) {
    if (!known.has(nodeName)) for (const pod of pods) deleteControlledPod(ctx, ds, pod);
  }
}

/** upstream rollingUpdate with maxSurge 0: replace old pods within maxUnavailable. */
function rollingUpdate(ctx: DaemonSetContext, ds: DaemonSetLike, plans: NodePlan[], hash: string) {
  const strategy = ds.spec?.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
  const now = Date.now();
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const desired = plans.filter((p) => p.shouldRun);
  const maxUnavailable = Math.max(
    1,
    scaledValue(strategy?.rollingUpdate?.maxUnavailable ?? 1, desired.length, true),
  );
  let unavailable = 0;
  const oldAvailable: KubeObject[] = [];
  for (const plan of desired) {
    const pod = plan.pods[0];
    if (!pod || !isPodAvailable(pod, minReady, now)) {
      unavailable++;
      if (pod && pod.metadata.labels?.[REVISION_LABEL] !== hash) deleteControlledPod(ctx, ds, pod);
      continue;
    }
    if (pod.metadata.labels?.[REVISION_LABEL] !== hash) oldAvailable.push(pod);
  }
  for (const pod of oldAvailable.slice(0, Math.max(0, maxUnavailable - unavailable))) {
    deleteControlledPod(ctx, ds, pod);
  }
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

/** The claimed daemon pods, not being deleted, by their target Node (oldest first). */
function podsByNode(ctx: DaemonSetContext, ds: DaemonSetLike): Map<string, KubeObject[]> {
  const pods = claimObjects(ctx, 'pods', ds);
  const byNode = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const node = targetNodeOf(pod);
    if (!node || pod.metadata.deletionTimestamp) continue;
    byNode.set(node, [...(byNode.get(node) ?? []), pod]);
  }
  for (const list of byNode.values()) list.sort(byCreation);
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
    rollingUpdate(ctx, ds, plansFor(ctx, ds, podsByNode(ctx, ds)), hash);
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
