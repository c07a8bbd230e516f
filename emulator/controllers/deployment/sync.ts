/**
 * The Deployment controller's ReplicaSet bookkeeping (upstream pkg/controller/deployment/sync.go):
 * finding or creating the new ReplicaSet (`<deployment>-<pod-template-hash>`, the hash label on
 * its selector and template, a hash collision bumps `status.collisionCount`), revision and
 * desired/max-replicas annotations, scaling a ReplicaSet with a ScalingReplicaSet event,
 * proportional scaling when replicas change outside a rollout (or while paused), cleanup of old
 * ReplicaSets beyond `revisionHistoryLimit` (default 10), and status for a Deployment being
 * deleted.
 */
import { newControllerRef, controllerRef } from '../controller-ref';
import type { ReplicaSetLike } from '../replicaset/replicaset-controller';
import { deepEqual } from '../../core/deep-equal';
import { type LabelSelector } from '../../core/label-selectors';
import { isAlreadyExists } from '../util';
import { CONTROLLER_MANAGER, deleteIfPresent, updateStatusIfChanged } from '../writes';
import type { DeploymentContext } from './context';
import { calculateStatus, syncRolloutStatus } from './progress';
import {
  type DeploymentLike,
  type DeploymentStatus,
  DESIRED_REPLICAS,
  LAST_APPLIED,
  MAX_REPLICAS,
  POD_TEMPLATE_HASH,
  type PodTemplate,
  REVISION,
  REVISION_HISTORY,
  appendRevisionHistory,
  byCreation,
  computeHash,
  condition,
  desiredReplicas,
  findNewReplicaSet,
  isRollingUpdate,
  maxSurge,
  newRSNewReplicas,
  revisionOf,
  setCondition,
  specReplicas,
  sum,
  templateIgnoringHash,
} from './util';

export interface SyncedReplicaSets {
  newRS: ReplicaSetLike | undefined;
  oldRSs: ReplicaSetLike[];
  /** The Deployment as stored after its revision annotation was brought up to date. */
  d: DeploymentLike;
}

/** The size annotations a ReplicaSet carries for proportional scaling. */
function sizeAnnotations(d: DeploymentLike): Record<string, string> {
  return {
    [DESIRED_REPLICAS]: String(desiredReplicas(d)),
    [MAX_REPLICAS]: String(desiredReplicas(d) + maxSurge(d)),
  };
}

/**
 * upstream SetNewReplicaSetAnnotations: the Deployment's own annotations plus the revision; a
 * ReplicaSet that had a revision and gets a newer one (a rollback to it) keeps the old one in
 * `deployment.kubernetes.io/revision-history`.
 */
function rsAnnotationsFor(
  d: DeploymentLike,
  rs: ReplicaSetLike | undefined,
  revision: number,
): Record<string, string> {
  const annotations: Record<string, string> = { ...(rs?.metadata.annotations ?? {}) };
  const skipped = new Set([
    LAST_APPLIED,
    REVISION,
    REVISION_HISTORY,
    DESIRED_REPLICAS,
    MAX_REPLICAS,
  ]);
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (!skipped.has(k)) annotations[k] = v;
  }
  const previous = annotations[REVISION];
  // Go's ParseInt: anything else leaves the revision alone.
  if (previous && !/^[+-]?\d+$/.test(previous)) return annotations;
  if (Number(previous || 0) < revision) {
    annotations[REVISION] = String(revision);
    if (previous !== undefined) {
      const history = appendRevisionHistory(annotations[REVISION_HISTORY], previous);
      if (history !== undefined) annotations[REVISION_HISTORY] = history;
    }
  }
  return annotations;
}

/** upstream getAllReplicaSetsAndSyncRevision (+ getNewReplicaSet). */
export function syncRevision(
  ctx: DeploymentContext,
  d: DeploymentLike,
  rsList: ReplicaSetLike[],
  createIfMissing: boolean,
): SyncedReplicaSets {
  let newRS = findNewReplicaSet(d, rsList);
  const oldRSs = rsList.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
  const revision = oldRSs.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0) + 1;
  if (newRS) {
    const annotations = { ...sizeAnnotations(d), ...rsAnnotationsFor(d, newRS, revision) };
    if (!deepEqual(annotations, newRS.metadata.annotations ?? {})) {
      const next = structuredClone(newRS) as ReplicaSetLike;
      next.metadata.annotations = annotations;
      newRS = ctx.store.update('replicasets', next, CONTROLLER_MANAGER) as ReplicaSetLike;
    }
  } else if (createIfMissing) {
    newRS = createNewReplicaSet(ctx, d, rsList, revision);
    if (!newRS) return { newRS: undefined, oldRSs, d };
  }
  return { newRS, oldRSs, d: setDeploymentRevision(ctx, d, newRS ? revisionOf(newRS) : 0) };
}

function setDeploymentRevision(
  ctx: DeploymentContext,
  d: DeploymentLike,
  revision: number,
): DeploymentLike {
  if (revision === 0 || d.metadata.annotations?.[REVISION] === String(revision)) return d;
  const next = structuredClone(d) as DeploymentLike;
  next.metadata.annotations = {
    ...(next.metadata.annotations ?? {}),
    [REVISION]: String(revision),
  };
  return ctx.store.update('deployments', next, CONTROLLER_MANAGER) as DeploymentLike;
}

function newReplicaSet(
  d: DeploymentLike,
  rsList: ReplicaSetLike[],
  revision: number,
): ReplicaSetLike {
  const template = structuredClone(d.spec?.template ?? {}) as PodTemplate;
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...(template.metadata ?? {}) };
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const selector = structuredClone(d.spec?.selector ?? {}) as LabelSelector;
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: { ...template.metadata.labels },
      annotations: { ...rsAnnotationsFor(d, undefined, revision), ...sizeAnnotations(d) },
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
    },
    spec: {
      replicas: newRSNewReplicas(d, rsList, undefined),
      minReadySeconds: d.spec?.minReadySeconds ?? 0,
      selector,
      template,
    },
  };
}

/**
 * upstream getNewReplicaSet's create path: an existing ReplicaSet of that name with our
 * template is ours already; any other is a hash collision (collisionCount + 1, retried).
 */
function createNewReplicaSet(
  ctx: DeploymentContext,
  d: DeploymentLike,
  rsList: ReplicaSetLike[],
  revision: number,
): ReplicaSetLike | undefined {
  const rs = newReplicaSet(d, rsList, revision);
  let created: ReplicaSetLike;
  try {
    created = ctx.store.create('replicasets', rs, CONTROLLER_MANAGER) as ReplicaSetLike;
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    const existing = ctx.cache.get(
      'replicasets',
      d.metadata.namespace ?? '',
      rs.metadata.name ?? '',
    );
    if (
      existing &&
      controllerRef(existing)?.uid === d.metadata.uid &&
      deepEqual(
        templateIgnoringHash((existing as ReplicaSetLike).spec?.template),
        templateIgnoringHash(d.spec?.template),
      )
    ) {
      return existing as ReplicaSetLike;
    }
    const next = structuredClone(d) as DeploymentLike;
    next.status = { ...(next.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
    ctx.store.updateStatus('deployments', next, CONTROLLER_MANAGER);
    throw new Error(`hash collision for ReplicaSet ${rs.metadata.name}`);
  }
  const replicas = specReplicas(created);
  if (replicas > 0) {
    ctx.recorder.record(d, {
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`,
    });
  }
  const latest = ctx.cache.get(
    'deployments',
    d.metadata.namespace ?? '',
    d.metadata.name ?? '',
  ) as DeploymentLike;
  const status = structuredClone(latest.status ?? {}) as DeploymentStatus;
  setCondition(
    status,
    condition(
      'Progressing',
      'True',
      'NewReplicaSetCreated',
      `Created new replica set "${created.metadata.name}"`,
    ),
  );
  const nextD = structuredClone(latest) as DeploymentLike;
  nextD.status = status;
  ctx.store.updateStatus('deployments', nextD, CONTROLLER_MANAGER);
  return created;
}

/** upstream scaleReplicaSetAndRecordEvent. Returns whether the size changed. */
export function scaleReplicaSet(
  ctx: DeploymentContext,
  rs: ReplicaSetLike,
  newScale: number,
  d: DeploymentLike,
): boolean {
  const current = ctx.cache.get(
    'replicasets',
    rs.metadata.namespace ?? '',
    rs.metadata.name ?? '',
  ) as ReplicaSetLike | undefined;
  if (!current) return false;
  const sizeChanged = specReplicas(current) !== newScale;
  const annotations = { ...(current.metadata.annotations ?? {}), ...sizeAnnotations(d) };
  if (!sizeChanged && deepEqual(annotations, current.metadata.annotations ?? {})) return false;
  const next = structuredClone(current) as ReplicaSetLike;
  next.spec = { ...(next.spec ?? {}), replicas: newScale };
  next.metadata.annotations = annotations;
  ctx.store.update('replicasets', next, CONTROLLER_MANAGER);
  if (sizeChanged) {
    const direction = specReplicas(current) < newScale ? 'up' : 'down';
    ctx.recorder.record(d, {
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled ${direction} replica set ${current.metadata.name} from ${specReplicas(current)} to ${newScale}`,
    });
  }
  return sizeChanged;
}

/** upstream isScalingEvent: an active ReplicaSet was sized for a different replica count. */
export function isScalingEvent(d: DeploymentLike, rsList: readonly ReplicaSetLike[]): boolean {
  return rsList.some((rs) => {
    const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
    return specReplicas(rs) > 0 && desired !== undefined && Number(desired) !== desiredReplicas(d);
  });
}

/** upstream sync(): scale (paused or a scaling event), then status. */
export function syncScale(ctx: DeploymentContext, d: DeploymentLike, rsList: ReplicaSetLike[]) {
  const synced = syncRevision(ctx, d, rsList, false);
  scale(ctx, synced.d, synced.newRS, synced.oldRSs);
  syncRolloutStatus(ctx, synced.d);
}

/** upstream scale(): one active set takes it all, else proportional to the sizes. */
function scale(
  ctx: DeploymentContext,
  d: DeploymentLike,
  newRS: ReplicaSetLike | undefined,
  oldRSs: ReplicaSetLike[],
): void {
  const replicas = desiredReplicas(d);
  const active = [...(newRS ? [newRS] : []), ...oldRSs].filter((rs) => specReplicas(rs) > 0);
  if (active.length <= 1) {
    const target = active[0] ?? newRS ?? [...oldRSs].sort(byCreation)[oldRSs.length - 1];
    if (target && specReplicas(target) !== replicas) scaleReplicaSet(ctx, target, replicas, d);
    return;
  }
  if (
    newRS &&
    specReplicas(newRS) === replicas &&
    (newRS.status?.availableReplicas ?? 0) === replicas
  ) {
    for (const rs of oldRSs) if (specReplicas(rs) > 0) scaleReplicaSet(ctx, rs, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - sum(active, specReplicas);
  if (toAdd === 0) return;
  // Largest first when growing, smallest first when shrinking (upstream's sort orders).
  const ordered = [...active].sort((a, b) =>
    toAdd > 0 ? specReplicas(b) - specReplicas(a) : specReplicas(a) - specReplicas(b),
  );
  const sizes = new Map<ReplicaSetLike, number>();
  let added = 0;
  for (const rs of ordered) {
    let proportion = 0;
    if (replicas === 0) proportion = -specReplicas(rs);
    else {
      const annotated =
        Number(rs.metadata.annotations?.[MAX_REPLICAS] ?? d.status?.replicas ?? 0) || 0;
      if (annotated > 0) {
        proportion = Math.ceil((specReplicas(rs) * allowed) / annotated) - specReplicas(rs);
      }
    }
    proportion =
      toAdd > 0 ? Math.min(proportion, toAdd - added) : Math.max(proportion, toAdd - added);
    added += proportion;
    sizes.set(rs, specReplicas(rs) + proportion);
  }
  const first = ordered[0];
  if (first && added !== toAdd) sizes.set(first, (sizes.get(first) ?? 0) + (toAdd - added));
  for (const [rs, size] of sizes) scaleReplicaSet(ctx, rs, Math.max(0, size), d);
}

/** upstream cleanupDeployment: delete the oldest empty old ReplicaSets past the limit. */
export function cleanupDeployment(
  ctx: DeploymentContext,
  d: DeploymentLike,
  oldRSs: readonly ReplicaSetLike[],
): void {
  const cleanable = oldRSs.filter(
    (rs) =>
      specReplicas(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata.deletionTimestamp,
  );
  const diff = cleanable.length - (d.spec?.revisionHistoryLimit ?? 10);
  if (diff <= 0) return;
  const oldestFirst = cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  for (const rs of oldestFirst.slice(0, diff)) deleteIfPresent(ctx.store, 'replicasets', rs);
}

/** upstream syncStatusOnly: a Deployment being deleted only gets its status brought up to date. */
export function syncStatusOnly(ctx: DeploymentContext, d: DeploymentLike): void {
  updateStatusIfChanged(ctx.store, 'deployments', d, calculateStatus(ctx, d));
}
