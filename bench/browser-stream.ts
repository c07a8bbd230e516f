/**
 * The browser benchmark's "while changes stream in" phase: a steady stream of API writes (a
 * Service created, then deleted again, alternately: each write is one change the page must
 * draw) at a fixed rate, while the page is panned; and the main thread's long tasks, counted
 * from outside the app with a PerformanceObserver ('longtask': tasks over 50 ms) that a
 * Playwright init script installs before the page's own scripts.
 *
 * Contract: `installLongTaskObserver` runs in the page (pass it to `page.addInitScript`);
 * `streamWhilePanning` writes at `rate` per second for `durationMs` while `scriptedPan` runs and
 * returns the pan's frame times and the long tasks that started in that window. The global it
 * creates belongs to this benchmark, never to the app.
 */
import type { Page } from '@playwright/test';
import { scriptedPan } from './browser-page';
import { clusterCall } from './tools/cluster';
import type { BenchCluster } from './tools/cluster';

/** The page global the init script creates: start time and duration of every long task. */
export const LONG_TASKS = '__benchLongTasks';

/** Runs in the page before its scripts: records every long task of the page's main thread. */
export function installLongTaskObserver(globalName: string) {
  const tasks: { start: number; duration: number }[] = [];
  (window as unknown as Record<string, unknown>)[globalName] = tasks;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No longtask support: the count reads as 0 tasks seen, and the report says "n/a" below.
    (window as unknown as Record<string, unknown>)[globalName] = null;
  }
}

/** Long tasks that started in [from, to] (page clock, ms); null when the browser has none. */
export async function longTasksBetween(
  page: Page,
  from: number,
  to: number,
): Promise<{ count: number; maxMs: number } | null> {
  return page.evaluate(
    ({ name, from, to }) => {
      const tasks = (window as unknown as Record<string, { start: number; duration: number }[]>)[
        name
      ];
      if (!tasks) return null;
      const inside = tasks.filter((t) => t.start >= from && t.start <= to);
      return { count: inside.length, maxMs: Math.max(0, ...inside.map((t) => t.duration)) };
    },
    { name: LONG_TASKS, from, to },
  );
}

type Cluster = Pick<BenchCluster, 'url' | 'token' | 'caCertificate'>;

export interface StreamPhase {
  /** Frame times (rAF deltas) of the pan that ran while the writes streamed. */
  pan: number[];
  /** Writes acknowledged / attempted. */
  written: number;
  attempted: number;
  /** What each write not acknowledged got instead: `POST 409`, `DELETE error: …`. */
  refused: string[];
  /** Wall-clock length of the window. */
  windowMs: number;
  longTasks: { count: number; maxMs: number } | null;
}

/**
 * Writes `rate` changes per second (even ticks create `bench-stream-<k>`, odd ticks delete it)
 * for `durationMs`, on their schedule whatever the answers' latency, while the page is panned.
 */
export async function streamWhilePanning(
  page: Page,
  cluster: Cluster,
  options: { rate: number; durationMs: number; selector: string },
): Promise<StreamPhase> {
  const prefix = `bench-stream-${Date.now().toString(36)}`;
  const path = '/api/v1/namespaces/default/services';
  const ticks = Math.floor((options.rate * options.durationMs) / 1000);
  const writes: Promise<string | null>[] = [];
  const pageFrom = await page.evaluate(() => performance.now());
  const t0 = Date.now();
  const panning = scriptedPan(page, options.selector, options.durationMs);
  for (let i = 0; i < ticks; i++) {
    const due = t0 + (i * 1000) / options.rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const name = `${prefix}-${Math.floor(i / 2)}`;
    const verb = i % 2 === 0 ? 'POST' : 'DELETE';
    writes.push(
      (verb === 'POST'
        ? clusterCall(cluster, 'POST', path, {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name },
            spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
          })
        : clusterCall(cluster, 'DELETE', `${path}/${name}`)
      ).then(
        (res) => (res.status < 300 ? null : `${verb} ${name} ${res.status}`),
        (error: unknown) => `${verb} ${name} error: ${String(error)}`,
      ),
    );
  }
  const pan = await panning;
  const pageTo = await page.evaluate(() => performance.now());
  const windowMs = Date.now() - t0;
  const done = await Promise.all(writes);
  const refused = done.filter((outcome): outcome is string => outcome !== null);
  return {
    pan,
    written: done.length - refused.length,
    attempted: done.length,
    refused,
    windowMs,
    longTasks: await longTasksBetween(page, pageFrom, pageTo),
  };
}
