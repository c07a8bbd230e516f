'use client';
/**
 * The problems list, once for both of its places: the rail beside the outline (problems-rail.tsx)
 * and the toolbar's menu on narrower screens (problems-menu.tsx). Each place adds its frame (a
 * heading, a disclosure); what they say is decided here, so they never disagree.
 *
 * Contract: `useProblemsList()` is what both show — the rows (with "since" from the stored
 * history where it knows better: problem-history.ts), whether the map is still loading, the
 * words for no problems, and the "last known" line while the cluster does not answer.
 * `ProblemsGlyph` is the ✕ / ✓ / – / … beside the title (hidden from assistive technology: the
 * title's words say the same). `ProblemsList` is the body: the "nothing" words, or the last-known
 * line, `summary` (the rail's counts per namespace), at most `maxRows` rows as a named list of
 * buttons — choosing one runs `onPicked` (the menu closes) and then focuses the Service and opens
 * its panel — and, when rows were left out, how many and where to find them all.
 */
import type { ReactNode } from 'react';
import type { ProblemEntry } from '@/lib/graph/problems';
import { lastKnownProblemsWords, noProblemsWords } from '@/lib/access/wording';
import { fmt, formatClock } from '@/lib/graph/describe';
import { clusterAnswer } from '@/lib/clusters/answer';
import { selectCluster, selectSync } from '@/lib/store/selectors';
import { Glyph } from '@/components/ui/glyph';
import { pickProblem } from './map-actions';
import { useMapStores, useServiceRows, useStatus } from './map-context';
import { useMapLoading } from './map-loading';
import { useProblemsWithHistory } from './problem-history';
import { ProblemRow } from './problem-row';

const NONE: readonly ProblemEntry[] = [];

export interface ProblemsListState {
  problems: readonly ProblemEntry[];
  /** Nothing drawn yet, or not every Service diagnosed yet: not "every Service routes". */
  loading: boolean;
  /** What to say when nothing is listed, and whether that is good news. */
  none: { text: string; healthy: boolean };
  /** The cluster does not answer now: the rows are its last read, said as such. */
  lastKnown: string | undefined;
}

export function useProblemsList(): ProblemsListState {
  const known = useProblemsWithHistory();
  // Records still on their way, or drawn (the top of a big map) before every Service is diagnosed.
  const loading = useMapLoading() !== null || known === null;
  const problems = known ?? NONE;
  // Nothing visible to this person, or a cluster not read (or not answering), is not "every
  // Service routes" either.
  const sync = useStatus(selectSync);
  const answer = sync ? clusterAnswer(sync) : 'unread';
  const none = noProblemsWords(useStatus(selectCluster)?.access, answer);
  const lastKnown =
    lastKnownProblemsWords(answer, formatClock(sync?.staleSince) || undefined) ?? undefined;
  return { problems, loading, none, lastKnown };
}

export function ProblemsGlyph({ state, spaced }: { state: ProblemsListState; spaced?: boolean }) {
  const { loading, problems, none } = state;
  const space = spaced ? ' ' : '';
  if (loading) return <Glyph className="text-muted">…{space}</Glyph>;
  const count = problems.length;
  return (
    <Glyph className={count ? 'text-bad' : none.healthy ? 'text-ok' : 'text-muted'}>
      {count ? '✕' : none.healthy ? '✓' : '–'}
      {space}
    </Glyph>
  );
}

/** The title's words: "Problems (3)", or "(loading)" while nothing is drawn. */
export function problemsTitle({ loading, problems }: ProblemsListState): string {
  return `Problems (${loading ? 'loading' : fmt(problems.length)})`;
}

/** Spacing per place: the rail is a padded column, the menu a padded popover. */
const LAYOUT = {
  rail: {
    none: 'px-3 pb-2 text-sm text-muted',
    lastKnown: 'px-3 pb-1 text-xs text-warn',
    list: 'min-h-0 flex-1 space-y-0.5 overflow-y-auto px-2 pb-2',
    more: 'px-3 pb-2 text-xs text-muted',
  },
  menu: {
    none: 'text-sm',
    lastKnown: 'mb-1 text-xs text-warn',
    list: 'space-y-1',
    more: 'mt-1 text-xs text-muted',
  },
} as const;

export function ProblemsList({
  state,
  layout,
  maxRows,
  summary,
  onPicked,
}: {
  state: ProblemsListState;
  layout: keyof typeof LAYOUT;
  /** At most this many rows: the list is for triage, the outline has everything. */
  maxRows: number;
  /** Shown between the last-known line and the rows. */
  summary?: ReactNode;
  /** Runs when a row is chosen, before the Service is focused. */
  onPicked?: () => void;
}) {
  const stores = useMapStores();
  const rows = useServiceRows();
  const { problems, loading, none, lastKnown } = state;
  const classes = LAYOUT[layout];
  if (problems.length === 0)
    return <p className={classes.none}>{loading ? 'Not known yet: loading.' : none.text}</p>;
  return (
    <>
      {lastKnown && (
        <p className={classes.lastKnown} data-testid="problems-last-known">
          {lastKnown}
        </p>
      )}
      {summary}
      <ul aria-label="Services with problems, broken first, newest first" className={classes.list}>
        {problems.slice(0, maxRows).map((entry) => (
          <li key={entry.service.id}>
            <ProblemRow
              entry={entry}
              headline={rows.get(entry.service.id)?.headline}
              onPick={() => {
                onPicked?.();
                pickProblem(stores, entry.service.id);
              }}
            />
          </li>
        ))}
      </ul>
      {problems.length > maxRows && (
        <p className={classes.more}>
          Showing {fmt(maxRows)} of {fmt(problems.length)}; &quot;Only problems&quot; lists every
          one in the outline.
        </p>
      )}
    </>
  );
}
