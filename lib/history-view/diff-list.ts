/**
 * Diff mode's list: what `GET /api/changes?from=&to=` says changed between two instants, shaped
 * per Service — whether it broke, recovered, broke and recovered, appeared, went away, or only
 * changed — with its endpoints added and removed, its causes (spec, workload, pod-label and
 * rollout changes) and who made them (the managers the cluster recorded). The list is also the
 * graph highlight's accessible twin: the same Services, by `namespace/name`.
 *
 * Contract: pure. Every Service named by the answer's `services`, `transitions` or `entries`
 * appears once; the most serious first (broke, went away, broke and recovered, recovered,
 * appeared, changed), then by namespace and name. Entries keep the answer's time order.
 */
import type { TimelineEntry } from '../api/diagnostics';
import type { ChangesResponse, DiagnosisTransition, ServiceHealthAt } from '../api/history';
import { authorText } from '../diagnostics/trail-text';
import { HEALTH_TEXT } from '../graph/describe';

export type DiffVerdict = 'broke' | 'gone' | 'flapped' | 'recovered' | 'appeared' | 'changed';

export interface ServiceChange {
  /** `namespace/name`. */
  key: string;
  namespace: string;
  name: string;
  verdict: DiffVerdict;
  /** `broke (no-endpoints)`, `recovered (was no-endpoints)`, `changed, still healthy`… */
  summary: string;
  endpointsAdded: number;
  endpointsRemoved: number;
  /** Spec, workload, pod-label and rollout changes. */
  causes: number;
  /** Who made the changes, as the cluster recorded them (`kubectl (Update, scale subresource)`). */
  managers: string[];
  transitions: DiagnosisTransition[];
  entries: TimelineEntry[];
}

const ORDER: Record<DiffVerdict, number> = {
  broke: 0,
  gone: 1,
  flapped: 2,
  recovered: 3,
  appeared: 4,
  changed: 5,
};

const CAUSES = new Set<TimelineEntry['type']>([
  'spec',
  'workload',
  'pod-labels',
  'rollout',
  'service',
]);

function verdictOf(
  before: ServiceHealthAt | null | undefined,
  after: ServiceHealthAt | null | undefined,
  transitions: readonly DiagnosisTransition[],
): DiffVerdict {
  if (before === null && after) return 'appeared';
  if (before && after === null) return 'gone';
  if (before && after) {
    if (before.healthy && !after.healthy) return 'broke';
    if (!before.healthy && after.healthy) return 'recovered';
  }
  if (transitions.length > 0) {
    const first = transitions[0]!.to;
    const last = transitions[transitions.length - 1]!.to;
    if (before === undefined && first === last) return last === 'broken' ? 'broke' : 'recovered';
    return 'flapped';
  }
  return 'changed';
}

function reasonsText(reasons: readonly string[] | undefined): string {
  return reasons && reasons.length ? ` (${reasons.join(', ')})` : '';
}

function summaryOf(
  verdict: DiffVerdict,
  before: ServiceHealthAt | null | undefined,
  after: ServiceHealthAt | null | undefined,
  transitions: readonly DiagnosisTransition[],
): string {
  const broken = transitions.find((t) => t.to === 'broken');
  switch (verdict) {
    case 'broke':
      return `broke${reasonsText(after?.reasons ?? broken?.reasons)}`;
    case 'recovered':
      return `recovered${before?.reasons.length ? ` (was ${before.reasons.join(', ')})` : ''}`;
    case 'flapped':
      return `broke${reasonsText(broken?.reasons)} and recovered (${transitions.length} changes)`;
    case 'gone':
      return 'went away';
    case 'appeared':
      return `appeared, ${HEALTH_TEXT[after?.health ?? 'unknown']}`;
    case 'changed':
      return after ? `changed, now ${HEALTH_TEXT[after.health]}` : 'changed';
  }
}

export function shapeDiff(changes: ChangesResponse): ServiceChange[] {
  const byKey = new Map<string, { namespace: string; name: string }>();
  const note = (s: { namespace: string; name: string }) => {
    const key = `${s.namespace}/${s.name}`;
    if (!byKey.has(key)) byKey.set(key, { namespace: s.namespace, name: s.name });
    return key;
  };
  const diffs = new Map(changes.services.map((s) => [note(s), s]));
  const transitions = new Map<string, DiagnosisTransition[]>();
  for (const t of changes.transitions) {
    const key = note(t);
    transitions.set(key, [...(transitions.get(key) ?? []), t]);
  }
  const entries = new Map<string, TimelineEntry[]>();
  for (const { service, ...entry } of changes.entries) {
    const key = note(service);
    entries.set(key, [...(entries.get(key) ?? []), entry as TimelineEntry]);
  }
  const out: ServiceChange[] = [];
  for (const [key, { namespace, name }] of byKey) {
    const diff = diffs.get(key);
    const ts = transitions.get(key) ?? [];
    const es = entries.get(key) ?? [];
    const verdict = verdictOf(diff?.before, diff?.after, ts);
    const endpoint = (change: string) =>
      es.filter((e) => e.type === 'endpoint' && e.change === change).length;
    out.push({
      key,
      namespace,
      name,
      verdict,
      summary: summaryOf(verdict, diff?.before, diff?.after, ts),
      endpointsAdded: endpoint('added'),
      endpointsRemoved: endpoint('removed'),
      causes: es.filter((e) => CAUSES.has(e.type)).length,
      managers: [...new Set(es.flatMap((e) => (e.by ? [authorText(e.by)] : [])))],
      transitions: ts,
      entries: es,
    });
  }
  return out.sort(
    (a, b) =>
      ORDER[a.verdict] - ORDER[b.verdict] ||
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name),
  );
}

/** One line per Service: `default/web broke (no-endpoints) · 2 endpoints removed · by kubectl (…)`. */
export function changeLine(change: ServiceChange): string {
  const parts = [`${change.key} ${change.summary}`];
  if (change.endpointsAdded)
    parts.push(`${change.endpointsAdded} endpoint${change.endpointsAdded === 1 ? '' : 's'} added`);
  if (change.endpointsRemoved)
    parts.push(
      `${change.endpointsRemoved} endpoint${change.endpointsRemoved === 1 ? '' : 's'} removed`,
    );
  if (change.causes)
    parts.push(`${change.causes} spec or workload change${change.causes === 1 ? '' : 's'}`);
  if (change.managers.length) parts.push(`by ${change.managers.join(', ')}`);
  return parts.join(' · ');
}
