/**
 * Rollouts of the StatefulSets and DaemonSets behind a Service, for rollout.ts's two codes:
 * `rollout-stuck` (pods of the new revision are not ready for a reason other than still
 * starting) and `rollout-in-progress` (an update is under way and nothing says it is failing).
 *
 * A pod's revision is its `controller-revision-hash` label, as both controllers stamp it
 * (upstream pkg/controller/statefulset, pkg/controller/daemon). Definitions (judgement calls,
 * tested):
 * - StatefulSet: the new revision is `status.updateRevision`. Under way while the controller has
 *   not observed the latest generation, fewer than `replicas - partition` pods are updated, or
 *   (unpartitioned) `currentRevision` is not yet `updateRevision` — upstream's own test of a
 *   finished rollout (kubectl's StatefulSetStatusViewer). A partitioned update is done once the
 *   ordinals at or above the partition are updated; the lower ones stay by design.
 * - DaemonSet: there is no revision in its status, so the new revision is that of its newest pod
 *   (the controller deletes an old pod and creates its replacement at the new template). Under
 *   way while the generation is unobserved, `updatedNumberScheduled < desiredNumberScheduled`, or
 *   pods of another revision remain.
 * - OnDelete sets never roll out by themselves: not judged here.
 * Stuck when a new-revision pod is failing while old pods still serve or a revision change is
 * under way (a one-pod StatefulSet whose only pod is the failing new one). Severity as for
 * Deployments: error when the Service has no ready endpoint, else a warning.
 */
import type { DaemonSetRecord, PodRecord, StatefulSetRecord } from '../records';
import { commandList, kubectl } from '../shell-quote';
import { MAX_EVIDENCE, plural, podEvidence, type ServiceCheck } from './check';
import { undoFix } from './fixes';
import { whyPodNotReady } from './readiness';
import { live, podProblems } from './rollout-pods';
import type { DiagnosisReason, Evidence } from './types';
import { workloadEvidence, workloadName, workloadRef } from './workloads';

export const REVISION_LABEL = 'controller-revision-hash';

type RollingSet = StatefulSetRecord | DaemonSetRecord;

export interface SetRollout {
  workload: RollingSet;
  newRevision: string;
  /** `status.currentRevision` (StatefulSet) or the other revisions its pods carry. */
  oldRevisions: string[];
  newPods: PodRecord[];
  oldReady: PodRecord[];
  /** How many pods should reach the new revision, and how many have. */
  wanted: number;
  updated: number;
  /** A revision change is under way (not merely pods being created). */
  changing: boolean;
}

const revisionOf = (p: PodRecord) => p.meta.labels?.[REVISION_LABEL];
const unobserved = (w: RollingSet) => (w.observedGeneration ?? w.generation) < w.generation;

function statefulSetRollout(c: ServiceCheck, s: StatefulSetRecord): SetRollout | undefined {
  const newRevision = s.updateRevision;
  if (!newRevision) return undefined;
  const pods = live(c.index.podsOwnedBy(s));
  const wanted = Math.max(0, s.replicas - Math.min(s.partition ?? 0, s.replicas));
  const updated = s.status.updated ?? 0;
  const changing = !!s.currentRevision && s.currentRevision !== newRevision;
  const underway = unobserved(s) || updated < wanted || (!s.partition && changing);
  if (!underway) return undefined;
  return {
    workload: s,
    newRevision,
    oldRevisions: changing ? [s.currentRevision!] : [],
    newPods: pods.filter((p) => revisionOf(p) === newRevision),
    oldReady: pods.filter((p) => revisionOf(p) !== newRevision && p.ready),
    wanted,
    updated,
    changing,
  };
}

function daemonSetRollout(c: ServiceCheck, d: DaemonSetRecord): SetRollout | undefined {
  const pods = live(c.index.podsOwnedBy(d));
  const newest = pods.reduce<PodRecord | undefined>(
    (a, p) => (!a || (p.meta.creationTimestamp ?? '') > (a.meta.creationTimestamp ?? '') ? p : a),
    undefined,
  );
  const newRevision = newest && revisionOf(newest);
  if (!newRevision) return undefined;
  const oldRevisions = [
    ...new Set(pods.map(revisionOf).filter((r): r is string => !!r && r !== newRevision)),
  ];
  const underway = unobserved(d) || d.status.updated < d.status.desired || oldRevisions.length > 0;
  if (!underway) return undefined;
  return {
    workload: d,
    newRevision,
    oldRevisions,
    newPods: pods.filter((p) => revisionOf(p) === newRevision),
    oldReady: pods.filter((p) => revisionOf(p) !== newRevision && p.ready),
    wanted: d.status.desired,
    updated: d.status.updated,
    changing: oldRevisions.length > 0,
  };
}

export function setRolloutOf(c: ServiceCheck, w: RollingSet): SetRollout | undefined {
  if (w.onDelete) return undefined;
  if (w.kind === 'StatefulSet') return w.replicas === 0 ? undefined : statefulSetRollout(c, w);
  return daemonSetRollout(c, w);
}

function statusEvidence(r: SetRollout): Evidence[] {
  const w = r.workload;
  if (w.kind === 'StatefulSet') {
    return [
      workloadEvidence(w, 'status.updateRevision', r.newRevision),
      workloadEvidence(w, 'status.currentRevision', w.currentRevision ?? '(none)'),
      workloadEvidence(w, 'status.updatedReplicas', `${r.updated} of ${r.wanted}`),
      ...(w.partition
        ? [workloadEvidence(w, 'spec.updateStrategy.rollingUpdate.partition', String(w.partition))]
        : []),
    ];
  }
  return [
    workloadEvidence(w, 'status.updatedNumberScheduled', `${r.updated} of ${r.wanted}`),
    workloadEvidence(
      w,
      'status.numberUnavailable',
      String(Math.max(0, w.status.desired - w.status.available)),
    ),
  ];
}

function commands(c: ServiceCheck, r: SetRollout, pod?: PodRecord): string[] {
  const ref = workloadRef(r.workload);
  return commandList(
    kubectl('rollout', 'status', ref, '-n', c.ns, '--watch=false'),
    kubectl('rollout', 'history', ref, '-n', c.ns),
    kubectl('get', 'pods', '-n', c.ns, '-L', REVISION_LABEL),
    pod ? kubectl('describe', 'pod', '-n', c.ns, pod.meta.name) : undefined,
  );
}

function partitionText(r: SetRollout): string {
  const w = r.workload;
  return w.kind === 'StatefulSet' && w.partition
    ? ` (partition ${w.partition}: ordinals below it stay at the current revision)`
    : '';
}

export function stuckReason(c: ServiceCheck, r: SetRollout, failing: PodRecord[]): DiagnosisReason {
  const w = r.workload;
  const first = failing[0]!;
  const old = r.oldRevisions.length ? ` of revision ${r.oldRevisions.join(', ')}` : '';
  const summary =
    `The rollout of ${workloadName(w)} to revision ${r.newRevision}${partitionText(r)} is stuck: ` +
    `${plural(failing.length, 'new pod')} of ${r.newPods.length} ${failing.length === 1 ? 'is' : 'are'} ` +
    `not ready (${first.meta.name}: ${whyPodNotReady(first)})` +
    (r.oldReady.length > 0
      ? `, while ${plural(r.oldReady.length, 'pod')}${old} still serve.`
      : '.');
  const status = statusEvidence(r);
  const fix = undoFix(w, undefined);
  return {
    code: 'rollout-stuck',
    severity: c.readyCount === 0 ? 'error' : 'warning',
    summary,
    evidence: [
      ...status,
      ...failing
        .slice(0, MAX_EVIDENCE - status.length)
        .flatMap((p) => [
          podEvidence(p, `metadata.labels[${REVISION_LABEL}]`, r.newRevision),
          podEvidence(
            p,
            'status.conditions[Ready]',
            `False${p.readyReason ? ` (${p.readyReason})` : ''}`,
          ),
        ])
        .slice(0, MAX_EVIDENCE - status.length),
    ],
    ...(fix ? { fix } : {}),
    commands: commands(c, r, first),
    pods: podProblems(failing),
  };
}

export function inProgressReason(
  c: ServiceCheck,
  r: SetRollout,
  starting: PodRecord[],
): DiagnosisReason {
  const w = r.workload;
  return {
    code: 'rollout-in-progress',
    severity: 'info',
    summary:
      `${workloadName(w)} is rolling out revision ${r.newRevision}${partitionText(r)}: ` +
      `${r.updated} of ${plural(r.wanted, 'pod')} updated, ${w.status.ready} ready.`,
    evidence: statusEvidence(r),
    commands: commands(c, r),
    ...(starting.length ? { pods: podProblems(starting) } : {}),
  };
}
