/**
 * Root cause first: links each symptom a reported cause explains (`no-endpoints` under
 * `scaled-to-zero`, `pods-not-ready` under `rollout-stuck`) and orders the reasons so that every
 * cause is followed by its symptoms.
 *
 * Contract: pure; `CAUSE_OF` (codes.ts) is the one table of which cause may explain which symptom
 * — the first one listed that was reported wins. A cause that lists pods explains a symptom that
 * lists pods only when it names every one of them (a stuck rollout explains "3 pods not ready"
 * only if all three are the new ReplicaSet's). Links are flattened to the root cause, so nesting
 * is one level deep. Severities and health are untouched: a symptom keeps its own severity.
 */
import { CAUSE_OF } from './codes';
import type { DiagnosisReason } from './types';

function podKeys(reason: DiagnosisReason): Set<string> | undefined {
  return reason.pods ? new Set(reason.pods.map((p) => `${p.namespace}/${p.name}`)) : undefined;
}

function explains(cause: DiagnosisReason, symptom: DiagnosisReason): boolean {
  if (!symptom.pods || !cause.pods) return true;
  const covered = podKeys(cause)!;
  return symptom.pods.every((p) => covered.has(`${p.namespace}/${p.name}`));
}

/** Sets `causedBy` on every symptom a reported cause explains (to its root cause). */
export function linkCauses(reasons: DiagnosisReason[]): void {
  const byCode = new Map(reasons.map((r) => [r.code, r]));
  for (const symptom of reasons) {
    for (const code of CAUSE_OF[symptom.code] ?? []) {
      const cause = byCode.get(code);
      if (cause && cause !== symptom && explains(cause, symptom)) {
        symptom.causedBy = code;
        break;
      }
    }
  }
  for (const symptom of reasons) {
    const seen = new Set([symptom.code]);
    let root = symptom.causedBy;
    while (root !== undefined && !seen.has(root)) {
      seen.add(root);
      const next = byCode.get(root)?.causedBy;
      if (next === undefined) break;
      root = next;
    }
    if (root !== undefined && root !== symptom.code) symptom.causedBy = root;
    else delete symptom.causedBy;
  }
}

/** Reasons already in rank order → each cause followed by the symptoms it explains. */
export function causeFirst(sorted: readonly DiagnosisReason[]): DiagnosisReason[] {
  const out: DiagnosisReason[] = [];
  for (const reason of sorted) {
    if (reason.causedBy !== undefined) continue;
    out.push(reason, ...sorted.filter((s) => s.causedBy === reason.code));
  }
  return out;
}
