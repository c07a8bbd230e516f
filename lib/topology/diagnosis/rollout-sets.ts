/**
 * Rollouts of the StatefulSets and DaemonSets behind a Service, for rollout.ts's two codes:
 * `rollout-stuck` (pods of the new revision cannot progress: Failed, or a container in
 * ImagePullBackOff, CrashLoopBackOff, … — rollout-pods.ts) and `rollout-in-progress` (an update is
 * under way and nothing says it is failing). Neither controller has a progress deadline, so a new
 * pod merely not ready yet (a readiness probe not yet passed) is never called stuck here.
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
 *   whose revision no terminating pod carries (the controller deletes an old pod and creates its
 *   replacement at the new template only once it is gone; until then, as on a one-node cluster,
 *   the new revision is not known yet). Under way while the generation is unobserved,
 *   `updatedNumberScheduled < desiredNumberScheduled`, or pods of another revision remain.
 * - OnDelete sets never roll out by themselves: not judged here.
 * Both controllers delete an old pod before creating its replacement, so while one terminates it
 * may hold the Service's only (terminating) endpoint: the rollout lists those old pods among its
 * `pods` (why: 'terminating: replaced by revision …') and says so, and `pods-terminating` sits
 * under it (causes.ts), as for a Deployment. A StatefulSet's pod of an ordinal at or above
 * `replicas` is a scale-down's, not the rollout's. An old pod that has stopped (Succeeded or
 * Failed: a 1.27+ kubelet's last word before its final delete) but is still there is kept by a
 * finalizer: a StatefulSet still waits for it (its replacement takes its name), and the rollout
 * says what keeps it; a DaemonSet does not (upstream getNodesToDaemonPods), so it is no part of
 * that rollout.
 * Stuck when a new-revision pod cannot progress while old pods still serve or a revision change is
 * under way (a one-pod StatefulSet whose only pod is the failing new one). Severity as for
 * Deployments: error when the Service has no ready endpoint, else a warning.
 */
import type { DaemonSetRecord, PodRecord, StatefulSetRecord, WorkloadRecord } from '../records';
import { commandList, kubectl } from '../shell-quote';
import { MAX_EVIDENCE, plural, podEvidence, type ServiceCheck } from './check';
import { undoFix } from './fixes';
import { whyPodNotReady } from './readiness';
import { live, podProblems } from './rollout-pods';
import type { DiagnosisReason, Evidence, PodProblem } from './types';
import { workloadEvidence, workloadName, workloadRef } from './workloads';
import { logsPodCmd } from './readiness';

export const REVISION_LABEL = 'controller-revision-hash';
const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** Upstream keeps it in an annotation the apiserver bumps on each template change. */
const templateGenerationOf = (d: DaemonSetRecord) => d.templateGeneration ?? d.generation;

type RollingSet = StatefulSetRecord | DaemonSetRecord;

export interface SetRollout {
  workload: RollingSet;
  /** Unknown only for a DaemonSet none of whose pods is at it yet (see above). */
  newRevision: string | undefined;
  /** `status.currentRevision` (StatefulSet) or the other revisions its pods carry. */
  oldRevisions: string[];
  newPods: PodRecord[];
  oldReady: PodRecord[];
  /** Old-revision pods being deleted to be replaced: this rollout's doing. */
  oldTerminating: PodRecord[];
  /** How many pods should reach the new revision, and how many have. */
  wanted: number;
  updated: number;
  /** A revision change is under way (not merely pods being created). */
  changing: boolean;
}

const revisionOf = (p: PodRecord) => p.meta.labels?.[REVISION_LABEL];
const terminating = (p: PodRecord) => p.meta.deletionTimestamp !== undefined;
const finished = (p: PodRecord) => p.phase === 'Succeeded' || p.phase === 'Failed';
const unobserved = (w: RollingSet) => (w.observedGeneration ?? w.generation) < w.generation;

function statefulSetRollout(c: ServiceCheck, s: StatefulSetRecord): SetRollout | undefined {
  const newRevision = s.updateRevision;
  if (!newRevision) return undefined;
  const owned = c.index.podsOwnedBy(s);
  const pods = live(owned);
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
    oldTerminating: owned.filter(
      (p) =>
        terminating(p) &&
        revisionOf(p) !== newRevision &&
        ordinalOf(s, p) !== undefined &&
        ordinalOf(s, p)! < s.replicas,
    ),
    wanted,
    updated,
    changing,
  };
}

/** `db-2` of StatefulSet db → 2 (the pod's ordinal), else undefined. */
function ordinalOf(s: StatefulSetRecord, p: PodRecord): number | undefined {
  const prefix = `${s.meta.name}-`;
  const rest = p.meta.name.startsWith(prefix) ? p.meta.name.slice(prefix.length) : '';
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

function daemonSetRollout(c: ServiceCheck, d: DaemonSetRecord): SetRollout | undefined {
  const owned = c.index.podsOwnedBy(d);
  const pods = live(owned);
  // A deleted pod that has stopped no longer holds its Node (upstream getNodesToDaemonPods): the
  // controller does not wait for it, whatever finalizer keeps it.
  const dying = owned.filter((p) => terminating(p) && !finished(p) && outdated(d, p));
  // A revision an outdated terminating pod carries is one being replaced, not the new one.
  const replaced = new Set(dying.map(revisionOf));
  const newest = pods
    .filter((p) => !replaced.has(revisionOf(p)))
    .reduce<PodRecord | undefined>(
      (a, p) => (!a || (p.meta.creationTimestamp ?? '') > (a.meta.creationTimestamp ?? '') ? p : a),
      undefined,
    );
  const newRevision = newest && revisionOf(newest);
  if (!newRevision && dying.length === 0) return undefined;
  const oldRevisions = [
    ...new Set(
      [...pods, ...dying].map(revisionOf).filter((r): r is string => !!r && r !== newRevision),
    ),
  ];
  const underway = unobserved(d) || d.status.updated < d.status.desired || oldRevisions.length > 0;
  if (!underway) return undefined;
  return {
    workload: d,
    newRevision,
    oldRevisions,
    newPods: newRevision ? pods.filter((p) => revisionOf(p) === newRevision) : [],
    oldReady: pods.filter((p) => revisionOf(p) !== newRevision && p.ready),
    oldTerminating: dying,
    wanted: d.status.desired,
    updated: d.status.updated,
    changing: oldRevisions.length > 0,
  };
}

/**
 * The pod was created from an older template than the DaemonSet's: its `pod-template-generation`
 * label is below the set's template generation (upstream IsPodUpdated's second test). A pod
 * without the label is never called outdated: deleting it may be a drain's, not the rollout's.
 */
function outdated(d: DaemonSetRecord, p: PodRecord): boolean {
  const label = p.meta.labels?.[TEMPLATE_GENERATION_LABEL];
  return label !== undefined && /^\d+$/.test(label) && Number(label) < templateGenerationOf(d);
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
      workloadEvidence(w, 'status.updateRevision', r.newRevision ?? '(none)'),
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

/**
 * `kubectl rollout status KIND/NAME -n NS`: watches a rollout in progress until it completes (or,
 * for a Deployment, until its progress deadline passes), as kubectl decides it.
 */
export function watchCommand(w: WorkloadRecord, ns: string): string | undefined {
  return kubectl('rollout', 'status', workloadRef(w), '-n', ns);
}

/** `watch`: a rollout in progress is watched to its end; a stuck one is looked at once. */
function commands(c: ServiceCheck, r: SetRollout, pod?: PodRecord, watch = false): string[] {
  const ref = workloadRef(r.workload);
  return commandList(
    watch
      ? watchCommand(r.workload, c.ns)
      : kubectl('rollout', 'status', ref, '-n', c.ns, '--watch=false'),
    kubectl('rollout', 'history', ref, '-n', c.ns),
    kubectl('get', 'pods', '-n', c.ns, '-L', REVISION_LABEL),
    pod ? kubectl('describe', 'pod', '-n', c.ns, pod.meta.name) : undefined,
    pod ? logsPodCmd(pod) : undefined,
  );
}

function partitionText(r: SetRollout): string {
  const w = r.workload;
  return w.kind === 'StatefulSet' && w.partition
    ? ` (partition ${w.partition}: ordinals below it stay at the current revision)`
    : '';
}

/** `revision db-7f8e9a`, or what is said while no pod is at the new revision yet. */
function newText(r: SetRollout): string {
  return r.newRevision ? `revision ${r.newRevision}` : 'a new revision';
}

/** `from revision db-6c5d4b to revision db-7f8e9a`: which revision to which. */
function fromToText(r: SetRollout): string {
  const from = r.oldRevisions.length ? `from revision ${r.oldRevisions.join(', ')} to ` : '';
  return `${from}${newText(r)}`;
}

/**
 * The old pods this rollout is deleting to replace, in a sentence: what a reader of "1 pod is
 * terminating" needs to know it is the rollout's doing, and, when nothing else is ready, that
 * nothing serves until the replacement is. Empty when none is terminating.
 */
function replacingText(c: ServiceCheck, r: SetRollout): string {
  const n = r.oldTerminating.length;
  if (n === 0) return '';
  const shown = r.oldTerminating.slice(0, 3).map((p) => p.meta.name);
  const names = `${n === 1 ? 'Pod' : 'Pods'} ${shown.join(', ')}${n > shown.length ? ` and ${n - shown.length} more` : ''}`;
  const revisions = [...new Set(r.oldTerminating.map(revisionOf).filter(Boolean))];
  const how =
    r.workload.kind === 'StatefulSet'
      ? 'the controller replaces one pod at a time, highest ordinal first'
      : 'the controller deletes an old pod before it creates the one replacing it';
  return (
    ` ${names}${revisions.length ? ` of revision ${revisions.join(', ')}` : ''} ${n === 1 ? 'is' : 'are'} terminating, ` +
    `to be replaced at ${newText(r)} (${how})` +
    stoppedText(r.oldTerminating) +
    (c.readyCount === 0 ? ': nothing serves until a replacement is ready.' : '.')
  );
}

/**
 * When every terminating old pod has already stopped (1.27+ kubelets post Succeeded or Failed
 * before their final delete, which is then immediate), what still keeps them: a finalizer. Empty
 * otherwise.
 */
function stoppedText(pods: PodRecord[]): string {
  if (pods.length === 0 || !pods.every(finished)) return '';
  const phases = [...new Set(pods.map((p) => p.phase))].join(', ');
  return pods.length === 1
    ? `; it has stopped (phase ${phases}), so only a finalizer keeps it`
    : `; they have stopped (phase ${phases}), so only finalizers keep them`;
}

/** The old pods being deleted, listed so that `pods-terminating` is explained (causes.ts). */
function terminatingProblems(r: SetRollout): PodProblem[] {
  return r.oldTerminating.map((p) => ({
    namespace: p.meta.namespace,
    name: p.meta.name,
    why: `terminating: replaced by ${newText(r)}`,
  }));
}

function terminatingEvidence(r: SetRollout): Evidence[] {
  return r.oldTerminating
    .slice(0, 1)
    .map((p) => podEvidence(p, 'metadata.deletionTimestamp', p.meta.deletionTimestamp!));
}

export function stuckReason(c: ServiceCheck, r: SetRollout, failing: PodRecord[]): DiagnosisReason {
  const w = r.workload;
  const first = failing[0]!;
  const old = r.oldRevisions.length ? ` of revision ${r.oldRevisions.join(', ')}` : '';
  const summary =
    `The rollout of ${workloadName(w)} to ${newText(r)}${partitionText(r)} is stuck: ` +
    `${plural(failing.length, 'new pod')} of ${r.newPods.length} ${failing.length === 1 ? 'is' : 'are'} ` +
    `not ready (${first.meta.name}: ${whyPodNotReady(first)})` +
    (r.oldReady.length > 0
      ? `, while ${plural(r.oldReady.length, 'pod')}${old} still serve.`
      : '.') +
    replacingText(c, r);
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
          podEvidence(p, `metadata.labels[${REVISION_LABEL}]`, revisionOf(p) ?? '(none)'),
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
    pods: [...podProblems(failing), ...terminatingProblems(r)],
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
      `${workloadName(w)} is rolling out ${fromToText(r)}${partitionText(r)}: ` +
      `${r.updated} of ${plural(r.wanted, 'pod')} updated, ${w.status.ready} ready.` +
      replacingText(c, r),
    detail:
      `New pods not ready yet are normal while they start. A ${w.kind} has no progress deadline: ` +
      'the rollout is stuck only when a new pod fails (ImagePullBackOff, CrashLoopBackOff, …).',
    evidence: [...statusEvidence(r), ...terminatingEvidence(r)],
    commands: commands(c, r, undefined, true),
    // The new pods still starting and the old ones being deleted: their "not ready" and
    // "terminating" are this rollout's doing (causes.ts). Listed even when empty, so that a pod
    // it does not name (a scale-down's) is not taken for its doing.
    pods: [...podProblems(starting), ...terminatingProblems(r)],
  };
}
