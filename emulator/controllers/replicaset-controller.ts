/**
 * The ReplicaSet controller (upstream pkg/controller/replicaset/replica_set.go): keeps
 * `spec.replicas` active pods for every ReplicaSet — adopting matching orphans, releasing owned
 * pods that stopped matching, creating pods from the template (`<rs>-<5 random>` through
 * generateName, controller ownerReference) and, when scaling down, deleting the pods upstream's
 * ActivePodsWithRanks ranks first (unscheduled, pending, not ready, crowded nodes, recently
 * ready, restarted, newest) — and writes status (replicas, fullyLabeledReplicas, readyReplicas,
 * availableReplicas with minReadySeconds, observedGeneration). Events: SuccessfulCreate,
 * SuccessfulDelete. Pinned by deployment-controller.test.ts.
 */
import type { ClusterStore, Controller, KubeObject, StoreEvent } from '../core/types';
import type { ObjectCache } from './cache';
import type { EventRecorder } from './events';
import {
  type LabelSelector,
  type PodLike,
  controllerRef,
  deepEqual,
  getPodCondition,
  isNotFound,
  isPodReady,
  isPodTerminal,
  matchesLabelSelector,
  splitKey,
} from './util';
import { WorkQueue } from './work-queue';

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

function isActive(pod: KubeObject): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** upstream podutil.IsPodAvailable: Ready for at least minReadySeconds. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(getPodCondition(pod, 'Ready')?.lastTransitionTime ?? '');
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(pod: KubeObject): number {
  const statuses = ((pod as PodLike).status?.containerStatuses ?? []) as {
    restartCount?: number;
  }[];
  return statuses.reduce((m, s) => Math.max(m, s.restartCount ?? 0), 0);
}

/**
 * upstream ActivePodsWithRanks.Less: true when `a` should be deleted before `b`. `rank` is the
 * number of related active pods on the same node (more crowded nodes lose pods first).
 */
export function deleteFirst(
  a: KubeObject,
  b: KubeObject,
  rank: (pod: KubeObject) => number,
): boolean {
  const na = (a as PodLike).spec?.nodeName ?? '';
  const nb = (b as PodLike).spec?.nodeName ?? '';
  if ((na === '') !== (nb === '')) return na === '';
  const pa = PHASE_RANK[(a as PodLike).status?.phase ?? 'Pending'] ?? 0;
  const pb = PHASE_RANK[(b as PodLike).status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  const ka = rank(a);
  const kb = rank(b);
  if (ka !== kb) return ka > kb;
  if (ra && rb) {
    const ta = Date.parse(getPodCondition(a, 'Ready')?.lastTransitionTime ?? '') || 0;
    const tb = Date.parse(getPodCondition(b, 'Ready')?.lastTransitionTime ?? '') || 0;
    if (ta !== tb) return ta > tb;
  }
  const xa = restarts(a);
  const xb = restarts(b);
  if (xa !== xb) return xa > xb;
  const ca = a.metadata.creationTimestamp ?? '';
  const cb = b.metadata.creationTimestamp ?? '';
  if (ca !== cb) return ca > cb;
  return (a.metadata.name ?? '') > (b.metadata.name ?? '');
}

export function createReplicaSetController(
  store: ClusterStore,
  cache: ObjectCache,
  recorder: EventRecorder,
): Controller {
  const queue = new WorkQueue((key) => syncReplicaSet(key), { name: 'replicaset-controller' });
  let unsubscribe: (() => void) | undefined;

  function queueOwner(pod: KubeObject | undefined): void {
    if (!pod) return;
    const ref = controllerRef(pod);
    if (!ref) {
      // An orphan: any ReplicaSet selecting it may adopt it.
      for (const rs of cache.list('replicasets', pod.metadata.namespace)) {
        if (matchesLabelSelector((rs as ReplicaSetLike).spec?.selector, pod.metadata.labels)) {
          queue.add(`${rs.metadata.namespace}/${rs.metadata.name}`);
        }
      }
      return;
    }
    if (ref.kind !== 'ReplicaSet') return;
    const rs = cache.get('replicasets', pod.metadata.namespace ?? '', ref.name);
    if (rs && rs.metadata.uid === ref.uid)
      queue.add(`${rs.metadata.namespace}/${rs.metadata.name}`);
  }

  function onEvent(event: StoreEvent): void {
    if (event.resource === 'replicasets') {
      queue.add(`${event.object.metadata.namespace}/${event.object.metadata.name}`);
    } else if (event.resource === 'pods') {
      queueOwner(event.object);
      if (
        event.previous &&
        !deepEqual(controllerRef(event.previous), controllerRef(event.object))
      ) {
        queueOwner(event.previous);
      }
    }
  }

  function syncReplicaSet(key: string): void {
    const [namespace, name] = splitKey(key);
    const rs = cache.get('replicasets', namespace, name) as ReplicaSetLike | undefined;
    if (!rs) return;
    const selector = rs.spec?.selector;
    const now = Date.now();

    // claimPods: owned pods that still match, plus matching orphans (adopted).
    const owned: KubeObject[] = [];
    for (const pod of cache.list('pods', namespace)) {
      const ref = controllerRef(pod);
      const matches = matchesLabelSelector(selector, pod.metadata.labels);
      if (ref) {
        if (ref.uid !== rs.metadata.uid) continue;
        if (matches) owned.push(pod);
        else if (!rs.metadata.deletionTimestamp) release(pod);
        continue;
      }
      if (!matches || rs.metadata.deletionTimestamp || pod.metadata.deletionTimestamp) continue;
      const adopted = adopt(rs, pod);
      if (adopted) owned.push(adopted);
    }
    const active = owned.filter(isActive);

    if (!rs.metadata.deletionTimestamp) {
      const want = rs.spec?.replicas ?? 1;
      const diff = active.length - want;
      if (diff < 0) {
        for (let i = 0; i < Math.min(-diff, BURST_REPLICAS); i++) createPod(rs);
        if (-diff > BURST_REPLICAS) queue.add(key);
      } else if (diff > 0) {
        for (const pod of podsToDelete(rs, active, Math.min(diff, BURST_REPLICAS))) {
          try {
            store.delete('pods', namespace, pod.metadata.name ?? '');
            recorder.record(rs, {
              type: 'Normal',
              reason: 'SuccessfulDelete',
              message: `Deleted pod: ${pod.metadata.name}`,
            });
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
        }
      }
    }

    // Status from the pods as they are now (creates/deletes above are visible in the cache).
    const current: KubeObject[] = [];
    for (const pod of cache.list('pods', namespace)) {
      const ref = controllerRef(pod);
      if (ref?.uid === rs.metadata.uid && isActive(pod)) current.push(pod);
    }
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
    const status = {
      ...(rs.status ?? {}),
      replicas: current.length,
      fullyLabeledReplicas: current.filter((p) =>
        Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v),
      ).length,
      readyReplicas: current.filter(isPodReady).length,
      availableReplicas: current.filter((p) => isPodAvailable(p, minReady, now)).length,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    const latest = cache.get('replicasets', namespace, name) as ReplicaSetLike | undefined;
    if (latest && !deepEqual(latest.status ?? {}, status)) {
      const next = structuredClone(latest) as ReplicaSetLike;
      next.status = status;
      store.updateStatus('replicasets', next, { fieldManager: 'kube-controller-manager' });
    }
    // Pods that are ready but not yet available become available later: look again then.
    if (minReady > 0 && status.readyReplicas > status.availableReplicas) {
      queue.addAfter(key, minReady * 1000);
    }
  }

  function adopt(rs: KubeObject, pod: KubeObject): KubeObject | undefined {
    const next = structuredClone(pod) as KubeObject;
    next.metadata.ownerReferences = [
      ...(next.metadata.ownerReferences ?? []),
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: rs.metadata.name ?? '',
        uid: rs.metadata.uid ?? '',
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
    try {
      return store.update('pods', next, { fieldManager: 'kube-controller-manager' });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  function release(pod: KubeObject): void {
    const next = structuredClone(pod) as KubeObject;
    next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter(
      (ref) => ref.controller !== true,
    );
    try {
      store.update('pods', next, { fieldManager: 'kube-controller-manager' });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  function createPod(rs: ReplicaSetLike): void {
    const template = structuredClone(rs.spec?.template ?? {}) as {
      metadata?: Record<string, unknown>;
      spec?: Record<string, unknown>;
    };
    const metadata: KubeObject['metadata'] = {
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs.metadata.name ?? '',
          uid: rs.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    };
    const labels = template.metadata?.labels as Record<string, string> | undefined;
    const annotations = template.metadata?.annotations as Record<string, string> | undefined;
    if (labels) metadata.labels = labels;
    if (annotations) metadata.annotations = annotations;
    try {
      const pod = store.create(
        'pods',
        { apiVersion: 'v1', kind: 'Pod', metadata, spec: template.spec ?? {} },
        { fieldManager: 'kube-controller-manager' },
      );
      recorder.record(rs, {
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: `Created pod: ${pod.metadata.name}`,
      });
    } catch (error) {
      recorder.record(rs, {
        type: 'Warning',
        reason: 'FailedCreate',
        message: `Error creating: ${(error as Error).message}`,
      });
      throw error;
    }
  }

  /**
   * upstream getPodsToDelete: ranks count the related active pods on each node — the pods of
   * every ReplicaSet owned by the same Deployment (getIndirectlyRelatedPods), or this one's.
   */
  function podsToDelete(rs: KubeObject, active: KubeObject[], count: number): KubeObject[] {
    const owner = controllerRef(rs);
    const related = new Set<string>([rs.metadata.uid ?? '']);
    if (owner) {
      for (const other of cache.list('replicasets', rs.metadata.namespace)) {
        if (controllerRef(other)?.uid === owner.uid) related.add(other.metadata.uid ?? '');
      }
    }
    const perNode = new Map<string, number>();
    for (const pod of cache.list('pods', rs.metadata.namespace)) {
      const ref = controllerRef(pod);
      if (!ref || !related.has(ref.uid) || !isActive(pod)) continue;
      const node = (pod as PodLike).spec?.nodeName ?? '';
      perNode.set(node, (perNode.get(node) ?? 0) + 1);
    }
    const rank = (pod: KubeObject) => perNode.get((pod as PodLike).spec?.nodeName ?? '') ?? 0;
    return [...active]
      .sort((a, b) => (deleteFirst(a, b, rank) ? -1 : deleteFirst(b, a, rank) ? 1 : 0))
      .slice(0, count);
  }

  return {
    name: 'replicaset-controller',
    start() {
      if (unsubscribe) return;
      cache.start();
      unsubscribe = cache.on(onEvent);
      queue.start();
      for (const rs of cache.list('replicasets')) {
        queue.add(`${rs.metadata.namespace}/${rs.metadata.name}`);
      }
    },
    stop() {
      if (!unsubscribe) return;
      unsubscribe();
      unsubscribe = undefined;
      queue.stop();
      cache.stop();
    },
    idle: () => queue.idle(),
  };
}
