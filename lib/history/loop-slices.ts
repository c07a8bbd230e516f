/**
 * The history's work on the server's thread (serialising facts and checkpoints) cut into short
 * slices, so the live path — watch events, the map's stream — never waits long behind it.
 *
 * Contract: `loopSlices()` starts a slice; `due()` says it has run its time; `next()` lets the
 * event loop run (timers, I/O) before the next one starts. Why 0.25 ms: the live path's latency
 * is the event loop's; with slices of 1 ms, a change arriving while the history serialised waited
 * half a millisecond on average, and at 1,000 changes a second that was the p95 (bench/history.ts:
 * change → subscriber p95 1.41–1.44× with the history on against off).
 */
export const HISTORY_SLICE_MS = 0.25;

/** Lets the event loop run (timers, I/O, the watch path) before the next slice of work. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface LoopSlices {
  due(): boolean;
  next(): Promise<void>;
}

export function loopSlices(ms = HISTORY_SLICE_MS): LoopSlices {
  let start = performance.now();
  return {
    due: () => performance.now() - start >= ms,
    async next() {
      await yieldToLoop();
      start = performance.now();
    },
  };
}
