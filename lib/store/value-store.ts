/**
 * A minimal external store for one immutable value (the map's UI state): what
 * `useSyncExternalStore` needs and nothing more.
 *
 * Contract: `update(fn)` replaces the value with `fn(previous)`; listeners run only when the
 * result is a different object, so returning `previous` is a no-op.
 */
export interface ValueStore<T> {
  getState(): T;
  update(fn: (previous: T) => T): void;
  subscribe(listener: () => void): () => void;
}

export function createValueStore<T>(initial: T): ValueStore<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => value,
    update(fn) {
      const next = fn(value);
      if (next === value) return;
      value = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
