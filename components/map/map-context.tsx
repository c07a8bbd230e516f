'use client';
/**
 * Hooks through which the map's parts read its state (map-state.ts): each subscribes to the
 * slice it uses with a selector, so a status event re-renders the status bar, not the graph, and
 * nothing is passed down through props it does not use. What they read of the cluster comes from
 * the pipeline's mirror (lib/worker/mirror.ts), never from records, and is rendered as a
 * transition (lib/store/use-store-transition.ts): a big map's update is rendered in slices the
 * page paints and pans between, and `MirrorShown` says when it is on screen. What the user does
 * (the UI store) renders at once.
 *
 * Contract: every hook must run under `<MapContext value={createMapStores(…)}>` (the island in
 * service-map.tsx); outside it they throw.
 */
import { createContext, useCallback, useContext, useLayoutEffect, useState } from 'react';
import type { Drawing } from '@/lib/graph/drawing';
import type { ProblemEntry } from '@/lib/graph/problems';
import type { StatusState } from '@/lib/store/selectors';
import type { ServiceNode } from '@/lib/topology/model';
import { useStoreSelector } from '@/lib/store/use-store-selector';
import { useStoreTransition } from '@/lib/store/use-store-transition';
import type { MapMirror } from '@/lib/worker/mirror';
import type { RowTable, SelectedDetail } from '@/lib/worker/service-mirror';
import { connectionView, staleness, type Staleness } from './connection-view';
import { activateNode, focusNode } from './map-actions';
import type { MapStores, MapUiState } from './map-state';

export const MapContext = createContext<MapStores | null>(null);

export function useMapStores(): MapStores {
  const stores = useContext(MapContext);
  if (!stores) throw new Error('map hooks need <MapContext> (components/map/service-map.tsx)');
  return stores;
}

/** A slice of the mirror (lib/worker/mirror.ts); the selector reads the mirror only. */
export function useMirror<T>(selector: (mirror: MapMirror) => T): T {
  return useStoreTransition(useMapStores().mirror, selector);
}

const wholeMirror = (mirror: MapMirror) => mirror;

/**
 * Sets `stores.shown` to each mirror the page has committed: every part that reads the mirror
 * re-renders in the same transition, so when this one commits a mirror, the whole page shows it.
 */
export function MirrorShown() {
  const stores = useMapStores();
  const mirror = useMirror(wholeMirror);
  useLayoutEffect(() => stores.shown.update(() => mirror), [stores, mirror]);
  return null;
}

const selectStatusState = (mirror: MapMirror) => mirror.status;

/** A slice of how the data stands (selectors: lib/store/selectors.ts). */
export function useStatus<T>(selector: (state: StatusState) => T): T {
  return useMirror((mirror) => selector(selectStatusState(mirror)));
}

/** A slice of the UI store. */
export function useUi<T>(selector: (state: MapUiState) => T): T {
  return useStoreSelector(useMapStores().ui, selector);
}

const selectFocus = (ui: MapUiState) => ui.params.focus;
const selectSelected = (mirror: MapMirror) => mirror.selected;

/** The selected Service with its diagnosis and the slice of cluster its panel reads. */
export function useSelectedDetail(): SelectedDetail | undefined {
  const detail = useMirror(selectSelected);
  const focus = useUi(selectFocus);
  // Until the pipeline answers a new selection, the old one is not shown as if it were it.
  if (!detail || `${detail.service.namespace}/${detail.service.name}` !== focus) return undefined;
  return detail;
}

export function useSelectedService(): ServiceNode | undefined {
  return useSelectedDetail()?.service;
}

const selectDrawing = (mirror: MapMirror) => mirror.drawing;
const selectRows = (mirror: MapMirror) => mirror.rows;
const selectNamespaces = (mirror: MapMirror) => mirror.namespaces;
const selectProblems = (mirror: MapMirror) => mirror.problems;

/** The drawn graph and its positions, shared by graph, outline and toolbar. */
export function useDrawing(): Drawing {
  return useMirror(selectDrawing);
}

/** One compact row per Service: health, counts, the headline of its problem. */
export function useServiceRows(): RowTable {
  return useMirror(selectRows);
}

/** Every namespace the data names, sorted. */
export function useNamespaces(): string[] {
  return useMirror(selectNamespaces);
}

/**
 * Every Service with a problem, broken first, newest first, with since when; null while not
 * known (the top of a big map is drawn before every Service is diagnosed).
 */
export function useProblems(): ProblemEntry[] | null {
  return useMirror(selectProblems);
}

const selectAnswered = (mirror: MapMirror) => mirror.focus;

/** A selection the pipeline has not answered yet (its panel and focus view are on the way). */
export function useSelectionPending(): boolean {
  return useMirror(selectAnswered) !== useUi(selectFocus);
}

/**
 * The node graph and outline show as focused: the user's, else the selected Service. While a
 * selection is on its way it stays what it was, so the node focus and the focus view arrive in
 * one commit (bringing the node into view first would move the view the focus view gives back).
 */
export function useEffectiveFocus(): string | null {
  const focused = useUi((ui) => ui.focusedNodeId);
  const selected = useSelectedService();
  const pending = useSelectionPending();
  const now = focused ?? selected?.id ?? null;
  const [shown, setShown] = useState(now);
  if (!pending && shown !== now) setShown(now);
  return pending ? shown : now;
}

/** Whether (and since when) the drawn data is stale, for the graph and the outline alike. */
export const selectStaleness = (state: StatusState): Staleness | null =>
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
