/**
 * Where a trail entry sits in the Service panel: the id of its row in the panel's timeline, and
 * the in-page link to that row that the "Changed:" line under a reason is.
 *
 * Contract: pure and isomorphic; the one definition of a row's id, read by the timeline that
 * renders the rows and by the line that links to one. An entry is named by its Service and its
 * position in the trail the panel shows: both read the same poll, cut at the same instant
 * (trail-at.ts), so a position names the same entry in both. Namespaces and Service names are DNS
 * labels (no dots), so `.` between them and a last `-<index>` keep ids apart, and the id needs no
 * escaping in a URL fragment. An entry that is not in that trail has no link.
 */
import type { TimelineEntry } from '../api/diagnostics';

/** The id of the timeline row of the entry at `index` of the Service's trail. */
export function trailEntryId(namespace: string, name: string, index: number): string {
  return `trail-${namespace}.${name}-${index}`;
}

export interface TrailEntryLink {
  /** The row's id (trailEntryId). */
  id: string;
  /** `#` and the id: where the link goes. */
  href: string;
}

/** The link to `entry`'s row in the panel's timeline of the Service, if it is in `entries`. */
export function trailEntryLink(
  namespace: string,
  name: string,
  entries: readonly TimelineEntry[],
  entry: TimelineEntry,
): TrailEntryLink | undefined {
  const index = entries.indexOf(entry);
  if (index < 0) return undefined;
  const id = trailEntryId(namespace, name, index);
  return { id, href: `#${id}` };
}
