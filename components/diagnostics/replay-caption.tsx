'use client';
/**
 * On the map, while the timeline's slider replays a Service: a caption saying which Service is
 * drawn as it was and when, so a past state is never mistaken for the live one.
 *
 * Contract: reads the map's replay override (components/map `MapUiState.replay`); renders nothing
 * when nothing is replayed. Positioned by the graph's section (absolute, bottom left, clear of the
 * stale notice at the top and the zoom buttons at the bottom right).
 */
import { useUi } from '@/components/map/map-context';
import { ClusterText } from '@/components/ui/cluster-text';
import { noDataText } from './replay-control';
import { formatClock } from '@/lib/graph/describe';

export function ReplayCaption() {
  const replay = useUi((ui) => ui.replay);
  if (!replay) return null;
  const noData = noDataText(replay.state);
  return (
    <p className="absolute bottom-3 left-3 max-w-[70%] rounded border border-accent bg-surface px-3 py-1 text-sm shadow-sm">
      <span className="font-semibold">Replay</span>: <ClusterText text={replay.service} /> as at{' '}
      {formatClock(replay.at)} — {noData ?? 'its endpoints as they were then'}; the rest of the map
      is live.
    </p>
  );
}
