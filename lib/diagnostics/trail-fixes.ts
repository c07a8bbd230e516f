/**
 * The join between a diagnosis's suggested fixes and the Service's change trail: a scale fix is
 * completed with the replica count the trail saw before the workload went to 0 — the very entry
 * the reason's "Changed:" line quotes ("Deployment api scaled: replicas 3 → 0"), so the fix
 * offers `--replicas=3` instead of asking the reader to choose N while the line above it says 3.
 *
 * Contract: pure and isomorphic; the panel (over the trail it polls) and the server's fix
 * preview (over its own trail) apply the same join, so the command shown is the one previewed.
 * The trail's count wins over the last applied configuration (it is what the workload ran just
 * before); with no such entry (scaled before Switchboard was watching) the fix is left as the
 * diagnosis made it. The diagnosis is returned as given when nothing changes.
 */
import type { TimelineEntry } from '../api/diagnostics';
import {
  scaleFixFor,
  type FixRequest,
  type ServiceDiagnosis,
  type SuggestedFix,
} from '../topology/diagnosis';

type ScaleRequest = Extract<FixRequest, { action: 'scale' }>;

/** The count before the newest change of this workload's replicas, when that change went to 0. */
export function countBeforeZero(
  request: Pick<ScaleRequest, 'kind' | 'name'>,
  entries: readonly TimelineEntry[],
): number | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e?.type !== 'workload' || e.field !== 'replicas') continue;
    if (e.workload.kind !== request.kind || e.workload.name !== request.name) continue;
    if (e.to !== '0' || !/^\d+$/.test(e.from ?? '')) return undefined;
    const replicas = Number(e.from);
    return replicas > 0 ? replicas : undefined;
  }
  return undefined;
}

function fixFromTrail(
  fix: SuggestedFix,
  entries: readonly TimelineEntry[],
): SuggestedFix | undefined {
  const request = fix.request;
  if (request.action !== 'scale') return undefined;
  const replicas = countBeforeZero(request, entries);
  if (replicas === undefined) return undefined;
  return scaleFixFor(request, { replicas, from: 'trail' });
}

/** The diagnosis with its scale fixes completed from the trail's earlier replica count. */
export function withTrailFixes(
  diagnosis: ServiceDiagnosis,
  entries: readonly TimelineEntry[],
): ServiceDiagnosis {
  let changed = false;
  const reasons = diagnosis.reasons.map((reason) => {
    const fix = reason.fix && fixFromTrail(reason.fix, entries);
    if (!fix) return reason;
    changed = true;
    return { ...reason, fix };
  });
  return changed ? { ...diagnosis, reasons } : diagnosis;
}
