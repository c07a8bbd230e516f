'use client';
/**
 * The outline column of the map: the accessible twin of the drawn graph, fed from the stores
 * (health glyphs hidden while the data is stale, as on the graph); while records are on their way
 * (a past instant, or a big cluster's first snapshot), which, as on the graph; and while a big
 * map's first picture has come only in part (its top first), that the rest is on its way.
 */
import { OutlineTree } from '@/components/outline/outline-tree';
import { MapLoadingText, useMapLoading } from './map-loading';
import {
  selectStaleness,
  useDrawing,
  useEffectiveFocus,
  useNodeActions,
  useMirror,
  useStatus,
  useSelectedService,
} from './map-context';

const selectStale = (r: Parameters<typeof selectStaleness>[0]) => selectStaleness(r) !== null;

export function OutlinePane() {
  const { graph } = useDrawing();
  const focusedNodeId = useEffectiveFocus();
  const selectedServiceId = useSelectedService()?.id ?? null;
  const stale = useStatus(selectStale);
  const { onFocus: onFocusNode, onActivate } = useNodeActions();
  const loading = useMapLoading();
  const rest = useMirror((m) => m.drawingRest);
  if (loading) return <MapLoadingText loading={loading} className="p-3 text-sm text-muted" />;
  return (
    <>
      <p role="status" className="px-3 text-xs text-muted" data-testid="outline-rest">
        {rest > 0
          ? `Listing the top of the map; ${rest.toLocaleString('en-US')} more Services on the way…`
          : ''}
      </p>
      <OutlineTree
        graph={graph}
        focusedNodeId={focusedNodeId}
        selectedServiceId={selectedServiceId}
        onFocusNode={onFocusNode}
        onActivate={onActivate}
        hideMarks={stale}
        moreComing={rest > 0}
      />
    </>
  );
}
