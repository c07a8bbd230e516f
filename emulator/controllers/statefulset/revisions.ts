/**
 * A StatefulSet's ControllerRevisions (upstream stateful_set_control.go getStatefulSetRevisions
 * and truncateHistory, stateful_set_utils.go newRevision and ApplyRevision): each template the
 * set has had is a revision `<set>-<hash>` labelled with the template's labels and
 * `controller.kubernetes.io/hash`, annotated with the set's annotations. The update revision is
 * the one equal to the current template — the latest if unchanged, an older one renumbered to the
 * next number if the template went back to it (a rollback), else a new one; the current revision
 * is the one `status.currentRevision` names. Pods are labelled with a revision's name.
 */
import type { KubeObject } from '../../core/types';
import { claimObjects, newControllerRef } from '../controller-ref';
import {
  type ControllerRevision,
  HASH_LABEL,
  controllerRevisionName,
  createControllerRevision,
  equalRevision,
  goJson,
  hashControllerRevision,
  nextRevision,
  sortRevisions,
  templateOf,
  templatePatch,
  updateRevisionNumber,
} from '../history';
import { deleteIfPresent } from '../writes';
import type { StatefulSetContext } from './control';
import { type StatefulSetLike, revisionOfPod } from './pods';

export interface SetRevisions {
  current: ControllerRevision;
  update: ControllerRevision;
  collisionCount: number;
  /** Every revision the set owns, by revision number (before this sync's create/renumber). */
  revisions: ControllerRevision[];
}

/** upstream newRevision: what the set's template would be stored as. */
export function newRevision(
  set: StatefulSetLike,
  revision: number,
  collisionCount: number,
): ControllerRevision {
  const data = templatePatch(set.spec?.template);
  const hash = hashControllerRevision(goJson(data), collisionCount);
  const metadata: KubeObject['metadata'] = {
    name: controllerRevisionName(set.metadata.name ?? '', hash),
    namespace: set.metadata.namespace,
    labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
    ownerReferences: [newControllerRef(set, 'apps/v1', 'StatefulSet')],
  };
  if (set.metadata.annotations && Object.keys(set.metadata.annotations).length > 0)
    metadata.annotations = { ...set.metadata.annotations };
  return { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata, data, revision };
}

/** upstream getStatefulSetRevisions (after adoptOrphanRevisions / ListRevisions). */
export function getStatefulSetRevisions(
  ctx: StatefulSetContext,
  set: StatefulSetLike,
): SetRevisions {
  const revisions = sortRevisions(
    claimObjects<ControllerRevision>(ctx, 'controllerrevisions', set),
  );
  let collisionCount = set.status?.collisionCount ?? 0;
  let update = newRevision(set, nextRevision(revisions), collisionCount);
  const equal = revisions.filter((r) => equalRevision(r, update));
  const latest = revisions[revisions.length - 1];
  const lastEqual = equal[equal.length - 1];
  if (lastEqual && latest && equalRevision(latest, lastEqual)) {
    update = latest;
  } else if (lastEqual) {
    update = updateRevisionNumber(ctx.store, lastEqual, update.revision ?? 0);
  } else {
    const created = createControllerRevision(
      ctx.store,
      set.metadata.name ?? '',
      update,
      collisionCount,
    );
    update = created.revision;
    collisionCount = created.collisionCount;
  }
  const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount, revisions };
}

/** upstream ApplyRevision: the set as it was at `revision` (its template restored). */
export function applyRevision(set: StatefulSetLike, revision: ControllerRevision): StatefulSetLike {
  return { ...set, spec: { ...set.spec, template: templateOf(revision) } };
}

/**
 * upstream truncateHistory: revisions no pod, nor the current or update revision, uses are
 * deleted oldest first until `revisionHistoryLimit` (default 10) remain.
 */
export function truncateHistory(
  ctx: StatefulSetContext,
  set: StatefulSetLike,
  pods: readonly KubeObject[],
  revs: SetRevisions,
): void {
  const live = new Set([revs.current.metadata.name, revs.update.metadata.name]);
  for (const pod of pods) live.add(revisionOfPod(pod) ?? '');
  const history = revs.revisions.filter((r) => !live.has(r.metadata.name));
  const limit = (set.spec as { revisionHistoryLimit?: number } | undefined)?.revisionHistoryLimit;
  const excess = history.length - (limit ?? 10);
  for (const revision of history.slice(0, Math.max(0, excess)))
    deleteIfPresent(ctx.store, 'controllerrevisions', revision);
}
