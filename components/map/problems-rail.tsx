'use client';
/**
 * The problems rail: always visible beside the outline on wide screens (the toolbar's menu,
 * problems-menu.tsx, stands in for it on narrow ones). Every Service with a problem, broken
 * before degraded, newest first, with since when, and the count per namespace. A heading, a
 * list of namespace counts and a list of buttons, so keyboard and screen-reader users read it
 * like any list; the rows stay in the DOM (no hover-only content).
 */
import { problemCountsByNamespace } from '@/lib/graph/problems';
import { lastKnownProblemsWords, noProblemsWords } from '@/lib/access/wording';
import { fmt, formatClock } from '@/lib/graph/describe';
import { clusterAnswer } from '@/lib/clusters/answer';
import { selectCluster, selectSync } from '@/lib/store/selectors';
import { Glyph } from '@/components/ui/glyph';
import { pickProblem } from './map-actions';
import { useMapStores, useProblems, useServiceRows, useStatus } from './map-context';
import { useMapLoading } from './map-loading';
import { ProblemRow } from './problem-row';

/** At most this many rows: the rail is for triage, the outline has everything. */
const MAX_ROWS = 200;

function plural(n: number, word: string) {
  return `${fmt(n)} ${word}`;
}

export function ProblemsRail({ className }: { className?: string }) {
  const stores = useMapStores();
  const problems = useProblems();
  const rows = useServiceRows();
  const perNamespace = problemCountsByNamespace(problems);
  // Nothing drawn yet is not "every Service routes".
  const loading = useMapLoading() !== null;
  // Nothing visible to this person, or a cluster not read (or not answering), is not "every
  // Service routes" either.
  const sync = useStatus(selectSync);
  const answer = sync ? clusterAnswer(sync) : 'unread';
  const none = noProblemsWords(useStatus(selectCluster)?.access, answer);
  // Problems of a cluster that does not answer now are its last read, said as such.
  const lastKnown = lastKnownProblemsWords(answer, formatClock(sync?.staleSince) || undefined);
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
        {loading ? (
          <Glyph className="text-muted">…</Glyph>
        ) : (
          <Glyph className={problems.length ? 'text-bad' : none.healthy ? 'text-ok' : 'text-muted'}>
            {problems.length ? '✕' : none.healthy ? '✓' : '–'}
          </Glyph>
        )}
        Problems ({loading ? 'loading' : fmt(problems.length)})
      </h2>
      {problems.length === 0 ? (
        <p className="px-3 pb-2 text-sm text-muted">
          {loading ? 'Not known yet: loading.' : none.text}
        </p>
      ) : (
        <>
          {lastKnown && (
            <p className="px-3 pb-1 text-xs text-warn" data-testid="problems-last-known">
              {lastKnown}
            </p>
          )}
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
          <ul
            aria-label="Services with problems, broken first, newest first"
            className="min-h-0 flex-1 space-y-0.5 overflow-y-auto px-2 pb-2"
          >
            {problems.slice(0, MAX_ROWS).map((entry) => (
              <li key={entry.service.id}>
                <ProblemRow
                  entry={entry}
                  headline={rows.get(entry.service.id)?.headline}
                  onPick={() => pickProblem(stores, entry.service.id)}
                />
              </li>
            ))}
          </ul>
          {problems.length > MAX_ROWS && (
            <p className="px-3 pb-2 text-xs text-muted">
              Showing {fmt(MAX_ROWS)} of {fmt(problems.length)}; &quot;Only problems&quot; lists
              every one in the outline.
            </p>
          )}
        </>
      )}
    </section>
  );
}
