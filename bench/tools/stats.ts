/**
 * Summary statistics for the benchmarks' samples.
 *
 * Contract: both return NaN for no samples; `percentile` is the nearest-rank percentile (the
 * smallest sample with at least p % of the samples at or below it).
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    NaN
  );
}

/** Milliseconds as the benchmarks print them. */
export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** `fn`'s value and how long it took, in milliseconds. */
export function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

/**
 * Frames of a 60 Hz animation that took longer than one and a half vsync intervals (25 ms): each
 * is at least one frame dropped. rAF deltas of frames on time read 16.6 to 16.8 ms (timestamps
 * are coarsened to 0.1 ms), so a p95 of 16.8 ms and one of 16.7 ms both mean no frame was missed.
 */
export const LATE_FRAME_MS = 25;
export function lateFrames(deltas: readonly number[]): number {
  return deltas.filter((d) => d > LATE_FRAME_MS).length;
}
