'use client';
/**
 * Reads a slice of an external store in a component, rendered as a transition: React renders it
 * in slices it can interrupt, between which the page paints and takes input, instead of in the
 * task that changed the store. For the map's mirror (components/map/map-context.tsx): a big
 * map's update renders the graph view, the outline and the lists, tens of milliseconds that were
 * one task with `useSyncExternalStore` (whose updates always render at once, in one piece).
 *
 * Contract: like `useStoreSelector`, re-renders only when its slice changes (===); the selector
 * must read the store's state only (not props), since a component whose slice did not change
 * keeps the state it last rendered. Every component the same store change re-renders commits in
 * the same transition, so they never show two states of the store side by side; a store change
 * that comes while one is being rendered is rendered with it.
 */
import { startTransition, useEffect, useRef, useState } from 'react';
import { followStore } from './follow-store';
import type { Subscribable } from './use-store-selector';

export function useStoreTransition<S, T>(store: Subscribable<S>, selector: (state: S) => T): T {
  const [state, setState] = useState(() => store.getState());
  const latest = useRef(selector);
  useEffect(() => {
    latest.current = selector;
  });
  const [initial] = useState(state);
  useEffect(
    () =>
      followStore(
        store,
        () => latest.current,
        initial,
        (next) => startTransition(() => setState(next)),
      ),
    [store, initial],
  );
  return selector(state);
}
