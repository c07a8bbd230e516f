/**
 * When the page shows everything the pipeline has said: the mirror (what it said) and what the
 * page last committed of it (`stores.shown`, map-context.tsx `MirrorShown`) are the same. The
 * pipeline's pace hangs on it (pipeline-connection.ts): its next update waits until the page has
 * rendered and painted the last, and React renders the mirror as a transition, after the task
 * that brought it, so the message's own frame is too early a sign.
 *
 * Contract: `whenShown(stores, then)` calls `then` once, at once if the page is caught up, else
 * in the commit that catches it up.
 */
import type { MapStores } from './map-state';

export function whenShown(stores: Pick<MapStores, 'mirror' | 'shown'>, then: () => void): void {
  const caughtUp = () => stores.shown.getState() === stores.mirror.getState();
  if (caughtUp()) return then();
  const stop = stores.shown.subscribe(() => {
    if (!caughtUp()) return;
    stop();
    then();
  });
}
