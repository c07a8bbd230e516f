'use client';
/**
 * Hooks through which the map's parts read its state (map-state.ts): each subscribes to the
 * slice it uses with `useSyncExternalStore` and a selector, so a status event re-renders the
 * status bar, not the graph, and nothing is passed down through props it does not use.
 *
 * Contract: every hook must run under `<MapContext value={createMapStores(…)}>` (the island in
 * service-map.tsx); outside it they throw.
 */
import { createContext, useCallback, useContext } from 'react';
import type { DerivedView } from '@/lib/store/derive';
import type { Drawing } from '@/lib/graph/drawing';
import type { ProblemEntry } from '@/lib/graph/problems';
import type { ServiceNode } from '@/lib/topology/model';
import type { RecordStoreState } from '@/lib/store/record-state';
import { useStoreSelector } from '@/lib/store/use-store-selector';
import { connectionView, staleness, type Staleness } from './connection-view';
import { activateNode, focusNode } from './map-actions';
import type { MapStores, MapUiState } from './map-state';

export const MapContext = createContext<MapStores | null>(null);

export function useMapStores(): MapStores {
  const stores = useContext(MapContext);
  if (!stores) throw new Error('map hooks need <MapContext> (components/map/service-map.tsx)');
  return stores;
}

/** A slice of the record store (selectors: lib/store/selectors.ts). */
export function useRecords<T>(selector: (state: RecordStoreState) => T): T {
  return useStoreSelector(useMapStores().records, selector);
}

/** A slice of the UI store. */
export function useUi<T>(selector: (state: MapUiState) => T): T {
  return useStoreSelector(useMapStores().ui, selector);
}

/** Snapshot, topology, diagnoses and namespaces: rebuilt once per batch that changed records. */
export function useView(): DerivedView {
  const stores = useMapStores();
  return useStoreSelector(stores.records, stores.selectors.view);
}

const selectFocus = (ui: MapUiState) => ui.params.focus;

export function useSelectedService(): ServiceNode | undefined {
  const stores = useMapStores();
  const { topology } = useView();
  return stores.selectedService(topology, useUi(selectFocus));
}

const selectParams = (ui: MapUiState) => ui.params;
const selectExpanded = (ui: MapUiState) => ui.expanded;
const selectReplay = (ui: MapUiState) => ui.replay;

/** The drawn graph and its layout, shared by graph, outline and toolbar. */
export function useDrawing(): Drawing {
  const stores = useMapStores();
  const { topology, diagnoses, snapshot } = useView();
  const params = useUi(selectParams);
  const expanded = useUi(selectExpanded);
  const replay = useUi(selectReplay);
  const selected = useSelectedService();
  return stores.draw({
    topology: replay ? stores.replay(topology, replay) : topology,
    namespaces: params.namespaces,
    query: params.query,
    problemsOnly: params.problemsOnly,
    drawAll: params.drawAll,
    expanded,
    keepServiceId: selected?.id ?? null,
    diagnoses,
    workloads: stores.workloads(snapshot),
  });
}

/** Every Service with a problem, broken first, newest first, with since when. */
export function useProblems(): ProblemEntry[] {
  const stores = useMapStores();
  const live = useRecords(selectLive);
  return stores.problems(useView().topology, live);
}

/** The data is live: a health change seen now happened now (lib/graph/problems.ts). */
const selectLive = (state: RecordStoreState) =>
  connectionView(state.sync, state.stream).state === 'live';

/** The node graph and outline show as focused: the user's, else the selected Service. */
export function useEffectiveFocus(): string | null {
  const focused = useUi((ui) => ui.focusedNodeId);
  const selected = useSelectedService();
  return focused ?? selected?.id ?? null;
}

/** Whether (and since when) the drawn data is stale, for the graph and the outline alike. */
export const selectStaleness = (state: RecordStoreState): Staleness | null =>
  staleness(connectionView(state.sync, state.stream));

/** What a node of the graph or its outline twin does when focused and when activated. */
export function useNodeActions(): {
  onFocus: (id: string) => void;
  onActivate: (id: string) => void;
} {
  const stores = useMapStores();
  const { graph } = useDrawing();
  const onFocus = useCallback((id: string) => focusNode(stores, id), [stores]);
  const onActivate = useCallback((id: string) => activateNode(stores, graph, id), [stores, graph]);
  return { onFocus, onActivate };
}
