/**
 * Time in the watch loop: an injectable clock (tests drive it), the retry backoff, and how long
 * silence means a hung connection.
 *
 * Contract: backoff as client-go's reflector does it — jittered exponential from 0.8 s to 30 s,
 * reset once a watch stayed connected for 2 minutes; a request with no bytes for 75 s (a
 * bookmark interval plus 15 s of margin) is hung. Timers of the real clock never keep the
 * process alive.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** A watch connected at least this long resets the backoff. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 800,
  maxMs: 30_000,
  resetAfterMs: 120_000,
};
/** Bookmarks come about once a minute; 15 s of margin, as client-go's HTTP/2 ping timeout. */
export const DEFAULT_HANG_TIMEOUT_MS = 75_000;

/** Delay before retry number `attempt` (0-based): d = min(max, initial·2^attempt), in [d, min(2d, max)]. */
export function backoffDelay(attempt: number, random: number, opts: BackoffOptions): number {
  const d = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.min(attempt, 30));
  return Math.min(opts.maxMs, d * (1 + random));
}
