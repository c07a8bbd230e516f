import 'server-only';
/**
 * Requests in flight through the API wrapper (lib/http/api-route.ts), so a drain can wait for
 * them — above all a write, which must finish (or be rolled back) rather than be cut off.
 *
 * Contract: process-wide on globalThis (routes are separate bundles); `track` wraps one request
 * from its start until its answer is built; `inFlightSettled(ms)` resolves true once none is in
 * flight, or false when `ms` pass first.
 */

interface InFlight {
  count: number;
  waiters: Set<() => void>;
}

const KEY = Symbol.for('switchboard.inFlight');
type InFlightGlobal = typeof globalThis & { [KEY]?: InFlight };

function state(): InFlight {
  const g = globalThis as InFlightGlobal;
  g[KEY] ??= { count: 0, waiters: new Set() };
  return g[KEY];
}

export async function track<T>(work: () => Promise<T>): Promise<T> {
  const s = state();
  s.count++;
  try {
    return await work();
  } finally {
    s.count--;
    if (s.count === 0) for (const w of [...s.waiters]) w();
  }
}

export function inFlightCount(): number {
  return state().count;
}

export function inFlightSettled(timeoutMs: number): Promise<boolean> {
  const s = state();
  if (s.count === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      s.waiters.delete(waiter);
      resolve(ok);
    };
    const waiter = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    s.waiters.add(waiter);
  });
}
