'use client';
/**
 * The outline column of the map: the accessible twin of the drawn graph, fed from the stores
 * (health glyphs hidden while the data is stale, as on the graph).
 */
import { useCallback } from 'react';
import { OutlineTree } from '@/components/outline/outline-tree';
import { activateNode, focusNode } from './map-actions';
import { connectionView, staleness } from './connection-view';
import {
  useDrawing,
  useEffectiveFocus,
  useMapStores,
  useRecords,
  useSelectedService,
} from './map-context';

export function OutlinePane() {
  const stores = useMapStores();
  const { graph } = useDrawing();
  const focusedNodeId = useEffectiveFocus();
  const selectedServiceId = useSelectedService()?.id ?? null;
  const stale = useRecords((r) => staleness(connectionView(r.sync, r.stream)) !== null);
  const onFocusNode = useCallback((id: string) => focusNode(stores, id), [stores]);
  const onActivate = useCallback((id: string) => activateNode(stores, graph, id), [stores, graph]);
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
