/**
 * Time in the watch loop: an injectable clock (tests drive it), the retry backoff, and how long
 * silence means a hung connection.
 *
 * Contract: backoff as client-go's reflector does it — jittered exponential from 0.8 s to 30 s
 * (the loop resets it once a list completes or a watch delivers); after 30 s without a byte the
 * loop asks the server whether it is alive (a 10 s ping) and whether it has changes the watch
 * did not deliver (a grace of 1 s for them to arrive); a request with no bytes for 75 s (a
 * bookmark interval plus 15 s of margin) is hung whatever those said — a backstop. Timers of
 * the real clock never keep the process alive.
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
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 800,
  maxMs: 30_000,
};
/** Bookmarks come about once a minute; 15 s of margin, as client-go's HTTP/2 ping timeout. */
export const DEFAULT_HANG_TIMEOUT_MS = 75_000;
/** Silence after which the server is asked whether it is alive; plus the ping's own timeout
 * (`PING_TIMEOUT_MS`), a frozen server is noticed well within 45 s. */
export const DEFAULT_QUIET_PROBE_MS = 30_000;
export const PING_TIMEOUT_MS = 10_000;
/** A change the server has may be a moment from arriving on the watch: wait this long first. */
export const PROGRESS_GRACE_MS = 1_000;

/** Delay before retry number `attempt` (0-based): d = min(max, initial·2^attempt), in [d, min(2d, max)]. */
export function backoffDelay(attempt: number, random: number, opts: BackoffOptions): number {
  const d = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.min(attempt, 30));
  return Math.min(opts.maxMs, d * (1 + random));
}
