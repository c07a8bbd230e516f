/**
 * What the workload checks share: the workloads behind a Service (those whose pod template the
 * selector matches), how a workload and a change are worded, and workload evidence.
 *
 * Contract: pure. "Behind a Service" is decided on the pod template, not on pods, so a workload
 * scaled to zero (no pods left) is still behind it. A ReplicaSet a known Deployment owns is never
 * "behind" on its own: its Deployment is (rollout.ts reads the ReplicaSets).
 */
import type { FieldChange, WorkloadRecord } from '../records';
import { selectorMatches } from '../selector';
import type { ServiceCheck } from './check';
import type { Evidence } from './types';

/** Top-level workloads of the Service's namespace whose pods the selector would match. */
export function workloadsBehind(c: ServiceCheck): WorkloadRecord[] {
  return (c.workloads ??= findWorkloadsBehind(c));
}

function findWorkloadsBehind(c: ServiceCheck): WorkloadRecord[] {
  const out: WorkloadRecord[] = [];
  for (const w of c.index.workloadsByNamespace.get(c.ns) ?? []) {
    if (w.kind === 'ReplicaSet' && c.index.ownerOf(w)) continue;
    if (selectorMatches(c.svc.selector, w.templateLabels)) out.push(w);
  }
  return out;
}

/** `Deployment api` (the namespace is the Service's). */
export function workloadName(w: WorkloadRecord): string {
  return `${w.kind} ${w.meta.name}`;
}

/** `deployment/api`, the form kubectl takes. */
export function workloadRef(w: WorkloadRecord): string {
  return `${w.kind.toLowerCase()}/${w.meta.name}`;
}

/** `2026-12-03 12:19:30 UTC` from upstream's RFC 3339 stamp (shown as stored when unparseable). */
export function timeText(time: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(time);
  return m ? `${m[1]} ${m[2]} UTC` : time;
}

/** ` at 2026-12-03 12:19:30 UTC by kubectl (Update via /scale)`, or '' when nothing is known. */
export function changeText(change: FieldChange | undefined): string {
  if (!change) return '';
  const when = change.time ? ` at ${timeText(change.time)}` : '';
  const via = change.subresource ? ` via /${change.subresource}` : '';
  return `${when} by ${change.manager} (${change.operation}${via})`;
}

/** The managedFields entry as evidence text: `kubectl Update /scale 2026-12-03T12:19:30Z`. */
export function changeValue(change: FieldChange): string {
  return [
    change.manager,
    change.operation,
    change.subresource ? `/${change.subresource}` : '',
    change.time ?? '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function workloadEvidence(w: WorkloadRecord, field: string, value: string): Evidence {
  return { kind: w.kind, namespace: w.meta.namespace, name: w.meta.name, field, value };
}
