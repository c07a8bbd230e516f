/**
 * When the map's Web Worker applies the stream's batches: a few milliseconds after the first
 * event of a batch (`gatherMs`: the events the stream delivers together go in one batch), but
 * never while the page has not yet painted the worker's last update (or for at most
 * `maxWaitMs`). The page's paint is what paces the batches; the gathering window is kept short
 * because every change waits it out (a whole frame of 16 ms, as it once was, was a sixth of the
 * change → frame time of a 50k-node map).
 *
 * Why: the worker can make updates faster than the page can apply and paint them on a big map
 * (the mirror patch, React's commit and the canvas take tens of milliseconds there). Posting each
 * one anyway queues work on the page's main thread, which is what pan and input wait on. Held
 * back, the stream's events gather in the record store and the next update carries them all.
 * The bound keeps a tab whose frames have stopped (hidden) current at a slower pace, so its
 * store never holds more than a second of events.
 *
 * Contract: `schedule` is a lib/store Scheduler (the callback runs once, unless cancelled);
 * `posted()` is called for each update that goes to the page, `painted()` for each the page says
 * it painted; a callback due while some are unpainted runs when the last is painted, or
 * `maxWaitMs` after the oldest was posted. Timers are injected for tests. Isomorphic.
 */
import type { Scheduler } from '../store/record-store';

export interface PacedScheduler {
  schedule: Scheduler;
  posted(): void;
  painted(): void;
  /**
   * Runs `work` in a task of its own once the page has painted every update posted so far (or
   * `maxWaitMs` from now at the latest): work that can wait, kept off the CPU the page needs to
   * decode and paint a big update (two cores: the page's thread and this one).
   */
  afterPaint(work: () => void): void;
}

interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export function pacedScheduler(
  options: { gatherMs?: number; maxWaitMs?: number; timers?: Timers } = {},
): PacedScheduler {
  const { gatherMs = 4, maxWaitMs = 1000, timers = realTimers } = options;
  /** Updates posted that the page has not said it painted, and since when there are some. */
  let unpainted = 0;
  let unpaintedSince: number | null = null;
  /** A callback whose frame came while the page was still painting. */
  let waiting: (() => void) | null = null;
  /** `afterPaint` work waiting for the page. */
  let afterPaint: (() => void)[] = [];

  const release = () => {
    const run = waiting;
    waiting = null;
    run?.();
    const works = afterPaint;
    afterPaint = [];
    for (const work of works) work();
  };

  return {
    schedule(callback) {
      let done = false;
      let timer: unknown;
      const run = () => {
        if (done) return;
        done = true;
        callback();
      };
      const due = () => {
        if (unpaintedSince === null) return run();
        const left = unpaintedSince + maxWaitMs - timers.now();
        if (left <= 0) return run();
        waiting = run;
        // The bound, in case the page never answers (no frames in a hidden tab).
        timer = timers.setTimeout(() => {
          if (waiting === run) waiting = null;
          run();
        }, left);
      };
      timer = timers.setTimeout(due, gatherMs);
      return () => {
        done = true;
        timers.clearTimeout(timer);
        if (waiting === run) waiting = null;
      };
    },
    posted() {
      if (unpainted++ === 0) unpaintedSince = timers.now();
    },
    painted() {
      if (unpainted === 0 || --unpainted > 0) return;
      unpaintedSince = null;
      release();
    },
    afterPaint(work) {
      let done = false;
      const run = () => {
        if (done) return;
        done = true;
        timers.clearTimeout(bound);
        timers.setTimeout(work, 0);
      };
      const bound = timers.setTimeout(run, maxWaitMs);
      if (unpainted === 0) run();
      else afterPaint.push(run);
    },
  };
}
