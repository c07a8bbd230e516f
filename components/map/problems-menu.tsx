'use client';
/**
 * The toolbar's problems list on screens too narrow for the problems rail (problems-rail.tsx):
 * the same rows in the same order, behind a disclosure; choosing one focuses it and opens its
 * panel.
 */
import { lastKnownProblemsWords, noProblemsWords } from '@/lib/access/wording';
import { fmt, formatClock } from '@/lib/graph/describe';
import { clusterAnswer } from '@/lib/clusters/answer';
import { selectCluster, selectSync } from '@/lib/store/selectors';
import { Disclosure } from '@/components/ui/disclosure';
import { Glyph } from '@/components/ui/glyph';
import { pickProblem } from './map-actions';
import { useMapStores, useProblems, useServiceRows, useStatus } from './map-context';
import { useMapLoading } from './map-loading';
import { ProblemRow } from './problem-row';

/** At most this many rows: the list is for triage, the outline has everything. */
const MAX_ROWS = 500;

export function ProblemsMenu() {
  const stores = useMapStores();
  const problems = useProblems();
  const rows = useServiceRows();
  const count = problems.length;
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
    <Disclosure
      panelId="problems-list"
      panelClassName="max-h-96 w-96 max-w-[90vw]"
      buttonClassName={count > 0 ? 'border-bad' : undefined}
      label={
        <>
          {loading ? (
            <Glyph className="text-muted">… </Glyph>
          ) : (
            <Glyph className={count ? 'text-bad' : none.healthy ? 'text-ok' : 'text-muted'}>
              {count ? '✕ ' : none.healthy ? '✓ ' : '– '}
            </Glyph>
          )}
          Problems ({loading ? 'loading' : fmt(count)}) ▾
        </>
      }
    >
      {(close) =>
        count === 0 ? (
          <p className="text-sm">{loading ? 'Not known yet: loading.' : none.text}</p>
        ) : (
          <>
            {lastKnown && (
              <p className="mb-1 text-xs text-warn" data-testid="problems-last-known">
                {lastKnown}
              </p>
            )}
            <ul
              aria-label="Services with problems, broken first, newest first"
              className="space-y-1"
            >
              {problems.slice(0, MAX_ROWS).map((entry) => (
                <li key={entry.service.id}>
                  <ProblemRow
                    entry={entry}
                    headline={rows.get(entry.service.id)?.headline}
                    onPick={() => {
                      close();
                      pickProblem(stores, entry.service.id);
                    }}
                  />
                </li>
              ))}
            </ul>
          </>
        )
      }
    </Disclosure>
  );
}
