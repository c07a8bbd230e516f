/**
 * The store's resourceVersion clock and event history: one counter across all kinds (as etcd's
 * revision), a bounded ring of committed events that watches resume from (an older
 * resourceVersion is "compacted": 410 Expired, as the apiserver's watch cache answers), waiters
 * for "the store has reached RV n", and delivery of each event to subscribers.
 *
 * Delivery is synchronous and in commit order: an event committed from inside a subscriber is
 * queued and delivered after the current one has reached every subscriber.
 */
import type { StoreEvent } from './types';

type Listener = (event: StoreEvent) => void;

export interface EventHistory {
  /** The resourceVersion of the newest commit (0 before the first). */
  rv: number;
  /** The newest resourceVersion no longer in the ring (0 while nothing was evicted). */
  compacted: number;
  readonly size: number;
  readonly ring: (StoreEvent | undefined)[];
  start: number;
  count: number;
  readonly listeners: Set<Listener>;
  readonly queue: StoreEvent[];
  delivering: boolean;
  readonly waiters: Set<{ rv: number; resolve: (reached: boolean) => void }>;
}

export function createEventHistory(size: number): EventHistory {
  return {
    rv: 0,
    compacted: 0,
    size,
    ring: new Array<StoreEvent | undefined>(size),
    start: 0,
    count: 0,
    listeners: new Set(),
    queue: [],
    delivering: false,
    waiters: new Set(),
  };
}

/** Advances the clock: the resourceVersion of the commit in progress. */
export function nextResourceVersion(history: EventHistory): number {
  return ++history.rv;
}

/** Keeps a committed event, wakes RV waiters, and delivers it to subscribers. */
export function recordEvent(history: EventHistory, event: StoreEvent): void {
  const h = history;
  if (h.count === h.size) {
    const evicted = h.ring[h.start];
    h.compacted = Number(evicted?.object.metadata.resourceVersion ?? h.compacted);
    h.ring[h.start] = event;
    h.start = (h.start + 1) % h.size;
  } else {
    h.ring[(h.start + h.count) % h.size] = event;
    h.count++;
  }
  for (const waiter of [...h.waiters]) {
    if (h.rv >= waiter.rv) {
      h.waiters.delete(waiter);
      waiter.resolve(true);
    }
  }
  deliver(h, event);
}

function deliver(history: EventHistory, event: StoreEvent): void {
  history.queue.push(event);
  if (history.delivering) return;
  history.delivering = true;
  try {
    while (history.queue.length) {
      const next = history.queue.shift()!;
      for (const listener of [...history.listeners]) {
        try {
          listener(next);
        } catch (error) {
          console.error('emulator store: a subscriber threw', error);
        }
      }
    }
  } finally {
    history.delivering = false;
  }
}

export function subscribe(history: EventHistory, listener: Listener): () => void {
  history.listeners.add(listener);
  return () => history.listeners.delete(listener);
}

/**
 * Forgets every event with resourceVersion <= `upTo` (default: all of them, up to the current
 * one), as `etcdctl compact` does: a watch or a continue token from before it then gets 410
 * Expired. Never moves the compaction point back or past the clock. Returns the new point.
 */
export function compactHistory(history: EventHistory, upTo = history.rv): number {
  const h = history;
  const target = Math.min(Math.max(upTo, h.compacted), h.rv);
  while (h.count > 0) {
    const oldest = h.ring[h.start]!;
    if (Number(oldest.object.metadata.resourceVersion) > target) break;
    h.ring[h.start] = undefined;
    h.start = (h.start + 1) % h.size;
    h.count--;
  }
  h.compacted = target;
  return target;
}

/** Committed events with resourceVersion > since, oldest first; undefined when compacted. */
export function eventsSince(history: EventHistory, since: number): StoreEvent[] | undefined {
  const h = history;
  if (since < h.compacted) return undefined;
  const rvAt = (i: number) =>
    Number(h.ring[(h.start + i) % h.size]!.object.metadata.resourceVersion);
  // Binary search for the first event with RV > since.
  let lo = 0;
  let hi = h.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rvAt(mid) <= since) lo = mid + 1;
    else hi = mid;
  }
  const out: StoreEvent[] = [];
  for (let i = lo; i < h.count; i++) out.push(h.ring[(h.start + i) % h.size]!);
  return out;
}

/** Resolves true once the clock reaches `target`, false after timeoutMs. */
export function waitForResourceVersion(
  history: EventHistory,
  target: number,
  timeoutMs: number,
): Promise<boolean> {
  if (history.rv >= target) return Promise.resolve(true);
  return new Promise((resolve) => {
    const waiter = {
      rv: target,
      resolve: (reached: boolean) => {
        clearTimeout(timer);
        resolve(reached);
      },
    };
    const timer = setTimeout(() => {
      history.waiters.delete(waiter);
      resolve(false);
    }, timeoutMs);
    history.waiters.add(waiter);
  });
}
