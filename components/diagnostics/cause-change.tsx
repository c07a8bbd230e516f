'use client';
/**
 * Under a diagnosis reason: the change that explains it, from the Service's trail — "Changed:
 * Service selector changed app=nginx → app=ngnix at 12:19:30 by kubectl-edit (Update)" — as a
 * link to that entry in the panel's timeline (lib/diagnostics/trail-anchor.ts), where it is read
 * beside what came before and after it.
 *
 * Contract: renders nothing when the trail holds no change that explains the code (it happened
 * before Switchboard was watching, or nothing explains it): never a guess. The trail is the
 * panel's one shared poll (use-service-timeline.ts); the join is lib/diagnostics/cause-link.ts.
 * Following the link moves focus to the entry's row (so keyboard and screen-reader users land
 * on it) without adding a history entry; the link's name says that it goes to the timeline.
 */
import type { MouseEvent } from 'react';
import { causeChange, causeText } from '@/lib/diagnostics/cause-link';
import { trailEntryLink } from '@/lib/diagnostics/trail-anchor';
import { ClusterText } from '@/components/ui/cluster-text';
import { formatClock } from '@/lib/graph/describe';
import { useServiceTimeline } from './use-service-timeline';

/** One cause (reason code) of one Service: what the cause-level panel parts are given. */
export interface ServiceCause {
  namespace: string;
  name: string;
  code: string;
}

/** Focus the row instead of navigating to its fragment (which would add a history entry). */
function focusRow(event: MouseEvent<HTMLAnchorElement>, id: string): void {
  const row = document.getElementById(id);
  if (!row) return;
  event.preventDefault();
  row.focus();
}

export function CauseChange({ namespace, name, code }: ServiceCause) {
  const { timeline } = useServiceTimeline(namespace, name);
  const entry = timeline ? causeChange(code, timeline.entries) : undefined;
  // The entry is one of these entries, so it always has a link.
  const link = entry && timeline && trailEntryLink(namespace, name, timeline.entries, entry);
  if (!entry || !link) return null;
  return (
    <p className="mt-1 text-sm break-words">
      <span className="font-semibold">Changed:</span>{' '}
      {/* Not cut (ClusterText's "Show all" is a button, which a link cannot hold); break-words
          keeps a long one inside the panel. */}
      <a href={link.href} className="underline" onClick={(event) => focusRow(event, link.id)}>
        <ClusterText text={causeText(entry, formatClock(entry.at))} />
        <span className="text-muted"> (in the timeline below)</span>
      </a>
    </p>
  );
}
