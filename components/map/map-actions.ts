/**
 * What the user can do on the map, as plain functions over the page's stores (map-state.ts):
 * change filters (each re-fits the view), select a Service, focus or open a node, open what a
 * write made, pause live updates, pick a theme. Components call them with `useMapStores()`.
 *
 * Contract: every change goes through `stores.ui.update` or the record store's own methods, so
 * subscribers see one new immutable state per action. The theme choice is remembered in
 * localStorage under THEME_KEY.
 */
import { focusedService, writeDoneText, type WriteDone } from '@/lib/api/write-results';
import { browserStorage, writeStored } from '@/lib/browser-storage';
import type { ReplayOverride } from '@/lib/diagnostics/replay-topology';
import type { DrawGraph } from '@/lib/graph/draw-types';
import type { MapParams } from '@/lib/graph/url-state';
import type { MapStores, MapUiState, Theme } from './map-state';

export const THEME_KEY = 'switchboard.theme';

function patchParams(stores: MapStores, patch: Partial<MapParams>, refit: boolean) {
  stores.ui.update((ui) => ({
    ...ui,
    params: { ...ui.params, ...patch },
    fitSignal: refit ? ui.fitSignal + 1 : ui.fitSignal,
  }));
}

export const setNamespaces = (stores: MapStores, namespaces: string[]) =>
  patchParams(stores, { namespaces }, true);
export const setQuery = (stores: MapStores, query: string) => patchParams(stores, { query }, true);
export const setProblemsOnly = (stores: MapStores, problemsOnly: boolean) =>
  patchParams(stores, { problemsOnly }, true);
export const setDrawAll = (stores: MapStores, drawAll: boolean) =>
  patchParams(stores, { drawAll }, true);

/** Draws one Service as it was at a past time (the timeline's replay), or all live with null. */
export function setReplay(stores: MapStores, replay: ReplayOverride | null) {
  stores.ui.update((ui) => (ui.replay === replay ? ui : { ...ui, replay }));
}

export function focusNode(stores: MapStores, nodeId: string | null) {
  stores.ui.update((ui) => (ui.focusedNodeId === nodeId ? ui : { ...ui, focusedNodeId: nodeId }));
}

/** Opens the panel of a Service (by topology id), or closes it with null. */
export function selectService(stores: MapStores, serviceId: string | null) {
  if (!serviceId) return patchParams(stores, { focus: null }, false);
  const svc = stores.mirror.getState().rows.get(serviceId);
  if (svc) patchParams(stores, { focus: `${svc.namespace}/${svc.name}` }, false);
}

/**
 * Enter or click on a node: a group opens; a workload shows or hides its revisions (the choice
 * is kept by id, so it survives live updates); a Service (or anything in its block) is selected.
 */
export function activateNode(stores: MapStores, graph: DrawGraph, nodeId: string) {
  const node = graph.nodes.get(nodeId);
  if (!node) return;
  if (node.kind === 'workload') {
    stores.ui.update((ui) => {
      const expanded = new Set(ui.expanded);
      if (!expanded.delete(nodeId)) expanded.add(nodeId);
      return { ...ui, expanded };
    });
    return;
  }
  if (node.kind === 'endpoint-group' || node.kind === 'namespace-group') {
    stores.ui.update((ui) => ({ ...ui, expanded: new Set(ui.expanded).add(nodeId) }));
    return;
  }
  if (node.kind === 'service') selectService(stores, nodeId);
  else if (node.block.startsWith('svc:')) selectService(stores, node.block);
}

/** A row of the problems list: focus the Service and open its panel. */
export function pickProblem(stores: MapStores, serviceId: string) {
  focusNode(stores, serviceId);
  selectService(stores, serviceId);
}

/**
 * After a write from a form on the map: the map is live (a past instant shown is left), the
 * Service opens in the panel (as soon as the stream brings it, if it is new), is the highlighted
 * node, and a confirmation says what was done. After a delete its panel closes instead (the map
 * drops the Service when the watch brings the deletion), and the confirmation says what was
 * deleted.
 */
export function openWritten(stores: MapStores, done: WriteDone) {
  const service = focusedService(done.focus);
  const focus = done.status === 'deleted' ? null : service;
  stores.ui.update((ui) => {
    // What was written is live: a map showing a past instant goes back to live to show it.
    const { at: _at, from: _from, to: _to, ...live } = ui.params;
    return {
      ...ui,
      params: { ...live, focus },
      focusedNodeId: null,
      replay: null,
      notice: writeDoneText(done.status, service),
      awaitedWrite: focus,
    };
  });
}

/**
 * Runs `then` once the map no longer holds the Service `namespace/name` (at once when it does
 * not): after a delete, when the watch has brought the deletion and the page has drawn it.
 */
export function whenServiceGone(stores: MapStores, service: string, then: () => void) {
  // What the page shows, not what the pipeline said: the row leaves the DOM when it is shown gone.
  const held = () => {
    for (const row of stores.shown.getState().rows.values()) {
      if (`${row.namespace}/${row.name}` === service) return true;
    }
    return false;
  };
  if (!held()) return void requestAnimationFrame(then);
  const stop = stores.shown.subscribe(() => {
    if (held()) return;
    stop();
    requestAnimationFrame(then);
  });
}

export function dismissNotice(stores: MapStores) {
  stores.ui.update((ui) => (ui.notice === null ? ui : { ...ui, notice: null }));
}

/** Narrow screens: open or close the outline drawer. */
export const setOutlineOpen = (stores: MapStores, outlineOpen: boolean) =>
  stores.ui.update((ui) => (ui.outlineOpen === outlineOpen ? ui : { ...ui, outlineOpen }));

/** Phones: open the graph full-screen, or close it back to the problems list. */
export const setGraphOpen = (stores: MapStores, graphOpen: boolean) =>
  stores.ui.update((ui) => (ui.graphOpen === graphOpen ? ui : { ...ui, graphOpen }));

export const setPaused = (stores: MapStores, paused: boolean) =>
  stores.pipeline.current?.setPaused(paused);

export function setTheme(stores: MapStores, theme: Theme) {
  stores.ui.update((ui): MapUiState => ({ ...ui, theme }));
  writeStored(browserStorage('localStorage'), THEME_KEY, theme === 'system' ? null : theme);
}
