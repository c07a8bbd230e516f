/**
 * A Service's change trail as a page showing a past instant may read it: only what had happened
 * by then. The server keeps one trail, up to now; the map at T (history mode, diff mode's later
 * instant) draws the records at T, so every part of the page that reads the trail — the timeline,
 * the "Changed:" line under a reason (cause-link.ts), a fix built from the trail — must read it
 * cut at T, or it explains the past with what came after ("scaled 0 → 2" under a Service still
 * at 0).
 *
 * Contract: pure. Entries at or before `at` are kept (the records at T include the changes at T);
 * `at` null (the live map) returns the timeline itself, as does a cut that drops nothing, so a
 * memoised caller re-renders only when the trail changes.
 */
import type { ServiceTimeline, TimelineEntry } from '../api/diagnostics';

/** The entries that had happened by `at` (ISO), in their order. */
export function entriesUpTo(entries: readonly TimelineEntry[], at: string): TimelineEntry[] {
  const until = Date.parse(at);
  return entries.filter((entry) => !(Date.parse(entry.at) > until));
}

/** The timeline as of `at`, or itself when live (`at` null) or nothing comes after `at`. */
export function timelineAt(timeline: ServiceTimeline, at: string | null): ServiceTimeline {
  if (at === null) return timeline;
  const entries = entriesUpTo(timeline.entries, at);
  return entries.length === timeline.entries.length ? timeline : { ...timeline, entries };
}
