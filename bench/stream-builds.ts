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
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { STANDALONE_DIR, startCluster, type Dashboard } from '../e2e/harness';
import { buildDirs, startBuilds } from './tools/builds';
import { LATE_FRAME_MS, lateFrames, median, percentile } from './tools/stats';
import { blankPagePan, firstAndWholePainted, newPage } from './browser-page';
import { installLongTaskObserver, LONG_TASKS, streamWhilePanning } from './browser-stream';

const { values } = parseArgs({
  options: {
    dirs: { type: 'string', default: STANDALONE_DIR },
    pods: { type: 'string', default: '25000' },
    rounds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '20' },
    ms: { type: 'string', default: '10000' },
  },
});
const DIRS = buildDirs(values.dirs);
const PODS = Number(values.pods);
const ROUNDS = Number(values.rounds);
const RATE = Number(values.rate);
const STREAM_MS = Number(values.ms);
/** After the whole map is painted, before the phase: the page's idle work (the overview) is done. */
const SETTLE_MS = 1500;

interface Round {
  perMinute: number;
  longest: number;
  panP95: number;
  /** Pan frames later than one and a half vsync intervals, of `frames`. */
  late: number;
  frames: number;
  written: number;
  refused: string[];
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
        panP95: percentile(stream.pan, 95),
        late: lateFrames(stream.pan),
        frames: stream.pan.length,
        written: stream.written,
        refused: stream.refused,
      };
    } finally {
      await page.close();
    }
  };
  try {
    dashboards.push(...(await startBuilds(DIRS, cluster.kubeconfig)));
    console.log(
      `while streaming · large:${PODS} · ${RATE} writes/s for ${STREAM_MS} ms while panning · chromium ${browser.version()} · ${ROUNDS} rounds, builds alternately`,
    );
    const floor = await blankPagePan(browser, STREAM_MS);
    console.log(
      `  frame-time floor, the same drag on a blank page: p95 ${percentile(floor, 95).toFixed(1)} ms (${lateFrames(floor)} of ${floor.length} frames over ${LATE_FRAME_MS} ms)`,
    );
    for (let round = 0; round < ROUNDS; round++)
      for (let d = 0; d < DIRS.length; d++) {
        const r = await phase(dashboards[d]!.url);
        rounds[d]!.push(r);
        console.log(
          `  round ${round + 1} build ${d + 1}: long tasks ${r.perMinute.toFixed(1)}/min (longest ${r.longest.toFixed(0)} ms), pan p95 ${r.panP95.toFixed(1)} ms (${r.late} of ${r.frames} frames over ${LATE_FRAME_MS} ms), ${r.written} writes${r.refused.length ? ` (not acknowledged: ${r.refused.join(', ')})` : ''}`,
        );
      }
    const base = median(rounds[0]!.map((r) => r.perMinute));
    for (let d = 0; d < DIRS.length; d++) {
      const rs = rounds[d]!;
      const perMinute = median(rs.map((r) => r.perMinute));
      const ratio = d === 0 ? '(baseline)' : `÷ baseline ${(perMinute / base).toFixed(2)}`;
      console.log(
        `build ${d + 1} ${DIRS[d]}: median long tasks ${perMinute.toFixed(1)}/min (each: ${rs.map((r) => r.perMinute.toFixed(0)).join(', ')}) ${ratio}; median pan p95 ${median(rs.map((r) => r.panP95)).toFixed(1)} ms (each: ${rs.map((r) => r.panP95.toFixed(1)).join(', ')}); median frames over ${LATE_FRAME_MS} ms ${median(rs.map((r) => r.late))} (each: ${rs.map((r) => r.late).join(', ')})`,
      );
    }
  } finally {
    for (const dashboard of dashboards) await dashboard.stop();
    await browser.close();
    await cluster.stop();
  }
}

await main();
