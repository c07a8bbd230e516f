/**
 * The Deployment controller's pure rules (upstream pkg/controller/deployment/util/
 * deployment_util.go and controller.ComputeHash): the pod-template hash, maxSurge /
 * maxUnavailable (25 % / 25 % by default, surge rounded up, unavailable down, never both 0),
 * which ReplicaSet is the "new" one (same template ignoring the hash label), how many replicas
 * the new ReplicaSet may have, revision and condition bookkeeping, and when a rollout is
 * complete.
 */
import type { KubeObject } from '../../core/types';
import type { ReplicaSetLike } from '../replicaset/replicaset-controller';
import { stableStringify } from '../../core/deep-equal';
import { type LabelSelector } from '../../core/label-selectors';
import { rfc3339, withoutNulls } from '../util';

export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface Condition {
  type: string;
  status: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
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

export type PodTemplate = {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
};

export interface DeploymentLike extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
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

export function isRollingUpdate(d: DeploymentLike): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

export const desiredReplicas = (d: DeploymentLike) => d.spec?.replicas ?? 1;

/** upstream ResolveFenceposts: [maxSurge, maxUnavailable]. */
export function resolveFenceposts(d: DeploymentLike): [number, number] {
  const replicas = desiredReplicas(d);
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const surge = scaledValue(ru.maxSurge ?? '25%', replicas, true);
  let unavailable = scaledValue(ru.maxUnavailable ?? '25%', replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxUnavailable(d: DeploymentLike): number {
  const replicas = desiredReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const [, unavailable] = resolveFenceposts(d);
  return Math.min(unavailable, replicas);
}

export function maxSurge(d: DeploymentLike): number {
  if (!isRollingUpdate(d)) return 0;
  return resolveFenceposts(d)[0];
}

export const specReplicas = (rs: ReplicaSetLike | undefined) => rs?.spec?.replicas ?? 0;
export const sum = (list: readonly ReplicaSetLike[], f: (rs: ReplicaSetLike) => number) =>
  list.reduce((n, rs) => n + f(rs), 0);

/** The template without the pod-template-hash label (upstream EqualIgnoreHash). */
export function templateIgnoringHash(template: unknown): unknown {
  const t = withoutNulls(template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (t.metadata?.labels) {
    delete t.metadata.labels[POD_TEMPLATE_HASH];
    if (Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  }
  if (t.metadata && Object.keys(t.metadata).length === 0) delete t.metadata;
  return t;
}

export function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

/** upstream sync.go maxRevHistoryLengthInChars: about a hundred revisions. */
export const MAX_REVISION_HISTORY_CHARS = 2000;

/**
 * SetNewReplicaSetAnnotations' revision-history bookkeeping: a ReplicaSet brought back by a
 * rollback remembers the revision it had (`"1,3"` after two returns), dropping the oldest entries
 * to stay within `limit` characters. Answers the new annotation value, or undefined when even
 * dropping every entry would not make room (upstream then leaves the annotation as it was).
 */
export function appendRevisionHistory(
  history: string | undefined,
  oldRevision: string,
  limit = MAX_REVISION_HISTORY_CHARS,
): string | undefined {
  const current = history ?? '';
  const entries = current.split(',');
  if (entries[0]!.length === 0) return oldRevision;
  let total = current.length + oldRevision.length + 1;
  let start = 0;
  while (total > limit && start < entries.length) {
    total -= entries[start]!.length + 1;
    start++;
  }
  if (total > limit) return undefined;
  return [...entries.slice(start), oldRevision].join(',');
}

/** Oldest first (creationTimestamp, then name), as upstream's ReplicaSetsByCreationTimestamp. */
export function byCreation(a: KubeObject, b: KubeObject): number {
  const ca = a.metadata.creationTimestamp ?? '';
  const cb = b.metadata.creationTimestamp ?? '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** upstream FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(
  d: DeploymentLike,
  rsList: readonly ReplicaSetLike[],
): ReplicaSetLike | undefined {
  const want = stableStringify(templateIgnoringHash(d.spec?.template));
  return [...rsList]
    .sort(byCreation)
    .find((rs) => stableStringify(templateIgnoringHash(rs.spec?.template)) === want);
}

/** upstream NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(
  d: DeploymentLike,
  allRSs: readonly ReplicaSetLike[],
  newRS: ReplicaSetLike | undefined,
): number {
  const replicas = desiredReplicas(d);
  if (!isRollingUpdate(d)) return replicas;
  const current = sum(allRSs, specReplicas);
  const maxTotal = replicas + maxSurge(d);
  if (current >= maxTotal) return specReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, replicas - specReplicas(newRS));
  return specReplicas(newRS) + scaleUp;
}

/** upstream DeploymentComplete. */
export function deploymentComplete(d: DeploymentLike, status: DeploymentStatus): boolean {
  const replicas = desiredReplicas(d);
  return (
    status.updatedReplicas === replicas &&
    status.replicas === replicas &&
    status.availableReplicas === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
  );
}

export function getCondition(status: DeploymentStatus, type: string): Condition | undefined {
  return (status.conditions ?? []).find((c) => c.type === type);
}

/** upstream SetDeploymentCondition: keeps lastTransitionTime when the status did not change. */
export function setCondition(status: DeploymentStatus, cond: Condition): void {
  const current = getCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  if (current && current.status === cond.status)
    cond.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), cond];
}

/** upstream NewDeploymentCondition, stamped now. */
export function condition(
  type: string,
  status: string,
  reason: string,
  message: string,
): Condition {
  const now = rfc3339(new Date());
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}
