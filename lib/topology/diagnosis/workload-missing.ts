/**
 * `workload-missing`: no workload makes the pods this Service selects any more, and the cluster
 * shows that one did. Precisely, for a Service with a selector, when no Deployment, StatefulSet,
 * DaemonSet or stand-alone ReplicaSet has a pod template the selector matches (one scaled to zero
 * is `scaled-to-zero` instead), and either
 *   - a ReplicaSet of an existing Deployment has a template the selector matches but the
 *     Deployment's current template does not: the Deployment's former pods matched, its new ones
 *     do not (its template labels were changed); or
 *   - every pod the selector matches is terminating and names a controlling owner (a ReplicaSet,
 *     StatefulSet, DaemonSet) the cluster no longer has: the pods of a deleted workload, going
 *     away (`kubectl delete deployment`).
 * Never reported when the snapshot holds no record of the owner's kind (not watched, or forbidden
 * by RBAC): an absent owner then proves nothing.
 *
 * Severity (a judgement call, tested): error when the Service has no ready endpoint, else warning.
 */
import type { PodRecord, ReplicaSetRecord } from '../records';
import { selectorMatches } from '../selector';
import { commandList, eventsCommand, kubectl } from '../shell-quote';
import {
  MAX_EVIDENCE,
  listable,
  plural,
  podEvidence,
  svcEvidence,
  type ServiceCheck,
} from './check';
import { undoFix } from './fixes';
import { workloadEvidence, workloadName, workloadsBehind } from './workloads';

const OWNER_KINDS = new Set(['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Deployment']);

function labelsText(labels: Readonly<Record<string, string>>): string {
  return (
    Object.keys(labels)
      .filter((k) => k !== 'pod-template-hash')
      .sort()
      .map((k) => `${k}=${labels[k]}`)
      .join(',') || '(none)'
  );
}

/**
 * The kinds the snapshot holds some record of: those are watched and allowed, so an absent one is
 * gone. One pass over the workloads, not one per pod asking.
 */
function watchedKinds(c: ServiceCheck): Set<string> {
  const kinds = new Set<string>();
  for (const w of c.index.workloadsByUid.values()) kinds.add(w.kind);
  return kinds;
}

export function checkWorkloadMissing(c: ServiceCheck, selected: PodRecord[]): void {
  if (c.index.workloadsByUid.size === 0 || workloadsBehind(c).length > 0) return;
  const severity = c.readyCount === 0 ? 'error' : 'warning';

  const former: ReplicaSetRecord[] = [];
  for (const w of c.index.workloadsByNamespace.get(c.ns) ?? []) {
    if (w.kind !== 'ReplicaSet' || !selectorMatches(c.svc.selector, w.templateLabels)) continue;
    const owner = c.index.ownerOf(w);
    if (owner && !selectorMatches(c.svc.selector, owner.templateLabels)) former.push(w);
  }
  const rs = former[former.length - 1];
  const owner = rs ? c.index.ownerOf(rs) : undefined;
  const deployment = owner?.kind === 'Deployment' ? owner : undefined;
  if (rs && deployment) {
    const fix = undoFix(deployment, rs.revision);
    c.reasons.push({
      code: 'workload-missing',
      severity,
      summary:
        `${workloadName(deployment)} no longer makes pods the selector ${c.selText} matches: ` +
        `its ReplicaSet ${rs.meta.name}${rs.revision ? ` (revision ${rs.revision})` : ''} had ` +
        `${labelsText(rs.templateLabels)}, its current template has ` +
        `${labelsText(deployment.templateLabels)}${deployment.revision ? ` (revision ${deployment.revision})` : ''}.`,
      evidence: [
        svcEvidence(c, 'spec.selector', c.selText),
        workloadEvidence(
          deployment,
          'spec.template.metadata.labels',
          labelsText(deployment.templateLabels),
        ),
        workloadEvidence(rs, 'spec.template.metadata.labels', labelsText(rs.templateLabels)),
      ],
      ...(fix ? { fix } : {}),
      commands: commandList(
        kubectl('get', 'deployment', '-n', c.ns, deployment.meta.name, '-o', 'yaml'),
        kubectl('rollout', 'history', `deployment/${deployment.meta.name}`, '-n', c.ns),
        kubectl('get', 'replicasets', '-n', c.ns, '--show-labels'),
      ),
    });
    return;
  }

  let watched: Set<string> | undefined;
  const orphans = selected.filter(
    (p) =>
      p.meta.deletionTimestamp !== undefined &&
      p.owner &&
      OWNER_KINDS.has(p.owner.kind) &&
      (watched ??= watchedKinds(c)).has(p.owner.kind) &&
      !c.index.ownerOf(p),
  );
  const first = orphans[0];
  // Every matched pod must be such an orphan: one live workload behind any of them is no loss.
  if (!first?.owner || orphans.length < selected.length) return;
  const ownerName = first.owner.name;
  c.reasons.push({
    code: 'workload-missing',
    severity,
    summary:
      `The ${plural(orphans.length, 'pod')} the selector ${c.selText} matches belong to ` +
      `${first.owner.kind} ${first.owner.name}, which no longer exists: no workload will keep or ` +
      `replace them.`,
    evidence: [
      svcEvidence(c, 'spec.selector', c.selText),
      ...orphans
        .slice(0, MAX_EVIDENCE - 1)
        .map((p) =>
          podEvidence(
            p,
            'metadata.ownerReferences[controller]',
            `${p.owner!.kind}/${p.owner!.name}`,
          ),
        ),
    ],
    commands: commandList(
      kubectl('get', first.owner.kind.toLowerCase(), '-n', c.ns, ownerName),
      kubectl('get', 'pods', '-n', c.ns, '-l', c.selText, '-o', 'wide'),
      listable(c, 'Event', c.ns, () => eventsCommand(c.ns, `involvedObject.name=${ownerName}`)),
    ),
    pods: orphans.map((p) => ({
      namespace: p.meta.namespace,
      name: p.meta.name,
      why: `owner ${p.owner!.kind} ${p.owner!.name} no longer exists`,
    })),
  });
}
