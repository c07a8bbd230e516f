/**
 * The map's connections to the world outside React, started once when the island mounts: the
 * map pipeline (in a Web Worker: the SSE stream, the server's DNS answers, records, topology,
 * drawing; pipeline-connection.ts), the URL (filters mirrored with
 * history.replaceState: no reload, no server round trip) and the theme (saved choice, system
 * preference, `data-theme` on <html>).
 *
 * Contract: `connectMap(stores)` returns one cleanup that closes everything it opened.
 */
import { serializeMapParams } from '@/lib/graph/url-state';
import { THEME_KEY } from './map-actions';
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
  return watchUi(
    stores,
    (ui) => ui.params,
    (ui) => {
      const search = serializeMapParams(ui.params);
      if (search !== window.location.search)
        window.history.replaceState(
          window.history.state,
          '',
          `${window.location.pathname}${search}`,
        );
    },
  );
}

function connectTheme(stores: MapStores) {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const saved = window.localStorage.getItem(THEME_KEY);
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

export function connectMap(stores: MapStores): () => void {
  const closers = [connectPipeline(stores), syncUrl(stores), connectTheme(stores)];
  return () => {
    for (const close of closers) close();
  };
}
