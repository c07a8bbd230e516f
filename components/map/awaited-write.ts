/**
 * When a Service the user just wrote stops being awaited (map-state.ts `awaitedWrite`): while it
 * is, its absence from the map is not an answer and no "does not exist" notice shows
 * (missing-focus.ts), since the watch may not have brought it yet.
 *
 * Contract: `settleAwaitedWrite(stores)` clears `awaitedWrite` once the page shows that Service
 * selected, once the focus is elsewhere, or once the page has been live AWAITED_WRITE_MS without
 * it (time spent reconnecting or paused does not count); it returns its cleanup.
 */
import { connectionView } from './connection-view';
import type { MapStores } from './map-state';

/**
 * How long, once the page is live, a Service the user wrote is awaited before its absence counts
 * as an answer. A watch brings a write in well under a second; a Service that has still not come
 * by then is not coming (deleted again at once by someone else, or a link that claims a write).
 */
export const AWAITED_WRITE_MS = 10_000;

/**
 * A Service the user wrote is awaited until the page has shown it, the focus has moved on, or it
 * has been awaited AWAITED_WRITE_MS while the page was live: from then on its absence is an answer
 * again (missing-focus.ts), a later delete by anyone included.
 */
export function settleAwaitedWrite(stores: Pick<MapStores, 'ui' | 'shown'>): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let armedFor: string | null = null;
  const disarm = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    armedFor = null;
  };
  const settle = () => {
    disarm();
    stores.ui.update((ui) => (ui.awaitedWrite === null ? ui : { ...ui, awaitedWrite: null }));
  };
  const check = () => {
    const { awaitedWrite, params } = stores.ui.getState();
    if (awaitedWrite === null) return disarm();
    // Held as the page shows it, not as the pipeline last said: the notice reads the mirror the
    // page has committed, which may still be one without the Service.
    const shown = stores.shown.getState();
    const held = shown.focus === awaitedWrite && shown.selected !== null;
    if (held || params.focus !== awaitedWrite) return settle();
    // Only time spent live counts: while reconnecting, or paused, the write may be on its way.
    const { sync, stream, paused } = shown.status;
    if (paused || connectionView(sync, stream).state !== 'live') return disarm();
    if (armedFor === awaitedWrite) return;
    disarm();
    armedFor = awaitedWrite;
    timer = setTimeout(() => {
      if (stores.ui.getState().awaitedWrite === armedFor) settle();
      else disarm();
    }, AWAITED_WRITE_MS);
  };
  check();
  const stops = [stores.shown.subscribe(check), stores.ui.subscribe(check)];
  return () => {
    disarm();
    stops.forEach((stop) => stop());
  };
}
