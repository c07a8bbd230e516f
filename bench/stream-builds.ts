/**
 * While changes stream in, build against build: the page's main-thread long tasks and its pan
 * frame times during bench/browser.ts's streaming phase (Services created and deleted at
 * `--rate` writes/s for `--ms`, while the page pans a `?all=1` map of `large:--pods`), for two
 * or more standalone builds of the dashboard served side by side against the same embedded
 * cluster and measured alternately (build 1, build 2, …, build 1, …), so a noisy machine weighs
 * on each alike. One phase is 10 s with a handful of long tasks at most: a single run of
 * bench/browser.ts cannot tell two builds apart (the same build printed 2 and 14 in runs minutes
 * apart), so this prints the median over rounds, and every round's figures.
 *
 * The first build is the baseline: each other's medians are printed beside its, with the ratio
 * of long tasks per minute. The pipeline runs in its worker, the page is driven by Playwright as
 * in bench/browser.ts.
 *
 * Usage: npm run bench:stream -- --dirs BEFORE/.next/standalone,AFTER/.next/standalone
 *                                [--pods 25000] [--rounds 5] [--rate 20] [--ms 10000]
 * (a build's standalone directory: scripts/build-standalone.sh in a worktree of the commit; the
 * default is this checkout's).
 */
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { STANDALONE_DIR, startCluster, startStandalone, type Dashboard } from '../e2e/harness';
import { firstAndWholePainted, newPage } from './browser-page';
import { installLongTaskObserver, LONG_TASKS, streamWhilePanning } from './browser-stream';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
// Absolute: the server runs with its own directory as the working directory.
const DIRS = arg('dirs', STANDALONE_DIR)
  .split(',')
  .map((dir) => resolve(dir));
const PODS = Number(arg('pods', '25000'));
const ROUNDS = Number(arg('rounds', '5'));
const RATE = Number(arg('rate', '20'));
const STREAM_MS = Number(arg('ms', '10000'));
/** After the whole map is painted, before the phase: the page's idle work (scene index) is done. */
const SETTLE_MS = 1500;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
};
const median = (values: number[]) => quantile(values, 0.5);

interface Round {
  perMinute: number;
  longest: number;
  panP95: number;
  written: number;
}

async function main() {
  const cluster = await startCluster(`large:${PODS}`);
  const browser = await chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  const dashboards: Dashboard[] = [];
  const rounds: Round[][] = DIRS.map(() => []);
  const phase = async (url: string): Promise<Round> => {
    const page = await newPage(browser);
    try {
      await page.addInitScript(installLongTaskObserver, LONG_TASKS);
      await page.goto(`${url}/?all=1`, { waitUntil: 'commit', timeout: 180_000 });
      await firstAndWholePainted(page);
      await page.waitForTimeout(SETTLE_MS);
      const stream = await streamWhilePanning(page, cluster, {
        rate: RATE,
        durationMs: STREAM_MS,
        selector: '[role="application"]',
      });
      const tasks = stream.longTasks ?? { count: Number.NaN, maxMs: Number.NaN };
      return {
        perMinute: (tasks.count * 60_000) / stream.windowMs,
        longest: tasks.maxMs,
        panP95: quantile(stream.pan, 0.95),
        written: stream.written,
      };
    } finally {
      await page.close();
    }
  };
  try {
    for (const dir of DIRS)
      dashboards.push(
        await startStandalone({
          dir,
          env: { ...process.env, SWITCHBOARD_KUBECONFIG: cluster.kubeconfig },
        }),
      );
    console.log(
      `while streaming · large:${PODS} · ${RATE} writes/s for ${STREAM_MS} ms while panning · chromium ${browser.version()} · ${ROUNDS} rounds, builds alternately`,
    );
    for (let round = 0; round < ROUNDS; round++)
      for (let d = 0; d < DIRS.length; d++) {
        const r = await phase(dashboards[d]!.url);
        rounds[d]!.push(r);
        console.log(
          `  round ${round + 1} build ${d + 1}: long tasks ${r.perMinute.toFixed(1)}/min (longest ${r.longest.toFixed(0)} ms), pan p95 ${r.panP95.toFixed(1)} ms, ${r.written} writes`,
        );
      }
    const base = median(rounds[0]!.map((r) => r.perMinute));
    for (let d = 0; d < DIRS.length; d++) {
      const rs = rounds[d]!;
      const perMinute = median(rs.map((r) => r.perMinute));
      const ratio = d === 0 ? '(baseline)' : `÷ baseline ${(perMinute / base).toFixed(2)}`;
      console.log(
        `build ${d + 1} ${DIRS[d]}: median long tasks ${perMinute.toFixed(1)}/min (each: ${rs.map((r) => r.perMinute.toFixed(0)).join(', ')}) ${ratio}; median pan p95 ${median(rs.map((r) => r.panP95)).toFixed(1)} ms (each: ${rs.map((r) => r.panP95.toFixed(0)).join(', ')})`,
      );
    }
  } finally {
    for (const dashboard of dashboards) await dashboard.stop();
    await browser.close();
    await cluster.stop();
  }
}

await main();
