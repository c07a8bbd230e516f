'use client';
/**
 * The toolbar's problems list on screens too narrow for the problems rail (problems-rail.tsx):
 * the same rows in the same order (problems-list.tsx), behind a disclosure; choosing one closes
 * it, focuses the Service and opens its panel.
 */
import { Disclosure } from '@/components/ui/disclosure';
import { ProblemsGlyph, ProblemsList, problemsTitle, useProblemsList } from './problems-list';

/** At most this many rows: the list is for triage, the outline has everything. */
const MAX_ROWS = 500;

export function ProblemsMenu() {
  const state = useProblemsList();
  return (
    <Disclosure
      panelId="problems-list"
      panelClassName="max-h-96 w-96 max-w-[90vw]"
      buttonClassName={state.problems.length > 0 ? 'border-bad' : undefined}
      label={
        <>
          <ProblemsGlyph state={state} spaced />
          {problemsTitle(state)} ▾
        </>
      }
    >
      {(close) => <ProblemsList state={state} layout="menu" maxRows={MAX_ROWS} onPicked={close} />}
    </Disclosure>
  );
}
