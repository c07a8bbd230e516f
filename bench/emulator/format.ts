/**
 * How the emulator benchmark prints its figures: times, memory, and a ratio to the baseline.
 */
export const ms = (v: number) => (v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ms`);
export const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
export const ratio = (value: number, baseline: number) => `×${(value / baseline).toFixed(2)}`;

/** What every phase is told: the pod count of the large scenario and how hard to try. */
export interface BenchOptions {
  pods: number;
  quick: boolean;
  /** Repetitions where a phase is cheap enough to take a median. */
  reps: number;
}
