/**
 * The map's connections to the world outside React, started once when the island mounts: the
 * map pipeline (in a Web Worker: the SSE stream, the server's DNS answers, records, topology,
 * drawing; pipeline-connection.ts), the URL (filters and selection mirrored with the History API:
 * no reload, no server round trip; opening a Service or entering time travel is an entry Back
 * returns from, lib/graph/url-state.ts `isNavigation`, and Back and Forward put the map in the
 * state their entry's URL says), the tab's title (the open Service and the cluster,
 * lib/page-title.ts: the server's metadata names the first paint's, and a selection made here
 * changes no route, so Next would not) and the theme (saved choice, system preference,
 * `data-theme` on <html>), and when a Service the user wrote stops being awaited.
 *
 * Contract: `connectMap(stores, cluster)` returns one cleanup that closes everything it opened.
 */
import {
  isNavigation,
  parseMapParams,
  sameFilters,
  serializeMapParams,
  type MapParams,
} from '@/lib/graph/url-state';
import { mapTitle } from '@/lib/page-title';
import { browserStorage, readStored } from '@/lib/browser-storage';
import { THEME_KEY } from './map-actions';
import { settleAwaitedWrite } from './awaited-write';
import { connectPipeline } from './pipeline-connection';
import type { MapStores, MapUiState } from './map-state';

/** Calls `onChange` with the UI state whenever `pick` of it changes (and once now). */
function watchUi<T>(
  stores: MapStores,
  pick: (ui: MapUiState) => T,
  onChange: (ui: MapUiState) => void,
) {
  let last: T | undefined;
  let first = true;
  const check = () => {
    const ui = stores.ui.getState();
    const value = pick(ui);
    if (!first && value === last) return;
    first = false;
    last = value;
    onChange(ui);
  };
  check();
  return stores.ui.subscribe(check);
}

function syncUrl(stores: MapStores) {
  // The params the current entry's URL stands for; null until the first write (which, being the
  // page's own URL put in canonical form, never adds an entry).
  let shown: MapParams | null = null;
  const stop = watchUi(
    stores,
    (ui) => ui.params,
    (ui) => {
      const search = serializeMapParams(ui.params);
      const step = shown !== null && isNavigation(shown, ui.params);
      shown = ui.params;
      if (search === window.location.search) return;
      const url = `${window.location.pathname}${search}`;
      // Next's router keeps its own state in history.state: a replaced entry keeps it, and a
      // pushed one gets it from Next's patched pushState.
      if (step) window.history.pushState(null, '', url);
      else window.history.replaceState(window.history.state, '', url);
    },
  );
  const restore = () => {
    const params = parseMapParams(new URLSearchParams(window.location.search));
    shown = params;
    stores.ui.update((ui) =>
      serializeMapParams(ui.params) === serializeMapParams(params)
        ? ui
        : {
            ...ui,
            params,
            fitSignal: sameFilters(ui.params, params) ? ui.fitSignal : ui.fitSignal + 1,
          },
    );
  };
  window.addEventListener('popstate', restore);
  return () => {
    window.removeEventListener('popstate', restore);
    stop();
  };
}

/** `document.title` follows the open Service: the one place the map's title is set client-side. */
function syncTitle(stores: MapStores, cluster: string | null) {
  return watchUi(
    stores,
    (ui) => ui.params.focus,
    (ui) => {
      document.title = mapTitle(cluster, ui.params.focus);
    },
  );
}

function connectTheme(stores: MapStores) {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const saved = readStored(browserStorage('localStorage'), THEME_KEY);
  const readSystem = () =>
    stores.ui.update((ui) =>
      ui.systemDark === media.matches ? ui : { ...ui, systemDark: media.matches },
    );
  // Browser-only state is read after hydration, so the server render and the first client
  // render agree.
  stores.ui.update((ui) => ({
    ...ui,
    systemDark: media.matches,
    theme: saved === 'light' || saved === 'dark' ? saved : ui.theme,
  }));
  media.addEventListener('change', readSystem);
  const stop = watchUi(
    stores,
    (ui) => ui.theme,
    (ui) => {
      const root = document.documentElement;
      if (ui.theme === 'system') delete root.dataset.theme;
      else root.dataset.theme = ui.theme;
    },
  );
  return () => {
    media.removeEventListener('change', readSystem);
    stop();
  };
}

/** `cluster`: the map's cluster name, as its title says it (the server's first paint's too). */
export function connectMap(stores: MapStores, cluster: string | null): () => void {
  const closers = [
    connectPipeline(stores),
    syncUrl(stores),
    syncTitle(stores, cluster),
    connectTheme(stores),
    settleAwaitedWrite(stores),
  ];
  return () => {
    for (const close of closers) close();
  };
}
