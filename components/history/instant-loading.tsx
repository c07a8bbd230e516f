'use client';
/**
 * What the graph and the outline show while the map loads a past instant and has nothing of it
 * yet: "Loading the map at 03:12:05 UTC…", in words, in place of a drawing. The live records were
 * dropped as the load began (lib/worker/records-source.ts), so an empty graph would read as an
 * empty cluster; this says what is on its way instead. Not a live region: the history banner
 * already announces the change of mode.
 *
 * Contract: `useLoadingInstant()` is the instant on its way while the map holds no records, else
 * null (live, shown, failed, or still showing the previous instant while the next loads).
 */
import { instantLabel } from '@/lib/history-view/instant';
import { selectHasRecords } from '@/lib/store/selectors';
import { useMirror, useStatus } from '@/components/map/map-context';

export function useLoadingInstant(): string | null {
  const at = useMirror((m) => (m.history.mode === 'loading' ? m.history.at : null));
  const hasRecords = useStatus(selectHasRecords);
  return at !== null && !hasRecords ? at : null;
}

export function InstantLoading({ at, className }: { at: string; className?: string }) {
  return (
    <p className={className} data-testid="instant-loading" data-at={at}>
      Loading the map at {instantLabel(at)}…
    </p>
  );
}
