/**
 * `pods-pending-unschedulable`: pods the selector matches that the scheduler could not place
 * (PodScheduled=False, reason Unschedulable), with the scheduler's own message (`0/3 nodes are
 * available: 3 node(s) didn't match Pod's node affinity/selector.`). The cause of pods that are
 * not ready and of a Service with no (ready) endpoints.
 *
 * Severity (a judgement call, tested): error when the Service has no ready endpoint, else warning.
 */
import type { PodRecord } from '../records';
import { commandList, kubectl } from '../shell-quote';
import { MAX_EVIDENCE, listable, plural, podEvidence, type ServiceCheck } from './check';

export function isUnschedulable(pod: PodRecord): boolean {
  return !pod.scheduled && pod.readyReason === 'Unschedulable' && !pod.meta.deletionTimestamp;
}

export function checkUnschedulable(c: ServiceCheck, selected: PodRecord[]): void {
  const pending = selected.filter(isUnschedulable);
  const first = pending[0];
  if (!first) return;
  const message = first.readyMessage ?? 'no message from the scheduler';
  c.reasons.push({
    code: 'pods-pending-unschedulable',
    severity: c.readyCount === 0 ? 'error' : 'warning',
    summary:
      `${plural(pending.length, 'pod')} of ${selected.length} matched ` +
      `${pending.length === 1 ? 'is' : 'are'} Pending: the scheduler cannot place ` +
      `${pending.length === 1 ? 'it' : 'them'} (${message}).`,
    evidence: pending
      .slice(0, MAX_EVIDENCE)
      .map((p) =>
        podEvidence(
          p,
          'status.conditions[PodScheduled]',
          `False (Unschedulable${p.readyMessage ? `: ${p.readyMessage}` : ''})`,
        ),
      ),
    commands: commandList(
      kubectl('describe', 'pod', '-n', c.ns, first.meta.name),
      kubectl('get', 'pods', '-n', c.ns, '-l', c.selText, '-o', 'wide'),
      listable(c, 'Node', '', () => kubectl('get', 'nodes', '--show-labels')),
    ),
    pods: pending.map((p) => ({
      namespace: p.meta.namespace,
      name: p.meta.name,
      why: `not scheduled (Unschedulable${p.readyMessage ? `: ${p.readyMessage}` : ''})`,
    })),
  });
}
