'use client';
/**
 * The problems rail: always visible beside the outline on wide screens (the toolbar's menu,
 * problems-menu.tsx, stands in for it on narrow ones). Every Service with a problem, broken
 * before degraded, newest first, with since when, and the count per namespace. A heading, a
 * list of namespace counts and a list of buttons, so keyboard and screen-reader users read it
 * like any list; the rows stay in the DOM (no hover-only content). The list itself is
 * problems-list.tsx, shared with the menu.
 */
import { problemCountsByNamespace } from '@/lib/graph/problems';
import { fmt } from '@/lib/graph/describe';
import { ProblemsGlyph, ProblemsList, problemsTitle, useProblemsList } from './problems-list';

/** At most this many rows: the rail is for triage, the outline has everything. */
const MAX_ROWS = 200;

function plural(n: number, word: string) {
  return `${fmt(n)} ${word}`;
}

export function ProblemsRail({ className }: { className?: string }) {
  const state = useProblemsList();
  const perNamespace = problemCountsByNamespace(state.problems);
  return (
    <section
      aria-labelledby="problems-rail-title"
      className={className}
      data-testid="problems-rail"
    >
      <h2
        id="problems-rail-title"
        className="flex items-center gap-1 px-3 pt-2 text-sm font-semibold"
      >
        <ProblemsGlyph state={state} />
        {problemsTitle(state)}
      </h2>
      <ProblemsList
        state={state}
        layout="rail"
        maxRows={MAX_ROWS}
        summary={
          <ul
            aria-label="Problems per namespace"
            className="flex flex-wrap gap-x-3 px-3 pb-1 text-xs text-muted"
            data-testid="problems-per-namespace"
          >
            {perNamespace.map((row) => (
              <li key={row.namespace}>
                <span className="font-medium text-fg">{row.namespace}</span>{' '}
                {[
                  row.broken ? plural(row.broken, 'broken') : '',
                  row.degraded ? plural(row.degraded, 'degraded') : '',
                  row.unknown ? plural(row.unknown, 'health unknown') : '',
                ]
                  .filter(Boolean)
                  .join(', ')}
              </li>
            ))}
          </ul>
        }
      />
    </section>
  );
}
