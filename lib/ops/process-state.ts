import 'server-only';
/**
 * What liveness and readiness know about this process beyond the cluster: whether the event loop
 * still turns, and whether a drain (SIGTERM) has begun. Process-wide on globalThis, because
 * instrumentation and the routes are separate bundles of one process.
 *
 * Contract: `watchEventLoop()` is idempotent and keeps nothing alive (unref'd timer); the loop is
 * "stuck" only when its heartbeat is `STUCK_MS` late — a slow GC or a big snapshot delays it by
 * far less — so liveness never restarts a server that is merely busy. `beginDrain()` is one-way.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

const BEAT_MS = 500;
export const STUCK_MS = 10_000;

interface ProcessState {
  histogram?: IntervalHistogram;
  lastBeat: number;
  drainingSince?: number;
}

const KEY = Symbol.for('switchboard.processState');
type StateGlobal = typeof globalThis & { [KEY]?: ProcessState };

function state(): ProcessState {
  const g = globalThis as StateGlobal;
  g[KEY] ??= { lastBeat: Date.now() };
  return g[KEY];
}

export function watchEventLoop(): void {
  const s = state();
  if (s.histogram) return;
  s.histogram = monitorEventLoopDelay({ resolution: 20 });
  s.histogram.enable();
  s.lastBeat = Date.now();
  setInterval(() => (s.lastBeat = Date.now()), BEAT_MS).unref();
}

export interface EventLoopReport {
  stuck: boolean;
  /** How late the heartbeat is now. */
  lagMs: number;
  /** Delay percentiles since the previous report (ms), when monitoring runs. */
  delayP99Ms?: number;
  delayMaxMs?: number;
}

export function eventLoopReport(now = Date.now()): EventLoopReport {
  watchEventLoop();
  const s = state();
  const lagMs = Math.max(0, now - s.lastBeat - BEAT_MS);
  const report: EventLoopReport = { stuck: lagMs > STUCK_MS, lagMs };
  const h = s.histogram;
  if (h && h.count > 0) {
    report.delayP99Ms = Math.round(h.percentile(99) / 1e5) / 10;
    report.delayMaxMs = Math.round(h.max / 1e5) / 10;
    h.reset();
  }
  return report;
}

export function beginDrain(): void {
  state().drainingSince ??= Date.now();
}

export function isDraining(): boolean {
  return state().drainingSince !== undefined;
}
