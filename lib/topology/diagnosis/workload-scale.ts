/**
 * `scaled-to-zero`: a Deployment, StatefulSet or stand-alone ReplicaSet whose pod template the
 * Service's selector matches has `spec.replicas: 0` — the cause of "the selector matches no pods"
 * after `kubectl scale --replicas=0`, named with when and by whom (managedFields, the `scale`
 * subresource's entry for `kubectl scale`).
 *
 * Severity (a judgement call, tested): error when the Service has no ready endpoint; info when
 * other pods still serve it (scaling one of several workloads down is often deliberate).
 */
import type { DaemonSetRecord, WorkloadRecord } from '../records';
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

export function checkScaledToZero(c: ServiceCheck): void {
  const zero = scaledToZero(c);
  const w = zero[0];
  if (!w) return;
  const selText = c.selText;
  const others = zero.length > 1 ? ` (and ${plural(zero.length - 1, 'other workload')})` : '';
  const serving = c.readyCount > 0;
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
    severity: serving ? 'info' : 'error',
    summary:
      `${workloadName(w)}${others} was scaled to 0 replicas${changeText(w.replicasChange)}` +
      (serving
        ? `; other pods still serve the selector ${selText}.`
        : `: no pod is left for the selector ${selText} to match.`),
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
