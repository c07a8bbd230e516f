'use client';
/**
 * Reads a slice of an external store in a component: `useSyncExternalStore` with a selector, so
 * a component re-renders only when the slice it reads changes.
 *
 * Contract: the selector must return the same value (===) for the same store state: a field of
 * the state, a primitive, or a result memoised per state (lib/store/memo.ts, lib/store/selectors.ts).
 */
import { useSyncExternalStore } from 'react';

export interface Subscribable<S> {
  getState(): S;
  subscribe(listener: () => void): () => void;
}

export function useStoreSelector<S, T>(store: Subscribable<S>, selector: (state: S) => T): T {
  const read = () => selector(store.getState());
  return useSyncExternalStore(store.subscribe, read, read);
}
