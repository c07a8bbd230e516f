/**
 * First picture, build against build: the time to first graph and to the whole map of one
 * `?all=1` load, for two or more standalone builds of the dashboard served side by side against
 * the same embedded cluster, loaded alternately (build 1, build 2, …, build 1, …) so a noisy
 * machine weighs on each alike. The first build is the baseline: each other's medians are printed
 * beside its, with their ratio. Timed from outside as bench/browser.ts times it (navigation start
 * → the frame after the one whose graph view first reports drawn nodes; the whole map the same
 * once the view no longer says `data-rest`), in Debian chromium, the pipeline in its worker.
 *
 * Usage: npm run bench:first -- --dirs BEFORE/.next/standalone,AFTER/.next/standalone
 *                               [--pods 25000] [--rounds 5]
 * (a build's standalone directory: scripts/build-standalone.sh in a worktree of the commit; the
 * default is this checkout's). One warm-up load per build is not counted.
 */
import { chromium, type Page } from '@playwright/test';
import { STANDALONE_DIR, startCluster, startStandalone, type Dashboard } from '../e2e/harness';
import { firstAndWholePainted, newPage } from './browser-page';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const DIRS = arg('dirs', STANDALONE_DIR).split(',');
const PODS = Number(arg('pods', '25000'));
const ROUNDS = Number(arg('rounds', '5'));

/** First graph and whole map of one `?all=1` load, ms from navigation start, as painted. */
async function load(page: Page, url: string): Promise<{ first: number; whole: number }> {
  await page.goto(`${url}/?all=1`, { waitUntil: 'commit', timeout: 180_000 });
  return firstAndWholePainted(page);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main() {
  const cluster = await startCluster(`large:${PODS}`);
  const browser = await chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  const dashboards: Dashboard[] = [];
  const figures = DIRS.map(() => ({ first: [] as number[], whole: [] as number[] }));
  try {
    for (const dir of DIRS)
      dashboards.push(
        await startStandalone({
          dir,
          env: { ...process.env, SWITCHBOARD_KUBECONFIG: cluster.kubeconfig },
        }),
      );
    console.log(
      `first picture · large:${PODS} · chromium ${browser.version()} · ${ROUNDS} rounds, builds alternately`,
    );
    for (let round = -1; round < ROUNDS; round++)
      for (let d = 0; d < DIRS.length; d++) {
        const page = await newPage(browser);
        try {
          const { first, whole } = await load(page, dashboards[d]!.url);
          if (round < 0) continue;
          figures[d]!.first.push(first);
          figures[d]!.whole.push(whole);
          console.log(
            `  round ${round + 1} build ${d + 1}: first graph ${ms(first)}, whole map ${ms(whole)}`,
          );
        } finally {
          await page.close();
        }
      }
    const base = figures[0]!;
    for (let d = 0; d < DIRS.length; d++) {
      const f = figures[d]!;
      const ratios =
        d === 0
          ? '(baseline)'
          : `÷ baseline: first ${(median(f.first) / median(base.first)).toFixed(2)}, whole ${(median(f.whole) / median(base.whole)).toFixed(2)}`;
      console.log(
        `build ${d + 1} ${DIRS[d]}: median first graph ${ms(median(f.first))}, whole map ${ms(median(f.whole))} (whole: ${f.whole.map((v) => v.toFixed(0)).join(', ')}) ${ratios}`,
      );
    }
  } finally {
    for (const dashboard of dashboards) await dashboard.stop();
    await browser.close();
    await cluster.stop();
  }
}

await main();
