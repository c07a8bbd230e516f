/**
 * Ordering and health: how one Service's reasons are sorted, the health they add up to, and the
 * problems list across Services.
 *
 * Contract: reasons worst-first — severity (error, warning, info), then the order of REASON_CODES
 * (codes.ts), stable otherwise. Health: any error → 'broken', warnings only → 'warning', else
 * 'unknown' when whether it routes could not be judged (`not-judged`), otherwise 'healthy'.
 */
import type { HealthState } from '../model';
import { objectKey } from '../snapshot-index';
import { REASON_CODES, type ReasonCode } from './codes';
import type { DiagnosisReason, ServiceDiagnosis, Severity } from './types';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const CODE_RANK = new Map<ReasonCode, number>(REASON_CODES.map((c, i) => [c, i]));

export function healthOf(reasons: readonly DiagnosisReason[]): HealthState {
  let warning = false;
  let unjudged = false;
  for (const r of reasons) {
    if (r.severity === 'error') return 'broken';
    if (r.severity === 'warning') warning = true;
    else if (r.code === 'not-judged') unjudged = true;
  }
  return warning ? 'warning' : unjudged ? 'unknown' : 'healthy';
}

export function sortReasons(reasons: DiagnosisReason[]): DiagnosisReason[] {
  return reasons.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      CODE_RANK.get(a.code)! - CODE_RANK.get(b.code)!,
  );
}

const HEALTH_RANK: Record<HealthState, number> = { broken: 0, warning: 1, unknown: 2, healthy: 3 };

/**
 * The problems list: every Service that is not healthy, worst first — broken before warning, then
 * more errors, then more warnings, then namespace/name.
 */
export function rankProblems(diagnoses: readonly ServiceDiagnosis[]): ServiceDiagnosis[] {
  const count = (d: ServiceDiagnosis, s: Severity) =>
    d.reasons.reduce((n, r) => n + (r.severity === s ? 1 : 0), 0);
  return diagnoses
    .filter((d) => d.health === 'broken' || d.health === 'warning')
    .map((d) => ({
      d,
      e: count(d, 'error'),
      w: count(d, 'warning'),
      k: objectKey(d.namespace, d.name),
    }))
    .sort(
      (a, b) =>
        HEALTH_RANK[a.d.health] - HEALTH_RANK[b.d.health] ||
        b.e - a.e ||
        b.w - a.w ||
        (a.k < b.k ? -1 : a.k > b.k ? 1 : 0),
    )
    .map(({ d }) => d);
}
