/**
 * apps/v1 Deployment, ReplicaSet, StatefulSet and DaemonSet → slim workload records
 * (lib/topology/workload-records.ts).
 *
 * Contract: the same as slim.ts: keep what the records declare, drop the rest (the pod template's
 * spec but its images and, for a Deployment and its ReplicaSets, its digest; the strategy but
 * Recreate, a StatefulSet's partition and OnDelete; every other annotation). Upstream omits zero counts and
 * defaults `spec.replicas` to 1 (pkg/apis/apps/v1/defaults.go); an absent count reads as 0 and
 * an absent `spec.replicas` as 1. `appliedReplicas` is read from the last-applied configuration
 * annotation only (at most 256 KiB, as upstream caps annotations) and only its `spec.replicas`.
 */
import type {
  DaemonSetRecord,
  DeploymentRecord,
  RecordMeta,
  ReplicaSetRecord,
  SelectorRequirementRecord,
  StatefulSetRecord,
  WorkloadConditionRecord,
  WorkloadCounts,
  WorkloadKind,
  WorkloadRecord,
} from '../topology/records';
import {
  arr,
  exact,
  labelsOf,
  num,
  ownerOf,
  str,
  strings,
  type Any,
  type InternPool,
} from './slim-common';
import { templateDigest } from './pod-template';
import { changeOfPath } from './slim-managed-fields';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const REPLICAS_PATH = ['f:spec', 'f:replicas'] as const;
const CONDITION_TYPES = new Set(['Progressing', 'Available', 'ReplicaFailure']);
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
const STATUSES = ['True', 'False', 'Unknown'] as const;

function selectorOf(
  v: Any,
  pool: InternPool,
): Pick<WorkloadRecord, 'selector' | 'selectorExpressions'> {
  const out: Pick<WorkloadRecord, 'selector' | 'selectorExpressions'> = {
    selector: pool.v(labelsOf(v?.matchLabels, pool) ?? {}),
  };
  const expressions: SelectorRequirementRecord[] = [];
  for (const e of arr(v?.matchExpressions)) {
    const operator = OPERATORS.find((o) => o === e?.operator);
    const key = str(e?.key);
    if (!operator || !key) continue;
    const requirement: SelectorRequirementRecord = { key: pool.s(key), operator };
    const values = strings(e?.values, pool);
    if (values?.length) requirement.values = values;
    expressions.push(requirement);
  }
  if (expressions.length) out.selectorExpressions = pool.v(expressions);
  return out;
}

function conditionsOf(v: unknown, pool: InternPool): WorkloadConditionRecord[] {
  const out: WorkloadConditionRecord[] = [];
  for (const c of arr(v)) {
    const type = str(c?.type);
    if (!type || !CONDITION_TYPES.has(type)) continue;
    const condition: WorkloadConditionRecord = {
      type: pool.s(type),
      status: STATUSES.find((s) => s === c.status) ?? 'Unknown',
    };
    if (str(c.reason)) condition.reason = pool.s(str(c.reason));
    if (str(c.message)) condition.message = str(c.message);
    if (str(c.lastUpdateTime)) condition.lastUpdateTime = str(c.lastUpdateTime);
    if (str(c.lastTransitionTime)) condition.lastTransitionTime = str(c.lastTransitionTime);
    out.push(condition);
  }
  return exact(out);
}

function appliedReplicasOf(annotations: Any): number | undefined {
  const text = str(annotations?.[LAST_APPLIED]);
  if (!text || text.length > 256 * 1024 || !text.includes('"replicas"')) return undefined;
  try {
    return num((JSON.parse(text) as Any)?.spec?.replicas);
  } catch {
    return undefined;
  }
}

function counts(status: Any, updated: boolean): WorkloadCounts {
  const out: WorkloadCounts = {
    replicas: num(status?.replicas) ?? 0,
    ready: num(status?.readyReplicas) ?? 0,
    available: num(status?.availableReplicas) ?? 0,
  };
  if (updated) out.updated = num(status?.updatedReplicas) ?? 0;
  return out;
}

/** The raw object of a workload kind → its record. */
export function slimWorkload(
  kind: WorkloadKind,
  raw: Any,
  meta: RecordMeta,
  pool: InternPool,
): WorkloadRecord {
  const spec = raw.spec ?? {};
  const status = raw.status ?? {};
  const annotations = raw.metadata?.annotations;
  const template = spec.template ?? {};
  const common = {
    meta,
    ...selectorOf(spec.selector, pool),
    templateLabels: pool.v(labelsOf(template.metadata?.labels, pool) ?? {}),
    images: pool.v(
      arr(template.spec?.containers)
        .map((c: Any) => str(c?.image))
        .filter((x): x is string => x !== undefined)
        .map((x) => pool.s(x)),
    ),
    generation: num(raw.metadata?.generation) ?? 0,
  } as const;
  const owner = ownerOf(raw.metadata, pool);
  const observed = num(status.observedGeneration);
  const onDelete = spec.updateStrategy?.type === 'OnDelete';
  if (kind === 'DaemonSet') {
    const rec: DaemonSetRecord = {
      kind,
      ...common,
      status: {
        desired: num(status.desiredNumberScheduled) ?? 0,
        current: num(status.currentNumberScheduled) ?? 0,
        ready: num(status.numberReady) ?? 0,
        available: num(status.numberAvailable) ?? 0,
        updated: num(status.updatedNumberScheduled) ?? 0,
      },
    };
    if (owner) rec.owner = owner;
    if (observed !== undefined) rec.observedGeneration = observed;
    if (onDelete) rec.onDelete = true;
    const templateGeneration = str(annotations?.[TEMPLATE_GENERATION]);
    if (templateGeneration && /^\d+$/.test(templateGeneration))
      rec.templateGeneration = Number(templateGeneration);
    return rec;
  }
  const scaled = { ...common, replicas: num(spec.replicas) ?? 1 };
  let rec: DeploymentRecord | ReplicaSetRecord | StatefulSetRecord;
  if (kind === 'Deployment') {
    rec = {
      kind,
      ...scaled,
      paused: spec.paused === true,
      status: counts(status, true),
      conditions: conditionsOf(status.conditions, pool),
    };
    const deadline = num(spec.progressDeadlineSeconds);
    if (deadline !== undefined) rec.progressDeadlineSeconds = deadline;
    if (spec.strategy?.type === 'Recreate') rec.recreate = true;
    rec.templateDigest = templateDigest(template);
  } else if (kind === 'ReplicaSet') {
    rec = {
      kind,
      ...scaled,
      status: counts(status, false),
      conditions: conditionsOf(status.conditions, pool),
    };
    // Which of a Deployment's ReplicaSets is its new one (rollout.ts); a bare one needs none.
    if (owner?.kind === 'Deployment') rec.templateDigest = templateDigest(template);
  } else {
    rec = { kind, ...scaled, status: counts(status, true) };
    if (str(status.currentRevision)) rec.currentRevision = str(status.currentRevision);
    if (str(status.updateRevision)) rec.updateRevision = str(status.updateRevision);
    const partition = num(spec.updateStrategy?.rollingUpdate?.partition);
    if (partition !== undefined && partition > 0) rec.partition = partition;
    if (onDelete) rec.onDelete = true;
  }
  if (rec.kind !== 'StatefulSet') {
    const revision = str(annotations?.[REVISION]);
    if (revision) rec.revision = pool.s(revision);
    const cause = str(annotations?.[CHANGE_CAUSE]);
    if (cause) rec.changeCause = cause;
  }
  if (owner) rec.owner = owner;
  if (observed !== undefined) rec.observedGeneration = observed;
  const replicasChange = changeOfPath(raw.metadata?.managedFields, REPLICAS_PATH, pool);
  if (replicasChange) rec.replicasChange = replicasChange;
  const applied = appliedReplicasOf(annotations);
  if (applied !== undefined) rec.appliedReplicas = applied;
  return rec;
}
