'use client';
/**
 * The toolbar's problems list: every broken or degraded Service, worst first, each with the one
 * reason that says most; choosing one focuses it and opens its panel.
 */
import type { ServiceDiagnosis } from '@/lib/topology/diagnosis';
import { HEALTH_TEXT, fmt } from '@/lib/graph/describe';
import { HEALTH_COLOR, HEALTH_GLYPH, cssVar } from '@/components/graph/graph-style';
import { Button } from '@/components/ui/button';
import { Disclosure } from '@/components/ui/disclosure';
import { Glyph } from '@/components/ui/glyph';
import { pickProblem } from './map-actions';
import { useMapStores, useProblems, useView } from './map-context';

/** At most this many rows: the list is for triage, the outline has everything. */
const MAX_ROWS = 500;

/** Reasons that only restate the symptom ("routes nowhere"); their cause says more in one line. */
const SYMPTOMS = new Set(['no-endpoints', 'no-ready-endpoints']);

/**
 * The one reason a problems-list row shows: the first cause among the worst-severity reasons
 * (e.g. the selector typo rather than "has no endpoints"), else the worst reason.
 */
function headlineReason(diagnosis: ServiceDiagnosis | undefined) {
  const reasons = diagnosis?.reasons.filter((r) => r.code !== 'healthy') ?? [];
  const worst = reasons[0];
  if (!worst) return undefined;
  return reasons.find((r) => r.severity === worst.severity && !SYMPTOMS.has(r.code)) ?? worst;
}

export function ProblemsMenu() {
  const stores = useMapStores();
  const problems = useProblems();
  const { diagnoses } = useView();
  const count = problems.length;
  return (
    <Disclosure
      panelId="problems-list"
      panelClassName="max-h-96 w-96"
      buttonClassName={count > 0 ? 'border-bad' : undefined}
      label={
        <>
          <Glyph className={count ? 'text-bad' : 'text-ok'}>{count ? '✕ ' : '✓ '}</Glyph>
          Problems ({fmt(count)}) ▾
        </>
      }
    >
      {(close) =>
        count === 0 ? (
          <p className="text-sm">Every Service routes.</p>
        ) : (
          <ul aria-label="Services with problems, worst first" className="space-y-1">
            {problems.slice(0, MAX_ROWS).map((s) => {
              const reason = headlineReason(diagnoses.get(s.id));
              return (
                <li key={s.id}>
                  <Button
                    variant="row"
                    className="text-sm"
                    onClick={() => {
                      close();
                      pickProblem(stores, s.id);
                    }}
                  >
                    <Glyph color={cssVar(HEALTH_COLOR[s.health])}>{HEALTH_GLYPH[s.health]} </Glyph>
                    <span className="font-medium">
                      {s.namespace}/{s.name}
                    </span>{' '}
                    <span className="line-clamp-3 text-muted" title={reason?.summary}>
                      {HEALTH_TEXT[s.health]}
                      {reason ? `: ${reason.summary}` : ''}
                    </span>
                  </Button>
                </li>
              );
            })}
          </ul>
        )
      }
    </Disclosure>
  );
}
