/**
 * The Deployment controller (upstream pkg/controller/deployment: sync.go, rolling.go,
 * recreate.go, util/deployment_util.go): one ReplicaSet per pod template, named
 * `<deployment>-<pod-template-hash>` with the hash label on its selector and template; the
 * RollingUpdate strategy scales the new ReplicaSet up and the old ones down within maxSurge /
 * maxUnavailable (25 % / 25 % by default, surge rounded up, unavailable down, never both 0) as
 * new pods become available; Recreate scales the old ones to 0, waits for their pods to be gone,
 * then scales the new one up; replica changes outside a rollout are proportional scaling.
 * Status (replicas, updated/ready/available/unavailableReplicas, observedGeneration) and the
 * Available / Progressing conditions (including ProgressDeadlineExceeded) follow upstream's
 * calculateStatus and syncRolloutStatus; revision annotations as upstream; old ReplicaSets beyond
 * revisionHistoryLimit (default 10) are deleted once a rollout completes. Events: ScalingReplicaSet.
 * Pinned by deployment-controller.test.ts.
 */
import type { ClusterStore, Controller, KubeObject, StoreEvent } from '../core/types';
import type { ObjectCache } from './cache';
import type { EventRecorder } from './events';
import type { ReplicaSetLike } from './replicaset-controller';
import {
  type LabelSelector,
  controllerRef,
  deepEqual,
  isAlreadyExists,
  isPodTerminal,
  matchesLabelSelector,
  rfc3339,
  splitKey,
  stableStringify,
  deleteIfPresent,
} from './util';
import { WorkQueue } from './work-queue';

export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

interface Condition {
  type: string;
  status: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  collisionCount?: number;
  conditions?: Condition[];
  [key: string]: unknown;
}

export interface DeploymentLike extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: unknown;
    };
    strategy?: {
      type?: 'RollingUpdate' | 'Recreate' | string;
      rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
    };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    progressDeadlineSeconds?: number;
    paused?: boolean;
  };
  status?: DeploymentStatus;
}

// ---------------------------------------------------------------------------------------------
// Pure helpers (upstream deployment_util.go)

function fnv32a(data: Uint8Array, seed = 0x811c9dc5): number {
  let hash = seed;
  for (const byte of data) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * upstream controller.ComputeHash: fnv32a over the template (plus the collision count) rendered
 * safe with rand.SafeEncodeString. Upstream hashes a Go debug dump; here the template's stable
 * JSON, so hashes differ from a real cluster's but are stable and template-sensitive.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let hash = fnv32a(new TextEncoder().encode(stableStringify(withoutNulls(template))));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(bytes, hash);
  }
  return [...String(hash)]
    .map((c) => SAFE_ALPHABET[c.charCodeAt(0) % SAFE_ALPHABET.length])
    .join('');
}

/** upstream intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(
  value: number | string | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number(value) || 0;
  const v = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(v) : Math.floor(v);
}

function isRollingUpdate(d: DeploymentLike): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** upstream ResolveFenceposts: [maxSurge, maxUnavailable]. */
export function resolveFenceposts(d: DeploymentLike): [number, number] {
  const replicas = d.spec?.replicas ?? 1;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const surge = scaledValue(ru.maxSurge ?? '25%', replicas, true);
  let unavailable = scaledValue(ru.maxUnavailable ?? '25%', replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

function maxUnavailable(d: DeploymentLike): number {
  const replicas = d.spec?.replicas ?? 1;
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const [, unavailable] = resolveFenceposts(d);
  return Math.min(unavailable, replicas);
}

function maxSurge(d: DeploymentLike): number {
  if (!isRollingUpdate(d)) return 0;
  return resolveFenceposts(d)[0];
}

const specReplicas = (rs: ReplicaSetLike | undefined) => rs?.spec?.replicas ?? 0;
const sum = (list: ReplicaSetLike[], f: (rs: ReplicaSetLike) => number) =>
  list.reduce((n, rs) => n + f(rs), 0);

/**
 * A JSON `null` decodes to the Go zero value, exactly as an absent field does, so upstream's
 * hash and EqualIgnoreHash (both on Go structs) cannot tell them apart. kubectl 1.33's
 * `create deployment` sends `template.metadata.creationTimestamp: null` while `rollout undo`
 * copies the ReplicaSet's template without it: both must be the same template.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

/** The template without the pod-template-hash label (upstream EqualIgnoreHash). */
function templateIgnoringHash(template: unknown): unknown {
  const t = withoutNulls(template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (t.metadata?.labels) {
    delete t.metadata.labels[POD_TEMPLATE_HASH];
    if (Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  }
  if (t.metadata && Object.keys(t.metadata).length === 0) delete t.metadata;
  return t;
}

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

function byCreation(a: KubeObject, b: KubeObject): number {
  const ca = a.metadata.creationTimestamp ?? '';
  const cb = b.metadata.creationTimestamp ?? '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

function getCondition(status: DeploymentStatus, type: string): Condition | undefined {
  return (status.conditions ?? []).find((c) => c.type === type);
}

/** upstream SetDeploymentCondition: keeps lastTransitionTime when the status did not change. */
function setCondition(status: DeploymentStatus, cond: Condition): void {
  const current = getCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  if (current && current.status === cond.status)
    cond.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), cond];
}

function condition(type: string, status: string, reason: string, message: string): Condition {
  const now = rfc3339(new Date());
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

// ---------------------------------------------------------------------------------------------

export function createDeploymentController(
  store: ClusterStore,
  cache: ObjectCache,
  recorder: EventRecorder,
): Controller {
  const queue = new WorkQueue((key) => syncDeployment(key), { name: 'deployment-controller' });
  let unsubscribe: (() => void) | undefined;
  const opts = { fieldManager: 'kube-controller-manager' };

  function queueForReplicaSet(rs: KubeObject | undefined): void {
    if (!rs) return;
    const ref = controllerRef(rs);
    if (ref) {
      if (ref.kind === 'Deployment') queue.add(`${rs.metadata.namespace}/${ref.name}`);
      return;
    }
    for (const d of cache.list('deployments', rs.metadata.namespace)) {
      if (matchesLabelSelector((d as DeploymentLike).spec?.selector, rs.metadata.labels)) {
        queue.add(`${d.metadata.namespace}/${d.metadata.name}`);
      }
    }
  }

  function onEvent(event: StoreEvent): void {
    switch (event.resource) {
      case 'deployments':
        queue.add(`${event.object.metadata.namespace}/${event.object.metadata.name}`);
        break;
      case 'replicasets':
        queueForReplicaSet(event.object);
        if (
          event.previous &&
          !deepEqual(controllerRef(event.previous), controllerRef(event.object))
        ) {
          queueForReplicaSet(event.previous);
        }
        break;
      case 'pods':
        // Recreate waits for the old pods to be gone.
        if (event.type === 'DELETED') {
          const ref = controllerRef(event.object);
          if (ref?.kind === 'ReplicaSet') {
            queueForReplicaSet(
              cache.get('replicasets', event.object.metadata.namespace ?? '', ref.name),
            );
          }
        }
        break;
      default:
        break;
    }
  }

  function replicaSetsFor(d: DeploymentLike): ReplicaSetLike[] {
    const out: ReplicaSetLike[] = [];
    for (const rs of cache.list('replicasets', d.metadata.namespace)) {
      const ref = controllerRef(rs);
      if (ref) {
        if (ref.uid === d.metadata.uid) out.push(rs as ReplicaSetLike);
        continue;
      }
      if (d.metadata.deletionTimestamp) continue;
      if (!matchesLabelSelector(d.spec?.selector, rs.metadata.labels)) continue;
      // Adopt the orphan, as upstream's ControllerRefManager does.
      const next = structuredClone(rs) as ReplicaSetLike;
      next.metadata.ownerReferences = [
        ...(next.metadata.ownerReferences ?? []),
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: d.metadata.name ?? '',
          uid: d.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ];
      out.push(store.update('replicasets', next, opts) as ReplicaSetLike);
    }
    return out;
  }

  function syncDeployment(key: string): void {
    const [namespace, name] = splitKey(key);
    const d = cache.get('deployments', namespace, name) as DeploymentLike | undefined;
    if (!d) return;
    const selector = d.spec?.selector;
    if (!selector || (!selector.matchLabels && !selector.matchExpressions)) {
      recorder.record(d, {
        type: 'Warning',
        reason: 'SelectingAll',
        message: 'This deployment is selecting all pods. A non-empty selector is required.',
      });
      return;
    }
    const rsList = replicaSetsFor(d);
    if (d.metadata.deletionTimestamp) {
      syncStatusOnly(d, rsList);
      return;
    }
    if (d.spec?.paused || isScalingEvent(d, rsList)) {
      syncScale(d, rsList);
      return;
    }
    if (isRollingUpdate(d)) rolloutRolling(d, rsList);
    else rolloutRecreate(d, rsList);
  }

  // -- ReplicaSets ------------------------------------------------------------------------------

  function findNewReplicaSet(
    d: DeploymentLike,
    rsList: ReplicaSetLike[],
  ): ReplicaSetLike | undefined {
    const want = stableStringify(templateIgnoringHash(d.spec?.template));
    return [...rsList]
      .sort(byCreation)
      .find((rs) => stableStringify(templateIgnoringHash(rs.spec?.template)) === want);
  }

  function oldReplicaSets(rsList: ReplicaSetLike[], newRS: ReplicaSetLike | undefined) {
    return rsList.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
  }

  function rsAnnotationsFor(
    d: DeploymentLike,
    rs: ReplicaSetLike | undefined,
    revision: number,
  ): Record<string, string> {
    const annotations: Record<string, string> = { ...(rs?.metadata.annotations ?? {}) };
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
      if (k === LAST_APPLIED || k === REVISION || k === REVISION_HISTORY) continue;
      if (k === DESIRED_REPLICAS || k === MAX_REPLICAS) continue;
      annotations[k] = v;
    }
    const oldRevision = Number(annotations[REVISION] ?? 0) || 0;
    if (oldRevision < revision) annotations[REVISION] = String(revision);
    return annotations;
  }

  /** upstream getNewReplicaSet (+ getAllReplicaSetsAndSyncRevision). */
  function syncRevision(
    d: DeploymentLike,
    rsList: ReplicaSetLike[],
    createIfMissing: boolean,
  ): { newRS: ReplicaSetLike | undefined; oldRSs: ReplicaSetLike[]; d: DeploymentLike } {
    let newRS = findNewReplicaSet(d, rsList);
    const oldRSs = oldReplicaSets(rsList, newRS);
    const maxOld = oldRSs.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
    const revision = maxOld + 1;

    if (newRS) {
      const annotations = rsAnnotationsFor(d, newRS, revision);
      annotations[DESIRED_REPLICAS] ??= String(d.spec?.replicas ?? 1);
      annotations[MAX_REPLICAS] ??= String((d.spec?.replicas ?? 1) + maxSurge(d));
      if (!deepEqual(annotations, newRS.metadata.annotations ?? {})) {
        const next = structuredClone(newRS) as ReplicaSetLike;
        next.metadata.annotations = annotations;
        newRS = store.update('replicasets', next, opts) as ReplicaSetLike;
      }
    } else if (createIfMissing) {
      newRS = createNewReplicaSet(d, rsList, revision);
      if (!newRS) return { newRS: undefined, oldRSs, d };
    }
    d = setDeploymentRevision(d, newRS ? revisionOf(newRS) : 0);
    return { newRS, oldRSs, d };
  }

  function setDeploymentRevision(d: DeploymentLike, revision: number): DeploymentLike {
    if (revision === 0) return d;
    if (d.metadata.annotations?.[REVISION] === String(revision)) return d;
    const next = structuredClone(d) as DeploymentLike;
    next.metadata.annotations = {
      ...(next.metadata.annotations ?? {}),
      [REVISION]: String(revision),
    };
    return store.update('deployments', next, opts) as DeploymentLike;
  }

  function createNewReplicaSet(
    d: DeploymentLike,
    rsList: ReplicaSetLike[],
    revision: number,
  ): ReplicaSetLike | undefined {
    const collisionCount = d.status?.collisionCount;
    const template = structuredClone(d.spec?.template ?? {}) as NonNullable<
      DeploymentLike['spec']
    >['template'] &
      object;
    const hash = computeHash(template, collisionCount);
    template.metadata = { ...(template.metadata ?? {}) };
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const selector = structuredClone(d.spec?.selector ?? {}) as LabelSelector;
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const replicas = newRSNewReplicas(d, rsList, undefined);
    const annotations = rsAnnotationsFor(d, undefined, revision);
    annotations[DESIRED_REPLICAS] = String(d.spec?.replicas ?? 1);
    annotations[MAX_REPLICAS] = String((d.spec?.replicas ?? 1) + maxSurge(d));
    const rs: ReplicaSetLike = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...(template.metadata.labels ?? {}) },
        annotations,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: d.metadata.name ?? '',
            uid: d.metadata.uid ?? '',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas,
        minReadySeconds: d.spec?.minReadySeconds ?? 0,
        selector,
        template,
      },
    };
    let created: ReplicaSetLike;
    try {
      created = store.create('replicasets', rs, opts) as ReplicaSetLike;
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      const existing = cache.get('replicasets', d.metadata.namespace ?? '', rs.metadata.name ?? '');
      const ours = existing && controllerRef(existing)?.uid === d.metadata.uid;
      if (
        existing &&
        ours &&
        deepEqual(
          templateIgnoringHash((existing as ReplicaSetLike).spec?.template),
          templateIgnoringHash(d.spec?.template),
        )
      ) {
        return existing as ReplicaSetLike;
      }
      // A hash collision: bump collisionCount and try again with a new name.
      const next = structuredClone(d) as DeploymentLike;
      next.status = { ...(next.status ?? {}), collisionCount: (collisionCount ?? 0) + 1 };
      store.updateStatus('deployments', next, opts);
      throw new Error(`hash collision for ReplicaSet ${rs.metadata.name}`);
    }
    if (replicas > 0) {
      recorder.record(d, {
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`,
      });
    }
    const latest = cache.get(
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
    store.updateStatus('deployments', nextD, opts);
    return created;
  }

  /** upstream NewRSNewReplicas. */
  function newRSNewReplicas(
    d: DeploymentLike,
    allRSs: ReplicaSetLike[],
    newRS: ReplicaSetLike | undefined,
  ): number {
    const replicas = d.spec?.replicas ?? 1;
    if (!isRollingUpdate(d)) return replicas;
    const current = sum(allRSs, specReplicas);
    const maxTotal = replicas + maxSurge(d);
    if (current >= maxTotal) return specReplicas(newRS);
    const scaleUp = Math.min(maxTotal - current, replicas - specReplicas(newRS));
    return specReplicas(newRS) + scaleUp;
  }

  /** upstream scaleReplicaSetAndRecordEvent. Returns whether the size changed. */
  function scaleReplicaSet(rs: ReplicaSetLike, newScale: number, d: DeploymentLike): boolean {
    const current = cache.get(
      'replicasets',
      rs.metadata.namespace ?? '',
      rs.metadata.name ?? '',
    ) as ReplicaSetLike | undefined;
    if (!current) return false;
    const sizeChanged = specReplicas(current) !== newScale;
    const annotations = { ...(current.metadata.annotations ?? {}) };
    annotations[DESIRED_REPLICAS] = String(d.spec?.replicas ?? 1);
    annotations[MAX_REPLICAS] = String((d.spec?.replicas ?? 1) + maxSurge(d));
    if (!sizeChanged && deepEqual(annotations, current.metadata.annotations ?? {})) return false;
    const next = structuredClone(current) as ReplicaSetLike;
    next.spec = { ...(next.spec ?? {}), replicas: newScale };
    next.metadata.annotations = annotations;
    store.update('replicasets', next, opts);
    if (sizeChanged) {
      const direction = specReplicas(current) < newScale ? 'up' : 'down';
      recorder.record(d, {
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: `Scaled ${direction} replica set ${current.metadata.name} from ${specReplicas(current)} to ${newScale}`,
      });
    }
    return sizeChanged;
  }

  const fresh = (rs: ReplicaSetLike) =>
    (cache.get(
      'replicasets',
      rs.metadata.namespace ?? '',
      rs.metadata.name ?? '',
    ) as ReplicaSetLike) ?? rs;

  // -- Rolling update ---------------------------------------------------------------------------

  function rolloutRolling(d: DeploymentLike, rsList: ReplicaSetLike[]): void {
    const synced = syncRevision(d, rsList, true);
    d = synced.d;
    const newRS = synced.newRS;
    const oldRSs = synced.oldRSs;
    if (!newRS) return;
    const allRSs = [...oldRSs, newRS];

    if (reconcileNewReplicaSet(allRSs, newRS, d)) {
      syncRolloutStatus(d);
      return;
    }
    const activeOld = oldRSs.map(fresh).filter((rs) => specReplicas(rs) > 0);
    if (reconcileOldReplicaSets([...oldRSs.map(fresh), fresh(newRS)], activeOld, fresh(newRS), d)) {
      syncRolloutStatus(d);
      return;
    }
    const status = syncRolloutStatus(d);
    if (deploymentComplete(d, status)) cleanupDeployment(d, oldRSs.map(fresh));
  }

  function reconcileNewReplicaSet(
    allRSs: ReplicaSetLike[],
    newRS: ReplicaSetLike,
    d: DeploymentLike,
  ): boolean {
    const replicas = d.spec?.replicas ?? 1;
    if (specReplicas(newRS) === replicas) return false;
    if (specReplicas(newRS) > replicas) return scaleReplicaSet(newRS, replicas, d);
    return scaleReplicaSet(newRS, newRSNewReplicas(d, allRSs, newRS), d);
  }

  function reconcileOldReplicaSets(
    allRSs: ReplicaSetLike[],
    oldRSs: ReplicaSetLike[],
    newRS: ReplicaSetLike,
    d: DeploymentLike,
  ): boolean {
    if (sum(oldRSs, specReplicas) === 0) return false;
    const allPods = sum(allRSs, specReplicas);
    const minAvailable = (d.spec?.replicas ?? 1) - maxUnavailable(d);
    const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;

    // cleanupUnhealthyReplicas: first drop old replicas that are not available anyway.
    let cleaned = 0;
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (cleaned >= maxScaledDown) break;
      const available = rs.status?.availableReplicas ?? 0;
      if (specReplicas(rs) === 0 || specReplicas(rs) === available) continue;
      const down = Math.min(maxScaledDown - cleaned, specReplicas(rs) - available);
      if (scaleReplicaSet(rs, specReplicas(rs) - down, d)) cleaned += down;
    }
    const old2 = oldRSs.map(fresh);
    const all2 = [...old2, fresh(newRS)];

    // scaleDownOldReplicaSetsForRollingUpdate: then scale down while availability allows.
    const available = sum(all2, (rs) => rs.status?.availableReplicas ?? 0);
    let scaled = 0;
    if (available > minAvailable) {
      const total = available - minAvailable;
      for (const rs of [...old2].sort(byCreation)) {
        if (scaled >= total) break;
        if (specReplicas(rs) === 0) continue;
        const down = Math.min(specReplicas(rs), total - scaled);
        if (scaleReplicaSet(rs, specReplicas(rs) - down, d)) scaled += down;
      }
    }
    return cleaned + scaled > 0;
  }

  // -- Recreate ---------------------------------------------------------------------------------

  function oldPodsRunning(newRS: ReplicaSetLike | undefined, oldRSs: ReplicaSetLike[]): boolean {
    if (sum(oldRSs, (rs) => rs.status?.replicas ?? 0) > 0) return true;
    const oldUIDs = new Set(oldRSs.map((rs) => rs.metadata.uid));
    for (const pod of cache.list(
      'pods',
      newRS?.metadata.namespace ?? oldRSs[0]?.metadata.namespace,
    )) {
      const ref = controllerRef(pod);
      if (!ref || !oldUIDs.has(ref.uid)) continue;
      if (!isPodTerminal(pod)) return true;
    }
    return false;
  }

  function rolloutRecreate(d: DeploymentLike, rsList: ReplicaSetLike[]): void {
    let synced = syncRevision(d, rsList, false);
    d = synced.d;
    const activeOld = synced.oldRSs.filter((rs) => specReplicas(rs) > 0);
    let scaledDown = false;
    for (const rs of activeOld) if (scaleReplicaSet(rs, 0, d)) scaledDown = true;
    if (scaledDown) {
      syncRolloutStatus(d);
      return;
    }
    if (oldPodsRunning(synced.newRS, synced.oldRSs.map(fresh))) {
      syncRolloutStatus(d);
      return;
    }
    if (!synced.newRS) {
      synced = syncRevision(d, rsList, true);
      d = synced.d;
      if (!synced.newRS) return;
    }
    scaleReplicaSet(synced.newRS, d.spec?.replicas ?? 1, d);
    const status = syncRolloutStatus(d);
    if (deploymentComplete(d, status)) cleanupDeployment(d, synced.oldRSs.map(fresh));
  }

  // -- Scaling (replicas changed outside a rollout, or paused) ----------------------------------

  /** upstream isScalingEvent: an active ReplicaSet was sized for a different replica count. */
  function isScalingEvent(d: DeploymentLike, rsList: ReplicaSetLike[]): boolean {
    for (const rs of rsList) {
      if (specReplicas(rs) === 0) continue;
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
      if (desired === undefined) continue;
      if (Number(desired) !== (d.spec?.replicas ?? 1)) return true;
    }
    return false;
  }

  function syncScale(d: DeploymentLike, rsList: ReplicaSetLike[]): void {
    const synced = syncRevision(d, rsList, false);
    d = synced.d;
    scale(d, synced.newRS, synced.oldRSs);
    syncRolloutStatus(d);
  }

  /** upstream scale(): one active set takes it all, else proportional to the sizes. */
  function scale(
    d: DeploymentLike,
    newRS: ReplicaSetLike | undefined,
    oldRSs: ReplicaSetLike[],
  ): void {
    const replicas = d.spec?.replicas ?? 1;
    const all = [...(newRS ? [newRS] : []), ...oldRSs];
    const active = all.filter((rs) => specReplicas(rs) > 0);
    if (active.length <= 1) {
      const target = active[0] ?? newRS ?? [...oldRSs].sort(byCreation)[oldRSs.length - 1];
      if (target && specReplicas(target) !== replicas) scaleReplicaSet(target, replicas, d);
      return;
    }
    if (
      newRS &&
      specReplicas(newRS) === replicas &&
      (newRS.status?.availableReplicas ?? 0) === replicas
    ) {
      for (const rs of oldRSs) if (specReplicas(rs) > 0) scaleReplicaSet(rs, 0, d);
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
          const newSize = Math.ceil((specReplicas(rs) * allowed) / annotated);
          proportion = newSize - specReplicas(rs);
        }
      }
      proportion =
        toAdd > 0 ? Math.min(proportion, toAdd - added) : Math.max(proportion, toAdd - added);
      added += proportion;
      sizes.set(rs, specReplicas(rs) + proportion);
    }
    const first = ordered[0];
    if (first && added !== toAdd) sizes.set(first, (sizes.get(first) ?? 0) + (toAdd - added));
    for (const [rs, size] of sizes) scaleReplicaSet(rs, Math.max(0, size), d);
  }

  // -- Status -----------------------------------------------------------------------------------

  function calculateStatus(d: DeploymentLike): DeploymentStatus {
    const rsList = replicaSetsFor(d);
    const newRS = findNewReplicaSet(d, rsList);
    const available = sum(rsList, (rs) => rs.status?.availableReplicas ?? 0);
    const total = sum(rsList, specReplicas);
    const status: DeploymentStatus = {
      ...(d.status ?? {}),
      observedGeneration: d.metadata.generation ?? 1,
      replicas: sum(rsList, (rs) => rs.status?.replicas ?? 0),
      updatedReplicas: newRS?.status?.replicas ?? 0,
      readyReplicas: sum(rsList, (rs) => rs.status?.readyReplicas ?? 0),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      conditions: structuredClone(d.status?.conditions ?? []),
    };
    const replicas = d.spec?.replicas ?? 1;
    if (available >= replicas - maxUnavailable(d)) {
      setCondition(
        status,
        condition(
          'Available',
          'True',
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
        ),
      );
    } else {
      setCondition(
        status,
        condition(
          'Available',
          'False',
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
        ),
      );
    }
    return status;
  }

  function deploymentComplete(d: DeploymentLike, status: DeploymentStatus): boolean {
    const replicas = d.spec?.replicas ?? 1;
    return (
      status.updatedReplicas === replicas &&
      status.replicas === replicas &&
      status.availableReplicas === replicas &&
      (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
    );
  }

  /** upstream syncRolloutStatus (and syncDeploymentStatus): writes status only when it changed. */
  function syncRolloutStatus(dIn: DeploymentLike): DeploymentStatus {
    const d =
      (cache.get(
        'deployments',
        dIn.metadata.namespace ?? '',
        dIn.metadata.name ?? '',
      ) as DeploymentLike) ?? dIn;
    const status = calculateStatus(d);
    const newRS = findNewReplicaSet(d, replicaSetsFor(d));
    const deadline = d.spec?.progressDeadlineSeconds ?? 600;
    const current = getCondition(status, 'Progressing');
    const complete =
      status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
    if (!d.spec?.paused && !complete) {
      const old = d.status ?? {};
      const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
      const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
      const progressing =
        (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
        newOld < oldOld ||
        (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
        (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
      const rsName = newRS?.metadata.name;
      if (deploymentComplete(d, status)) {
        setCondition(
          status,
          condition(
            'Progressing',
            'True',
            'NewReplicaSetAvailable',
            rsName
              ? `ReplicaSet "${rsName}" has successfully progressed.`
              : 'Deployment has successfully progressed.',
          ),
        );
      } else if (progressing) {
        const cond = condition(
          'Progressing',
          'True',
          'ReplicaSetUpdated',
          rsName ? `ReplicaSet "${rsName}" is progressing.` : 'Deployment is progressing.',
        );
        // Progress refreshes lastUpdateTime even when the reason stays the same.
        if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        status.conditions = [
          ...(status.conditions ?? []).filter((c) => c.type !== 'Progressing'),
          cond,
        ];
      } else if (current && current.reason !== 'ProgressDeadlineExceeded') {
        const since = Date.parse(current.lastUpdateTime ?? current.lastTransitionTime ?? '');
        if (!Number.isNaN(since) && since + deadline * 1000 <= Date.now()) {
          setCondition(
            status,
            condition(
              'Progressing',
              'False',
              'ProgressDeadlineExceeded',
              rsName
                ? `ReplicaSet "${rsName}" has timed out progressing.`
                : 'Deployment has timed out progressing.',
            ),
          );
        } else if (!Number.isNaN(since)) {
          // requeueStuckDeployment: look again when the deadline passes.
          queue.addAfter(
            `${d.metadata.namespace}/${d.metadata.name}`,
            Math.max(1, since + deadline * 1000 - Date.now() + 50),
          );
        }
      }
    }
    if (!deepEqual(d.status ?? {}, status)) {
      const next = structuredClone(d) as DeploymentLike;
      next.status = status;
      store.updateStatus('deployments', next, opts);
    }
    return status;
  }

  function syncStatusOnly(d: DeploymentLike, _rsList: ReplicaSetLike[]): void {
    const status = calculateStatus(d);
    if (!deepEqual(d.status ?? {}, status)) {
      const next = structuredClone(d) as DeploymentLike;
      next.status = status;
      store.updateStatus('deployments', next, opts);
    }
  }

  /** upstream cleanupDeployment: delete the oldest empty old ReplicaSets past the limit. */
  function cleanupDeployment(d: DeploymentLike, oldRSs: ReplicaSetLike[]): void {
    const limit = d.spec?.revisionHistoryLimit ?? 10;
    const cleanable = oldRSs.filter(
      (rs) =>
        specReplicas(rs) === 0 &&
        (rs.status?.replicas ?? 0) === 0 &&
        !rs.metadata.deletionTimestamp,
    );
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    for (const rs of cleanable
      .sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b))
      .slice(0, diff)) {
      deleteIfPresent(store, 'replicasets', rs);
    }
  }

  return {
    name: 'deployment-controller',
    start() {
      if (unsubscribe) return;
      cache.start();
      unsubscribe = cache.on(onEvent);
      queue.start();
      for (const d of cache.list('deployments'))
        queue.add(`${d.metadata.namespace}/${d.metadata.name}`);
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
