/**
 * `scaled-to-zero`: a Deployment, StatefulSet or stand-alone ReplicaSet whose pod template the
 * Service's selector matches has `spec.replicas: 0` — the cause of "the selector matches no pods"
 * after `kubectl scale --replicas=0`, named with when and by whom (managedFields, the `scale`
 * subresource's entry for `kubectl scale`).
 *
 * Severity (a judgement call, tested): info when other pods still serve it (scaling one of several
 * workloads down is often deliberate); a warning while only its own pods not deleted yet serve
 * (the Service routes, but not for long); else an error. "Other" is a ready endpoint of a pod that is not
 * being deleted and that none of the scaled workloads owns: for a moment after the scale its own
 * pods are still there (its ReplicaSet not scaled yet, a StatefulSet removing them one at a time,
 * pods terminating while a slice still calls them ready), and they are on their way out, so the
 * words say that rather than "other pods still serve".
 */
import type { DaemonSetRecord, PodRecord, WorkloadRecord } from '../records';
import { commandList, kubectl } from '../shell-quote';
import { plural, svcEvidence, type ServiceCheck } from './check';
import { scaleFix } from './fixes';
import {
  changeText,
  changeValue,
  workloadEvidence,
  workloadName,
  workloadRef,
  workloadsBehind,
} from './workloads';

type Scaled = Exclude<WorkloadRecord, DaemonSetRecord>;

function newestFirst(a: Scaled, b: Scaled): number {
  const at = a.replicasChange?.time ?? '';
  const bt = b.replicasChange?.time ?? '';
  return at < bt ? 1 : at > bt ? -1 : 0;
}

/** The workloads behind the Service that are scaled to zero, the most recently scaled first. */
export function scaledToZero(c: ServiceCheck): Scaled[] {
  return workloadsBehind(c)
    .filter((w): w is Scaled => w.kind !== 'DaemonSet' && w.replicas === 0)
    .sort(newestFirst);
}

interface Serving {
  /** Ready endpoints of pods that stay and that none of the scaled workloads owns. */
  otherPods: number;
  /** Ready endpoints that name no pod (hand-made, mirrored). */
  notPods: number;
  /** Ready endpoints naming a pod the snapshot lacks (not visible, not read): whose, unknown. */
  unseenPods: number;
  /** Pods of the scaled workloads still there, on their way out. */
  leaving: PodRecord[];
}

function whatServes(c: ServiceCheck, zero: Scaled[]): Serving {
  const scaled = new Set<WorkloadRecord>(zero);
  const ownedByScaled = (pod: PodRecord) => c.index.ownerChain(pod).some((o) => scaled.has(o));
  let otherPods = 0;
  let notPods = 0;
  let unseenPods = 0;
  for (const ep of c.readyStaying) {
    const pod = c.podOf(ep);
    if (pod) {
      if (!ownedByScaled(pod)) otherPods++;
    } else if (ep.targetRef?.kind === 'Pod' || ep.targetHidden) unseenPods++;
    else notPods++;
  }
  const leaving = c.notJudged('Pod') ? [] : c.index.selectedPods(c.svc).filter(ownedByScaled);
  return { otherPods, notPods, unseenPods, leaving };
}

function stillServesText(served: Serving, selText: string): string {
  if (served.otherPods > 0) return `; other pods still serve the selector ${selText}.`;
  if (served.notPods > 0) return '; endpoints that name no pod still serve the Service.';
  return '; ready endpoints whose pods cannot be seen still serve the Service.';
}

/** `: its 2 pods are being removed (1 terminating); no other pod will serve …`, or none left. */
function nothingElseText(leaving: PodRecord[], selText: string): string {
  if (leaving.length === 0) return `: no pod is left for the selector ${selText} to match.`;
  const n = leaving.length;
  const terminating = leaving.filter((p) => p.meta.deletionTimestamp !== undefined).length;
  const its = `: its ${plural(n, 'pod')} ${n === 1 ? 'is' : 'are'}`;
  if (terminating === n)
    return `${its} terminating and no other pod serves the selector ${selText}.`;
  return (
    `${its} being removed${terminating > 0 ? ` (${terminating} terminating)` : ''}` +
    ` and no other pod will serve the selector ${selText}.`
  );
}

export function checkScaledToZero(c: ServiceCheck): void {
  const zero = scaledToZero(c);
  const w = zero[0];
  if (!w) return;
  const selText = c.selText;
  const others = zero.length > 1 ? ` (and ${plural(zero.length - 1, 'other workload')})` : '';
  const served = whatServes(c, zero);
  const serving = served.otherPods + served.notPods + served.unseenPods > 0;
  const evidence = [workloadEvidence(w, 'spec.replicas', '0')];
  if (w.replicasChange) {
    evidence.push(
      workloadEvidence(w, 'metadata.managedFields[spec.replicas]', changeValue(w.replicasChange)),
    );
  }
  evidence.push(svcEvidence(c, 'spec.selector', selText));
  const ns = c.ns;
  // Scaling one of several workloads down is often deliberate: offer the way back only when
  // nothing else serves.
  const fix = serving ? undefined : scaleFix(w, w.appliedReplicas);
  c.reasons.push({
    code: 'scaled-to-zero',
    // Its own pods not deleted yet still serve for now: routing, about to stop.
    severity: serving ? 'info' : c.readyStaying.length > 0 ? 'warning' : 'error',
    summary:
      `${workloadName(w)}${others} was scaled to 0 replicas${changeText(w.replicasChange)}` +
      (serving ? stillServesText(served, selText) : nothingElseText(served.leaving, selText)),
    ...(w.appliedReplicas
      ? {
          detail: `Its last applied configuration asks for ${plural(w.appliedReplicas, 'replica')}.`,
        }
      : {}),
    evidence,
    ...(fix ? { fix } : {}),
    commands: commandList(
      kubectl(
        'get',
        w.kind.toLowerCase(),
        '-n',
        ns,
        w.meta.name,
        '-o',
        'yaml',
        '--show-managed-fields',
      ),
      w.kind === 'Deployment' ? kubectl('rollout', 'history', workloadRef(w), '-n', ns) : undefined,
      kubectl('get', 'pods', '-n', ns, '-l', selText),
    ),
  });
}
