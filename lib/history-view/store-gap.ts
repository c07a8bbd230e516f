/**
 * What a Service's timeline says when the history database is behind (`ServiceTimeline.historyGap`,
 * lib/history/writer.ts): the trail shown is whole while this dashboard runs, but what the
 * database lacks is lost on a restart and missing for the other dashboards that share it. Without
 * a word, an operator would trust a history that a restart is about to shorten. Pure.
 *
 * Contract: `storeGapNote(gap)` is the sentence to show, or null when every change is stored or
 * queued normally (a backlog on its own is the writer's ordinary batching, not a gap).
 */
import type { HistoryGap } from '../api/diagnostics';
import { formatClock } from '../graph/describe';

const changes = (count: number) =>
  count === 1 ? '1 recorded change' : `${count} recorded changes`;

export function storeGapNote(gap: HistoryGap | undefined): string | null {
  if (!gap) return null;
  const away = 'The history database is not answering';
  if (gap.droppedFacts > 0) {
    const since = gap.since ? ` since ${formatClock(gap.since)}` : '';
    return (
      `${gap.storeUnavailable ? `${away}. ` : ''}${changes(gap.droppedFacts)}${since} could not ` +
      'be stored (the database was away longer than the write queue holds). This timeline is ' +
      'whole while this dashboard runs; after a restart, and on other dashboards, that part of ' +
      'the history is missing.'
    );
  }
  if (!gap.storeUnavailable) return null;
  const waiting =
    gap.backlog > 0
      ? `${changes(gap.backlog)} ${gap.backlog === 1 ? 'waits' : 'wait'} to be stored`
      : 'new changes wait to be stored';
  return (
    `${away}: ${waiting}. This timeline is whole here, but a restart now would lose them, and ` +
    'other dashboards sharing the database do not have them yet.'
  );
}
