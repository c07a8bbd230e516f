'use client';
/**
 * A Service's change trail as a list, newest first: causes (Service spec, workloads, pod labels,
 * rollouts) marked as changes with who made them, beside their effects (endpoints) and Events.
 *
 * Contract: presentational; the words are lib/diagnostics/trail-text.ts's. Each row is a list
 * item whose text starts with its time; a cause row carries "by <manager> (<operation>)" when the
 * cluster recorded one. Under the list, one note says what "by" means: managedFields names the
 * writing program, never the user. Given the Service (`of`), each row carries its id
 * (lib/diagnostics/trail-anchor.ts) and takes focus, so the "Changed:" line can link to it.
 */
import clsx from 'clsx';
import type { TimelineEntry } from '@/lib/api/diagnostics';
import { ClusterText } from '@/components/ui/cluster-text';
import { trailEntryId } from '@/lib/diagnostics/trail-anchor';
import { authorText, entryText, type TrailTone } from '@/lib/diagnostics/trail-text';
import { formatClock } from '@/lib/graph/describe';

const TONE: Record<TrailTone, string> = {
  ok: 'text-ok',
  bad: 'text-bad',
  warn: 'text-warn',
  muted: 'text-muted',
  cause: 'text-accent',
};

export function TrailList({
  label,
  entries,
  of,
}: {
  label: string;
  entries: TimelineEntry[];
  /** The Service whose panel timeline this is: its rows can be linked to. */
  of?: { namespace: string; name: string };
}) {
  const newestFirst = [...entries].reverse();
  const authored = entries.some((e) => e.by);
  return (
    <div>
      <ol
        aria-label={label}
        // A scrollable region must be reachable by keyboard (axe scrollable-region-focusable).
        tabIndex={0}
        className="max-h-64 space-y-1 overflow-auto"
      >
        {newestFirst.map((entry, index) => {
          const d = entryText(entry);
          const id = of && trailEntryId(of.namespace, of.name, entries.length - 1 - index);
          return (
            <li
              key={`${entry.at}-${index}`}
              className="flex gap-2"
              {...(id ? { id, tabIndex: -1 } : {})}
            >
              <time dateTime={entry.at} className="shrink-0 font-mono text-xs text-muted">
                {formatClock(entry.at)}
              </time>
              <span aria-hidden="true" className={clsx('w-3 shrink-0 text-center', TONE[d.tone])}>
                {d.glyph}
              </span>
              <span className="min-w-0 break-words">
                {d.spoken ? <span className="sr-only">{d.spoken}</span> : null}
                <ClusterText
                  text={d.text}
                  max={300}
                  of={`the change at ${formatClock(entry.at)}`}
                />
                {entry.by ? (
                  <span className="text-muted">
                    {' '}
                    · by <ClusterText text={authorText(entry.by)} />
                  </span>
                ) : null}
              </span>
            </li>
          );
        })}
      </ol>
      {authored ? (
        <p className="mt-1 text-xs text-muted">
          “by” is the field manager the cluster recorded in managedFields; the cluster does not
          record which user made the change.
        </p>
      ) : null}
    </div>
  );
}
