/**
 * What the user can do with the map's history, as plain functions over the page's stores
 * (components/map/map-state.ts): look at one instant, compare two, come back to live. The
 * instants live in the URL parameters (`at`, `from`/`to`: lib/graph/url-state.ts), which the
 * pipeline follows (components/map/pipeline-runner.ts), so a reload opens the same view.
 *
 * Contract: each action is one `stores.ui.update`; instants are normalised first, and one that
 * is not an instant changes nothing. `BACK_TO_LIVE_KEY` is the one documented key to return.
 */
import type { MapParams } from '@/lib/graph/url-state';
import { normalizeInstant } from '@/lib/history-view/instant';
import type { MapStores } from '@/components/map/map-state';

/** Alt+L (by physical key, so it is the same on every layout): back to live. */
export const BACK_TO_LIVE_KEY = { code: 'KeyL', label: 'Alt+L' } as const;

function withHistory(params: MapParams, at?: string, from?: string, to?: string): MapParams {
  const next: MapParams = { ...params };
  delete next.at;
  delete next.from;
  delete next.to;
  if (at) next.at = at;
  if (from && to) {
    next.from = from;
    next.to = to;
  }
  return next;
}

/** Shows the whole map as it was at `at` (leaving diff mode). */
export function showInstant(stores: MapStores, at: string) {
  const instant = normalizeInstant(at);
  if (!instant) return;
  stores.ui.update((ui) =>
    ui.params.at === instant && !ui.params.from
      ? ui
      : { ...ui, params: withHistory(ui.params, instant), replay: null },
  );
}

/** Diff mode: what changed between two instants (in either order); the map shows the later. */
export function showDiff(stores: MapStores, a: string, b: string) {
  const [x, y] = [normalizeInstant(a), normalizeInstant(b)];
  if (!x || !y) return;
  const [from, to] = Date.parse(x) <= Date.parse(y) ? [x, y] : [y, x];
  stores.ui.update((ui) => ({
    ...ui,
    params: withHistory(ui.params, undefined, from, to),
    replay: null,
  }));
}

/** Live again: no instant, no diff, and the display is not paused (it holds nothing now). */
export function backToLive(stores: MapStores) {
  stores.ui.update((ui) =>
    ui.params.at || ui.params.from ? { ...ui, params: withHistory(ui.params) } : ui,
  );
  stores.pipeline.current?.setPaused(false);
}
