/**
 * The ReplicaSet controller (upstream pkg/controller/replicaset/replica_set.go): keeps
 * `spec.replicas` active pods for every ReplicaSet — adopting matching orphans, releasing owned
 * pods that stopped matching, creating pods from the template (`<rs>-<5 random>` through
 * generateName, controller ownerReference) and, when scaling down, deleting the pods
 * pod-ranking.ts ranks first — at most 500 creates or deletes per sync (upstream's
 * burstReplicas) — and writes status (replicas, fullyLabeledReplicas, readyReplicas,
 * availableReplicas with minReadySeconds, observedGeneration). Events: SuccessfulCreate,
 * FailedCreate, SuccessfulDelete. Pinned by deployment-controller.test.ts.
 */
import type { ClusterStore, Controller, KubeObject } from '../../core/types';
import type { ObjectCache } from '../cache';
import { type LoopContext, objectKey, ownerLoop, runControllerLoop } from '../controller-loop';
import { claimObjects, controllerRef, newControllerRef } from '../controller-ref';
import type { EventRecorder } from '../events';
import { type LabelSelector, matchesMapSelector } from '../../core/label-selectors';
import { type PodLike, isPodReady } from '../util';
import { createControlledPod, deleteControlledPod } from '../pod-control';
import { updateStatusIfChanged } from '../writes';
import { isActive, isPodAvailable, rankForDeletion } from './pod-ranking';

export { deleteFirst, isPodAvailable } from './pod-ranking';

/** upstream burstReplicas: at most this many creates/deletes per sync. */
const BURST_REPLICAS = 500;

export interface ReplicaSetLike extends KubeObject {
  spec?: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: LabelSelector;
    template?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: unknown;
    };
  };
  status?: {
    replicas?: number;
    fullyLabeledReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
    conditions?: unknown[];
  };
}

interface ReplicaSetContext extends LoopContext {
  store: ClusterStore;
  recorder: EventRecorder;
}

/** upstream claimPods. */
function claimPods(ctx: ReplicaSetContext, rs: ReplicaSetLike): KubeObject[] {
  return claimObjects(ctx, 'pods', rs);
}

function createPod(ctx: ReplicaSetContext, rs: ReplicaSetLike): void {
  const template = structuredClone(rs.spec?.template ?? {});
  const metadata: KubeObject['metadata'] = {
    generateName: `${rs.metadata.name}-`,
    namespace: rs.metadata.namespace,
    ownerReferences: [newControllerRef(rs, 'apps/v1', 'ReplicaSet')],
  };
  if (template.metadata?.labels) metadata.labels = template.metadata.labels;
  if (template.metadata?.annotations) metadata.annotations = template.metadata.annotations;
  createControlledPod(ctx, rs, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: template.spec ?? {},
  });
}

/**
 * upstream getPodsToDelete: ranks count the related active pods on each node — the pods of
 * every ReplicaSet owned by the same Deployment (getIndirectlyRelatedPods), or this one's.
 */
function podsToDelete(
  ctx: ReplicaSetContext,
  rs: KubeObject,
  active: KubeObject[],
  count: number,
): KubeObject[] {
  const owner = controllerRef(rs);
  const related = new Set<string>([rs.metadata.uid ?? '']);
  if (owner) {
    for (const other of ctx.cache.list('replicasets', rs.metadata.namespace)) {
      if (controllerRef(other)?.uid === owner.uid) related.add(other.metadata.uid ?? '');
    }
  }
  const perNode = new Map<string, number>();
  for (const pod of ctx.cache.list('pods', rs.metadata.namespace)) {
    const ref = controllerRef(pod);
    if (!ref || !related.has(ref.uid) || !isActive(pod)) continue;
    const node = (pod as PodLike).spec?.nodeName ?? '';
    perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const rank = (pod: KubeObject) => perNode.get((pod as PodLike).spec?.nodeName ?? '') ?? 0;
  return rankForDeletion(active, count, rank);
}

/** upstream manageReplicas: create or delete pods towards spec.replicas (bursts of 500). */
function manageReplicas(ctx: ReplicaSetContext, rs: ReplicaSetLike, active: KubeObject[]): void {
  const diff = active.length - (rs.spec?.replicas ?? 1);
  if (diff < 0) {
    for (let i = 0; i < Math.min(-diff, BURST_REPLICAS); i++) createPod(ctx, rs);
    if (-diff > BURST_REPLICAS) ctx.queue.add(objectKey(rs));
    return;
  }
  if (diff === 0) return;
  for (const pod of podsToDelete(ctx, rs, active, Math.min(diff, BURST_REPLICAS)))
    deleteControlledPod(ctx, rs, pod);
}

/** upstream calculateStatus, from the pods as they are now (this sync's writes included). */
function updateStatus(ctx: ReplicaSetContext, rs: ReplicaSetLike, now: number): void {
  const namespace = rs.metadata.namespace ?? '';
  const current: KubeObject[] = [];
  for (const pod of ctx.cache.list('pods', namespace)) {
    if (controllerRef(pod)?.uid === rs.metadata.uid && isActive(pod)) current.push(pod);
  }
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const status = {
    ...(rs.status ?? {}),
    replicas: current.length,
    fullyLabeledReplicas: current.filter((p) =>
      matchesMapSelector(templateLabels, p.metadata.labels),
    ).length,
    readyReplicas: current.filter(isPodReady).length,
    availableReplicas: current.filter((p) => isPodAvailable(p, minReady, now)).length,
    observedGeneration: rs.metadata.generation ?? 1,
  };
  const latest = ctx.cache.get('replicasets', namespace, rs.metadata.name ?? '') as
    ReplicaSetLike | undefined;
  if (latest) updateStatusIfChanged(ctx.store, 'replicasets', latest, status);
  // Pods that are ready but not yet available become available later: look again then.
  if (minReady > 0 && status.readyReplicas > status.availableReplicas) {
    ctx.queue.addAfter(objectKey(rs), minReady * 1000);
  }
}

function syncReplicaSet(ctx: ReplicaSetContext, rs: ReplicaSetLike): void {
  const now = Date.now();
  const active = claimPods(ctx, rs).filter(isActive);
  if (!rs.metadata.deletionTimestamp) manageReplicas(ctx, rs, active);
  updateStatus(ctx, rs, now);
}

export function createReplicaSetController(
  store: ClusterStore,
  cache: ObjectCache,
  recorder: EventRecorder,
): Controller {
  return runControllerLoop<ReplicaSetContext>(
    ownerLoop({
      name: 'replicaset-controller',
      owner: { resource: 'replicasets', kind: 'ReplicaSet' },
      owned: 'pods',
      syncOwner: (ctx, rs) => syncReplicaSet(ctx, rs as ReplicaSetLike),
    }),
    (queue) => ({ store, cache, recorder, queue }),
  );
}
