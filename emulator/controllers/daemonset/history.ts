/**
 * A DaemonSet's ControllerRevisions (upstream pkg/controller/daemon/update.go constructHistory,
 * snapshot, dedupCurHistories, cleanupHistory and util.go Match): each template the DaemonSet has
 * had is a revision `<ds>-<hash>` whose `controller-revision-hash` label is the hash the pods
 * carry (controller.ComputeHash of the template and collisionCount, the pod-template hash), with
 * the template's labels and the DaemonSet's annotations. The current revision is the one whose
 * data equals the template's patch, renumbered past the others when the template went back to it
 * (a rollback); a name taken by other data bumps `status.collisionCount` and the sync retries.
 */
import type { KubeObject } from '../../core/types';
import { objectKey } from '../controller-loop';
import { claimObjects, controllerRef, newControllerRef } from '../controller-ref';
import { computeHash } from '../deployment/util';
import {
  type ControllerRevision,
  goJson,
  rawData,
  sortRevisions,
  templatePatch,
  updateRevisionNumber,
} from '../history';
import { isAlreadyExists, isNotFound } from '../util';
import { CONTROLLER_MANAGER, deleteIfPresent } from '../writes';
import { REVISION_LABEL } from './rolling-update';
import type { DaemonSetContext, DaemonSetLike } from './sync';

export interface DaemonSetHistory {
  current: ControllerRevision;
  old: ControllerRevision[];
  /** The hash the current revision's pods carry. */
  hash: string;
}

/** upstream Match: the template's patch equals the revision's data, byte for byte. */
const matches = (ds: DaemonSetLike, revision: ControllerRevision) =>
  goJson(templatePatch(ds.spec?.template)) === rawData(revision);

/** upstream snapshot: a new revision, or the existing one of that name if its data matches. */
function snapshot(ctx: DaemonSetContext, ds: DaemonSetLike, revision: number): ControllerRevision {
  const hash = computeHash(ds.spec?.template ?? {}, ds.status?.collisionCount ?? 0);
  const metadata: KubeObject['metadata'] = {
    name: `${ds.metadata.name}-${hash}`,
    namespace: ds.metadata.namespace,
    labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [REVISION_LABEL]: hash },
    ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
  };
  if (ds.metadata.annotations) metadata.annotations = { ...ds.metadata.annotations };
  const history: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata,
    data: templatePatch(ds.spec?.template),
    revision,
  };
  try {
    return ctx.store.create('controllerrevisions', history, CONTROLLER_MANAGER);
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    const existing = ctx.store.get(
      'controllerrevisions',
      metadata.namespace ?? '',
      metadata.name ?? '',
    ) as ControllerRevision | undefined;
    if (existing && matches(ds, existing)) return existing;
    const current = ctx.store.get(
      'daemonsets',
      ds.metadata.namespace ?? '',
      ds.metadata.name ?? '',
    );
    if (current) {
      const next = structuredClone(current) as DaemonSetLike;
      next.status = { ...next.status, collisionCount: (next.status?.collisionCount ?? 0) + 1 };
      ctx.store.updateStatus('daemonsets', next, CONTROLLER_MANAGER);
    }
    throw error;
  }
}

/**
 * How long a duplicate current revision stands before it is deleted. Upstream deletes it on the
 * next sync, which in a real cluster comes a watch delivery and some pod relabelling later; a
 * client that has just created one (the ControllerRevision conformance test creates a second
 * revision with the current data, counts two, then deletes the first itself) sees it in between.
 */
export const DEDUP_DELAY_MS = 2000;

/**
 * upstream dedupCurHistories: the highest revision is kept and the pods are relabelled with its
 * hash at once; the other duplicates are deleted after DEDUP_DELAY_MS.
 */
function dedupCurHistories(
  ctx: DaemonSetContext,
  ds: DaemonSetLike,
  current: ControllerRevision[],
): ControllerRevision {
  const sorted = sortRevisions(current);
  const keep = sorted[sorted.length - 1] as ControllerRevision;
  if (sorted.length === 1) return keep;
  const hash = keep.metadata.labels?.[REVISION_LABEL] ?? '';
  for (const pod of ctx.cache.list('pods', ds.metadata.namespace)) {
    if (controllerRef(pod)?.uid !== ds.metadata.uid) continue;
    if (pod.metadata.labels?.[REVISION_LABEL] === hash) continue;
    const next = structuredClone(pod);
    next.metadata.labels = { ...next.metadata.labels, [REVISION_LABEL]: hash };
    try {
      ctx.store.update('pods', next, CONTROLLER_MANAGER);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  const now = Date.now();
  for (const duplicate of sorted.slice(0, -1)) {
    const uid = duplicate.metadata.uid ?? '';
    const seen = ctx.duplicatesSeen.get(uid);
    if (seen === undefined) ctx.duplicatesSeen.set(uid, now);
    if (seen !== undefined && now - seen >= DEDUP_DELAY_MS) {
      deleteIfPresent(ctx.store, 'controllerrevisions', duplicate);
      ctx.duplicatesSeen.delete(uid);
    } else {
      ctx.queue.addAfter(objectKey(ds), DEDUP_DELAY_MS - (seen === undefined ? 0 : now - seen));
    }
  }
  return keep;
}

/** upstream constructHistory. */
export function constructHistory(ctx: DaemonSetContext, ds: DaemonSetLike): DaemonSetHistory {
  const current: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (let history of claimObjects<ControllerRevision>(ctx, 'controllerrevisions', ds)) {
    // Revisions written before the label existed are labelled by name, as upstream does.
    if (!history.metadata.labels?.[REVISION_LABEL]) {
      const next = structuredClone(history);
      next.metadata.labels = {
        ...next.metadata.labels,
        [REVISION_LABEL]: next.metadata.name ?? '',
      };
      history = ctx.store.update('controllerrevisions', next, CONTROLLER_MANAGER);
    }
    (matches(ds, history) ? current : old).push(history);
  }
  const nextNumber = Math.max(0, ...old.map((h) => h.revision ?? 0)) + 1;
  let cur: ControllerRevision;
  if (current.length === 0) {
    cur = snapshot(ctx, ds, nextNumber);
  } else {
    cur = dedupCurHistories(ctx, ds, current);
    if ((cur.revision ?? 0) < nextNumber) cur = updateRevisionNumber(ctx.store, cur, nextNumber);
  }
  return { current: cur, old, hash: cur.metadata.labels?.[REVISION_LABEL] ?? '' };
}

/**
 * upstream cleanupHistory: beyond `revisionHistoryLimit` (default 10) old revisions, the oldest
 * ones no pod (terminating ones included) still carries are deleted.
 */
export function cleanupHistory(
  ctx: DaemonSetContext,
  ds: DaemonSetLike,
  old: ControllerRevision[],
  pods: readonly KubeObject[],
): void {
  const limit = (ds.spec as { revisionHistoryLimit?: number } | undefined)?.revisionHistoryLimit;
  let toKill = old.length - (limit ?? 10);
  if (toKill <= 0) return;
  const live = new Set(pods.map((p) => p.metadata.labels?.[REVISION_LABEL]).filter(Boolean));
  for (const history of sortRevisions(old)) {
    if (toKill <= 0) break;
    if (live.has(history.metadata.labels?.[REVISION_LABEL])) continue;
    deleteIfPresent(ctx.store, 'controllerrevisions', history);
    toKill--;
  }
}
