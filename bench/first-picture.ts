/**
 * First picture, build against build: the time to first graph and to the whole map of one
 * `?all=1` load, for two or more standalone builds of the dashboard served side by side against
 * the same embedded cluster, loaded alternately (build 1, build 2, …, build 1, …) so a noisy
 * machine weighs on each alike. The first build is the baseline: each other's medians are printed
 * beside its, with their ratio. Timed from outside as bench/browser.ts times it (navigation start
 * → the frame after the one whose graph view first reports drawn nodes; the whole map the same
 * once the view no longer says `data-rest`), in Debian chromium, the pipeline in its worker.
 *
 * Each load is timed by two clients, alternately: `pipe`, chromium on its own DevTools pipe with
 * a session on the page only (bench/cdp-pipe.ts: what a person's browser does), and
 * `playwright`, as bench/browser.ts and the figures before 2026-12-06 were, whose Network domain
 * on the worker copies every stream event out (the snapshot too) and holds the worker meanwhile.
 *
 * Usage: npm run bench:first -- --dirs BEFORE/.next/standalone,AFTER/.next/standalone
 *                               [--pods 25000] [--rounds 5] [--clients pipe,playwright]
 * (a build's standalone directory: scripts/build-standalone.sh in a worktree of the commit; the
 * default is this checkout's). One warm-up load per build is not counted.
 */
import { chromium, type Page } from '@playwright/test';
import { STANDALONE_DIR, startCluster, type Dashboard } from '../e2e/harness';
import { buildDirs, startBuilds } from './tools/builds';
import { firstAndWholePainted, newPage } from './browser-page';
import { launchPipeBrowser } from './cdp-pipe';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const DIRS = buildDirs(arg('dirs', STANDALONE_DIR));
const PODS = Number(arg('pods', '25000'));
const ROUNDS = Number(arg('rounds', '5'));
const CLIENTS = arg('clients', 'pipe,playwright').split(',') as ('pipe' | 'playwright')[];

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
  const pipe = await launchPipeBrowser();
  const dashboards: Dashboard[] = [];
  const figures = new Map(
    CLIENTS.map((client) => [
      client,
      DIRS.map(() => ({ first: [] as number[], whole: [] as number[] })),
    ]),
  );
  const timed = async (client: 'pipe' | 'playwright', url: string) => {
    if (client === 'pipe') return pipe.timeFirstAndWhole(`${url}/?all=1`);
    const page = await newPage(browser);
    try {
      return await load(page, url);
    } finally {
      await page.close();
    }
  };
  try {
    dashboards.push(...(await startBuilds(DIRS, cluster.kubeconfig)));
    console.log(
      `first picture · large:${PODS} · chromium ${browser.version()} · ${ROUNDS} rounds, builds and clients (${CLIENTS.join(', ')}) alternately`,
    );
    for (let round = -1; round < ROUNDS; round++)
      for (const client of CLIENTS)
        for (let d = 0; d < DIRS.length; d++) {
          const { first, whole } = await timed(client, dashboards[d]!.url);
          if (round < 0) continue;
          figures.get(client)![d]!.first.push(first);
          figures.get(client)![d]!.whole.push(whole);
          console.log(
            `  round ${round + 1} ${client} build ${d + 1}: first graph ${ms(first)}, whole map ${ms(whole)}`,
          );
        }
    for (const client of CLIENTS) {
      const builds = figures.get(client)!;
      const base = builds[0]!;
      for (let d = 0; d < DIRS.length; d++) {
        const f = builds[d]!;
        const ratios =
          d === 0
            ? '(baseline)'
            : `÷ baseline: first ${(median(f.first) / median(base.first)).toFixed(2)}, whole ${(median(f.whole) / median(base.whole)).toFixed(2)}`;
        console.log(
          `${client} build ${d + 1} ${DIRS[d]}: median first graph ${ms(median(f.first))}, whole map ${ms(median(f.whole))} (whole: ${f.whole.map((v) => v.toFixed(0)).join(', ')}) ${ratios}`,
        );
      }
    }
    if (CLIENTS.includes('pipe') && CLIENTS.includes('playwright'))
      for (let d = 0; d < DIRS.length; d++) {
        const [p, w] = [figures.get('pipe')![d]!, figures.get('playwright')![d]!];
        console.log(
          `build ${d + 1}: playwright ÷ pipe: first ${(median(w.first) / median(p.first)).toFixed(2)}, whole ${(median(w.whole) / median(p.whole)).toFixed(2)}; whole − first ${ms(median(w.whole.map((v, i) => v - w.first[i]!)))} against ${ms(median(p.whole.map((v, i) => v - p.first[i]!)))}`,
        );
      }
  } finally {
    for (const dashboard of dashboards) await dashboard.stop();
    await pipe.close();
    await browser.close();
    await cluster.stop();
  }
}

await main();
