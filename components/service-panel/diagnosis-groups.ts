/**
 * The words of the panel's diagnosis section, apart from the markup (diagnosis-section.tsx): its
 * title, and the reasons as the reader meets them — each root with the symptoms it explains
 * listed under it ("What this causes:").
 *
 * Contract: pure. Every reason but `healthy` appears exactly once: under its cause when that cause
 * is among the reasons, else as a root of its own (a symptom is never lost because its cause is
 * missing). Order is the diagnosis's (cause first, causes.ts).
 */
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import type { HealthState } from '@/lib/topology/model';

export type Reason = ServiceDiagnosis['reasons'][number];

export interface ReasonGroup {
  reason: Reason;
  symptoms: Reason[];
}

/** The reasons the section lists: `healthy` only says that nothing else was found. */
export function shownReasons(diagnosis: ServiceDiagnosis | undefined): Reason[] {
  return (diagnosis?.reasons ?? []).filter((r) => r.code !== 'healthy');
}

/** Each cause with the symptoms it explains; a symptom whose cause is absent stands alone. */
export function groupByCause(reasons: readonly Reason[]): ReasonGroup[] {
  const present = new Set(reasons.map((r) => r.code));
  const roots = reasons.filter((r) => !r.causedBy || !present.has(r.causedBy));
  return roots.map((reason) => ({
    reason,
    symptoms: reasons.filter((r) => r.causedBy !== undefined && r.causedBy === reason.code),
  }));
}

export function diagnosisTitle(reasons: readonly Reason[], health: HealthState): string {
  if (reasons.length === 0) return 'Diagnosis';
  return health === 'broken'
    ? 'Why it does not route (diagnosis)'
    : 'What needs attention (diagnosis)';
}
