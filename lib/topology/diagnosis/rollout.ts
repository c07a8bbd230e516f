/**
 * Rollouts of the workloads behind a Service — Deployments here, StatefulSets and DaemonSets
 * decided in rollout-sets.ts and reported here: `rollout-stuck` (the Deployment reports
 * ProgressDeadlineExceeded, or new pods fail while the old ones serve) and `rollout-in-progress`
 * (info: a rollout is under way and nothing says it is failing).
 *
 * Definitions (judgement calls, tested): the new ReplicaSet is the one whose pod template is the
 * Deployment's (workload-records.ts newReplicaSetOf, upstream's FindNewReplicaSet). A Recreate
 * rollout scales every old ReplicaSet to 0 and makes (or scales up) the new one only once their
 * pods are gone, so for a while there is none: the reasons then say the rollout waits for the old
 * pods to terminate before it creates the new revision (a paused Deployment makes none: no
 * rollout). A rollout is under way while there is no new ReplicaSet yet, an older one still has
 * pods (terminating ones included: the rollout is still removing them) or replicas, fewer pods
 * are updated than wanted, or the controller has not observed the latest generation. It is stuck as kubectl's `rollout status` has it — when the Progressing condition
 * says ProgressDeadlineExceeded — or earlier when a new pod shows it cannot progress (Failed, or a
 * container in ImagePullBackOff, CrashLoopBackOff, … : rollout-pods.ts) while old pods still
 * serve. New pods merely not ready yet (scheduling, ContainerCreating, a readiness probe not yet
 * passed) are a rollout in progress: they take seconds to minutes on a real cluster, and a
 * rollback offered then would undo a healthy release. Severity: error
 * when the Service has no ready endpoint, else a warning — the old pods still serve. The fix, a
 * `rollout undo`, is offered only when the snapshot holds a ReplicaSet of an earlier revision to
 * go back to; a first rollout (or one whose history is gone) gets none, and says why. Both
 * reasons list the old pods the rollout is terminating among their `pods` and say so (with what
 * the new pods wait on when none is ready yet), so `pods-terminating` sits under the rollout
 * (causes.ts) as `pods-not-ready` does: when those were the only endpoints, the rollout is why
 * the Service routes nowhere.
 */
import type {
  DaemonSetRecord,
  DeploymentRecord,
  PodRecord,
  ReplicaSetRecord,
  StatefulSetRecord,
} from '../records';
import { selectorToString } from '../selector';
import { newReplicaSetOf } from '../workload-records';
import { commandList, kubectl } from '../shell-quote';
import { MAX_EVIDENCE, plural, podEvidence, type ServiceCheck } from './check';
import { undoFix } from './fixes';
import { whyPodNotReady } from './readiness';
import { cannotProgress, live, podProblems } from './rollout-pods';
import { inProgressReason, setRolloutOf, stuckReason, watchCommand } from './rollout-sets';
import type { PodProblem } from './types';
import { workloadEvidence, workloadName, workloadRef, workloadsBehind } from './workloads';
import { logsPodCmd } from './readiness';

function revisionOf(rs: ReplicaSetRecord): number {
  const n = Number(rs.revision);
  return Number.isFinite(n) ? n : -1;
}

interface Rollout {
  deployment: DeploymentRecord;
  /** None yet: a Recreate rollout makes it once every old pod is gone (newReplicaSetOf). */
  newRs: ReplicaSetRecord | undefined;
  oldRs: ReplicaSetRecord[];
  /**
   * The ReplicaSet `rollout undo` would go back to: one of a lower revision than the new one's
   * (the newest still serving, else the newest kept). None on a first rollout, or once the
   * older ReplicaSets are gone (revisionHistoryLimit): kubectl then finds no history to undo.
   */
  earlier?: ReplicaSetRecord;
  newPods: PodRecord[];
  oldReady: PodRecord[];
  /** The older ReplicaSets' pods being deleted: this rollout's doing (maxUnavailable, Recreate). */
  oldTerminating: PodRecord[];
  deadline?: { message?: string };
}

function newestOf(sets: readonly ReplicaSetRecord[]): ReplicaSetRecord | undefined {
  return sets.reduce<ReplicaSetRecord | undefined>(
    (best, rs) => (!best || revisionOf(rs) > revisionOf(best) ? rs : best),
    undefined,
  );
}

function rolloutOf(c: ServiceCheck, d: DeploymentRecord): Rollout | undefined {
  const all = c.index.replicaSetsByOwner.get(d.meta.uid) ?? [];
  if (all.length === 0) return undefined;
  const newRs = newReplicaSetOf(d, all);
  // A paused Deployment makes no new ReplicaSet for its edited template: nothing is rolling.
  if (!newRs && d.paused) return undefined;
  // A ReplicaSet scaled to 0 whose pods are still terminating is not done with yet: until they
  // are gone they can hold the Service's only (terminating) endpoints.
  const oldRs = all.filter(
    (rs) => rs !== newRs && (rs.replicas > 0 || c.index.podsOwnedBy(rs).length > 0),
  );
  const newRevision = newRs ? revisionOf(newRs) : Infinity;
  const below = (rs: ReplicaSetRecord) =>
    revisionOf(rs) >= 0 && revisionOf(rs) < newRevision ? [rs] : [];
  const earlier = newestOf(oldRs.flatMap(below)) ?? newestOf(all.flatMap(below));
  const progressing = d.conditions.find((x) => x.type === 'Progressing');
  const exceeded = progressing?.reason === 'ProgressDeadlineExceeded';
  const underway =
    !newRs ||
    oldRs.length > 0 ||
    (d.status.updated ?? 0) < d.replicas ||
    (d.observedGeneration ?? d.generation) < d.generation;
  if (!underway && !exceeded) return undefined;
  const rollout: Rollout = {
    deployment: d,
    newRs,
    oldRs,
    newPods: newRs ? live(c.index.podsOwnedBy(newRs)) : [],
    oldReady: oldRs.flatMap((rs) => live(c.index.podsOwnedBy(rs)).filter((p) => p.ready)),
    oldTerminating: oldRs.flatMap((rs) =>
      c.index.podsOwnedBy(rs).filter((p) => p.meta.deletionTimestamp !== undefined),
    ),
  };
  if (earlier) rollout.earlier = earlier;
  if (exceeded) rollout.deadline = progressing.message ? { message: progressing.message } : {};
  return rollout;
}

/** Upstream's default `spec.progressDeadlineSeconds`. */
const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

function progressingEvidence(d: DeploymentRecord) {
  const p = d.conditions.find((x) => x.type === 'Progressing');
  return workloadEvidence(
    d,
    'status.conditions[Progressing]',
    p ? `${p.status}${p.reason ? ` (${p.reason})` : ''}` : '(none)',
  );
}

function rsText(rs: ReplicaSetRecord): string {
  return `ReplicaSet ${rs.meta.name}${rs.revision ? ` (revision ${rs.revision})` : ''}`;
}

/** What the rollout goes to: `revision 4`, `ReplicaSet x-5f7d`, or 'a new revision' (none yet). */
function newText(r: Rollout): string {
  if (!r.newRs) return 'a new revision';
  return r.newRs.revision ? `revision ${r.newRs.revision}` : `ReplicaSet ${r.newRs.meta.name}`;
}

/**
 * Said while the new ReplicaSet does not exist yet: a Recreate rollout makes it only once every
 * old pod is gone (upstream recreate.go), so until then the old pods going is all that happens.
 */
function notCreatedText(c: ServiceCheck, r: Rollout, oldPods: string): string {
  const waits = r.deployment.recreate
    ? ' The Recreate strategy waits for the old pods to terminate before it creates the new revision'
    : ' The new revision has no ReplicaSet yet';
  return `${waits}${oldPods}${c.readyCount === 0 ? ': nothing serves until its pods are ready.' : '.'}`;
}

/** `watch`: a rollout in progress is watched to its end; a stuck one is looked at once. */
function rolloutCommands(c: ServiceCheck, r: Rollout, pod?: PodRecord, watch = false): string[] {
  const ref = workloadRef(r.deployment);
  return commandList(
    watch
      ? watchCommand(r.deployment, c.ns)
      : kubectl('rollout', 'status', ref, '-n', c.ns, '--watch=false'),
    kubectl('rollout', 'history', ref, '-n', c.ns),
    kubectl('get', 'replicasets', '-n', c.ns, '-l', selectorToString(r.deployment.selector)),
    pod ? kubectl('describe', 'pod', '-n', c.ns, pod.meta.name) : undefined,
    pod ? logsPodCmd(pod) : undefined,
  );
}

/**
 * The old pods this rollout is terminating, and (`waitingOn`, unless the summary already says why
 * the new pods fail) when no new pod is ready, what the first one is waiting on: what a reader of
 * "N pods are terminating" needs to know it is the rollout's doing. Empty when none terminates.
 */
function replacingText(c: ServiceCheck, r: Rollout, waitingOn: boolean): string {
  const n = r.oldTerminating.length;
  const owners = new Set(r.oldTerminating.map((p) => p.owner?.name));
  const sets = r.oldRs.filter((rs) => owners.has(rs.meta.name)).map(rsText);
  const terminating = `${plural(n, 'pod')} of the old ${sets.join(', ') || 'revision'} ${n === 1 ? 'is' : 'are'} terminating`;
  if (!r.newRs) return notCreatedText(c, r, n ? ` (${terminating})` : '');
  if (n === 0) return '';
  let text = ` ${terminating}`;
  const waiting = r.newPods.filter((p) => !p.ready);
  const first = waiting[0];
  if (!waitingOn || waiting.length < r.newPods.length) return `${text}.`;
  text += first
    ? `, and no new pod is ready yet (${first.meta.name}: ${whyPodNotReady(first)})`
    : `, and ${rsText(r.newRs)} has no pod yet`;
  return c.readyCount === 0 ? `${text}: nothing serves until one is.` : `${text}.`;
}

/** The old pods being terminated, listed so that `pods-terminating` is explained (causes.ts). */
function terminatingProblems(r: Rollout): PodProblem[] {
  return r.oldTerminating.map((p) => ({
    namespace: p.meta.namespace,
    name: p.meta.name,
    why: `terminating: replaced by ${newText(r)}`,
  }));
}

/** Said instead of an undo when there is no earlier revision: the pods themselves need fixing. */
function nothingToUndo(r: Rollout, failing: PodRecord | undefined): string {
  const why = failing
    ? `what keeps its pods from becoming ready (${failing.meta.name}: ${whyPodNotReady(failing)})`
    : 'what keeps its pods from becoming available (kubectl describe them)';
  return r.newRs?.revision === '1'
    ? `Revision 1 is the Deployment's first: there is no earlier revision to roll back to. Fix ${why}.`
    : `No ReplicaSet of an earlier revision is left to roll back to. Fix ${why}.`;
}

function reportStuck(c: ServiceCheck, r: Rollout, failing: PodRecord[]): void {
  const d = r.deployment;
  const newRs = r.newRs;
  const image = (newRs ?? d).images[0];
  const first = failing[0];
  const oldText = r.oldRs.map(rsText).join(', ');
  const rs = [newRs && `ReplicaSet ${newRs.meta.name}`, image].filter(Boolean).join(', ');
  let summary =
    newRs?.revision === '1'
      ? `The first rollout of ${workloadName(d)} (revision 1, ${rs}) is stuck: `
      : `The rollout of ${workloadName(d)} to ${newRs?.revision ? `revision ${newRs.revision}` : 'a new revision'}${rs ? ` (${rs})` : ''} is stuck: `;
  summary += first
    ? `${plural(failing.length, 'new pod')} of ${r.newPods.length} ${failing.length === 1 ? 'is' : 'are'} not ready (${first.meta.name}: ${whyPodNotReady(first)})`
    : newRs
      ? 'its new pods do not become available'
      : 'its old pods are not gone';
  summary +=
    r.oldReady.length > 0
      ? `, while ${plural(r.oldReady.length, 'pod')} of the old ${oldText} still serve.`
      : '.';
  summary += replacingText(c, r, false);
  if (r.deadline) {
    summary += ` The Deployment reports ProgressDeadlineExceeded${r.deadline.message ? `: ${r.deadline.message}` : '.'}`;
  }
  const evidence = [
    progressingEvidence(d),
    ...(newRs
      ? [
          workloadEvidence(
            newRs,
            'metadata.annotations[deployment.kubernetes.io/revision]',
            newRs.revision ?? '(none)',
          ),
          workloadEvidence(
            newRs,
            'status.readyReplicas',
            `${newRs.status.ready} of ${newRs.replicas}`,
          ),
        ]
      : r.oldTerminating
          .slice(0, 2)
          .map((p) => podEvidence(p, 'metadata.deletionTimestamp', p.meta.deletionTimestamp!))),
    ...failing
      .slice(0, MAX_EVIDENCE - 3)
      .map((p) =>
        podEvidence(
          p,
          'status.conditions[Ready]',
          `False${p.readyReason ? ` (${p.readyReason})` : ''}`,
        ),
      ),
  ];
  // Better no fix than one kubectl refuses ("no rollout history found").
  const fix = r.earlier ? undoFix(d, r.earlier.revision) : undefined;
  const detail = [
    ...(d.changeCause ? [`Change cause of this revision: ${d.changeCause}`] : []),
    ...(r.earlier ? [] : [nothingToUndo(r, first)]),
  ].join(' ');
  c.reasons.push({
    code: 'rollout-stuck',
    severity: c.readyCount === 0 ? 'error' : 'warning',
    summary,
    ...(detail ? { detail } : {}),
    evidence,
    ...(fix ? { fix } : {}),
    commands: rolloutCommands(c, r, first),
    pods: [...podProblems(failing), ...terminatingProblems(r)],
  });
}

function reportInProgress(c: ServiceCheck, r: Rollout, starting: PodRecord[]): void {
  const d = r.deployment;
  const deadline = d.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
  c.reasons.push({
    code: 'rollout-in-progress',
    severity: 'info',
    summary:
      `${workloadName(d)} is rolling out ${r.newRs ? rsText(r.newRs) : 'a new revision'}: ` +
      `${d.status.updated ?? 0} of ${plural(d.replicas, 'pod')} updated, ${d.status.ready} ready.` +
      replacingText(c, r, true),
    detail:
      'New pods not ready yet are normal while they start. The rollout is stuck only once the ' +
      `Deployment reports ProgressDeadlineExceeded (no progress for ${deadline} s, ` +
      'spec.progressDeadlineSeconds) or a new pod fails (ImagePullBackOff, CrashLoopBackOff, …).',
    evidence: [
      progressingEvidence(d),
      workloadEvidence(d, 'status.updatedReplicas', String(d.status.updated ?? 0)),
      workloadEvidence(d, 'spec.replicas', String(d.replicas)),
      ...r.oldTerminating
        .slice(0, 1)
        .map((p) => podEvidence(p, 'metadata.deletionTimestamp', p.meta.deletionTimestamp!)),
    ],
    // Watching it is what to do: no rollback for a rollout nothing says is failing.
    commands: rolloutCommands(c, r, undefined, true),
    // The new pods still starting and the old ones being deleted: their "not ready" and
    // "terminating" are this rollout's doing (causes.ts). Listed even when empty, so that a pod
    // it does not name is not taken for its doing.
    pods: [...podProblems(starting), ...terminatingProblems(r)],
  });
}

/** A StatefulSet's or DaemonSet's rollout (rollout-sets.ts decides; reported here). */
function checkSetRollout(c: ServiceCheck, w: StatefulSetRecord | DaemonSetRecord): void {
  const r = setRolloutOf(c, w);
  if (!r) return;
  const failing = r.newPods.filter(cannotProgress);
  if (failing.length > 0 && (r.oldReady.length > 0 || r.changing)) {
    c.reasons.push(stuckReason(c, r, failing));
  } else {
    c.reasons.push(
      inProgressReason(
        c,
        r,
        r.newPods.filter((p) => !p.ready),
      ),
    );
  }
}

export function checkRollouts(c: ServiceCheck): void {
  for (const w of workloadsBehind(c)) {
    if (w.kind === 'StatefulSet' || w.kind === 'DaemonSet') {
      checkSetRollout(c, w);
      continue;
    }
    if (w.kind !== 'Deployment' || w.replicas === 0) continue;
    const r = rolloutOf(c, w);
    if (!r) continue;
    const notReady = r.newPods.filter((p) => !p.ready);
    // Past the deadline every new pod not ready is why; before it, only those that cannot progress.
    const failing = r.deadline ? notReady : notReady.filter(cannotProgress);
    if (r.deadline || (failing.length > 0 && r.oldReady.length > 0)) reportStuck(c, r, failing);
    else reportInProgress(c, r, notReady);
  }
}
