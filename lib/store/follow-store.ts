/**
 * One reader's subscription to an external store, for a reader that renders later than the
 * store changes (lib/store/use-store-transition.ts): it asks for a render only when the slice it
 * reads differs from the one it last asked for.
 *
 * Contract: see `followStore`. No React here, so it is tested directly.
 */
import type { Subscribable } from './use-store-selector';

/**
 * Follows `store` for one reader: `request(state)` each time the slice `selector()` reads differs
 * from the one of the state last requested (`initial` at first), whether or not that one has been
 * rendered yet: a change that puts the slice back must still replace a request on its way. Checks
 * once at once (a change before the subscription); returns the unsubscribe.
 */
export function followStore<S, T>(
  store: Subscribable<S>,
  selector: () => (state: S) => T,
  initial: S,
  request: (state: S) => void,
): () => void {
  let requested = initial;
  const follow = () => {
    const next = store.getState();
    const select = selector();
    if (Object.is(select(next), select(requested))) return;
    requested = next;
    request(next);
  };
  follow();
  return store.subscribe(follow);
}
