'use client';
/**
 * The outline column of the map: the accessible twin of the drawn graph, fed from the stores
 * (health glyphs hidden while the data is stale, as on the graph); while records are on their way
 * (a past instant, or a big cluster's first snapshot), which, as on the graph.
 */
import { OutlineTree } from '@/components/outline/outline-tree';
import { MapLoadingText, useMapLoading } from './map-loading';
import {
  selectStaleness,
  useDrawing,
  useEffectiveFocus,
  useNodeActions,
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
  if (loading) return <MapLoadingText loading={loading} className="p-3 text-sm text-muted" />;
  return (
    <OutlineTree
      graph={graph}
      focusedNodeId={focusedNodeId}
      selectedServiceId={selectedServiceId}
      onFocusNode={onFocusNode}
      onActivate={onActivate}
      hideMarks={stale}
    />
  );
}
