/**
 * Browser benchmark: the built dashboard against the embedded cluster's `large:N` scenarios,
 * driven by Playwright + Debian chromium. It times the page from outside, as a user's browser
 * sees it: the product build carries no benchmark hook.
 *
 * Per size it prints, for Switchboard (bench/browser-switchboard.ts) twice — its pipeline in a
 * Web Worker (as shipped) and on the main thread (the same build with `window.Worker` removed by
 * an init script: the page's own fallback, the same pipeline on the main thread) — and,
 * in the same run on the same nodes and edges, the BASELINE a TypeScript developer would write
 * first (a d3-force simulation rendered to SVG, injected into a blank page with d3 from
 * node_modules; bench/browser-baseline.ts):
 *   - time to first graph (navigation start → the frame after the first one whose graph view
 *     reports drawn nodes, its `data-node-count` attribute: the one that has painted them), and
 *     to the whole map (the same, once the graph view no longer says `data-rest`: a big map's top
 *     comes first, lib/worker/first-screen.ts), with the page's long tasks in between; for the
 *     baseline, first painted tick and the
 *     time until the simulation settles (capped); the worker's first graph and whole map once
 *     more in a chromium that no DevTools session watches the worker in (bench/cdp-pipe.ts):
 *     Playwright's Network domain there copies each stream event out, the snapshot too, and
 *     holds the worker while it does, which a person's browser never does;
 *   - frame times while panning (requestAnimationFrame deltas during a scripted drag that goes
 *     through d3-zoom in both pages): median and p95;
 *   - change → frame latency for Switchboard: an API write (POST of a Service, exactly what
 *     `kubectl create` sends; the clock starts at the write's acknowledgement) until the second
 *     animation frame after the page's DOM shows it (the graph view's `data-node-count` grows by
 *     the new Service; the frame after that paints it, so the figure is pessimistic by up to one
 *     frame). Split: → DOM updated, → painted frame. (The stream is read inside the worker now, so
 *     the moment its message arrives is no longer observable from the page: no split at it.)
 *   - while changes stream in (`--stream-rate` writes/s for `--stream-ms`: Services created and
 *     deleted again; bench/browser-stream.ts): pan frame times, and the page's main-thread long
 *     tasks (> 50 ms, PerformanceObserver 'longtask' installed by an init script) per minute.
 * Ratios are baseline / Switchboard, and main thread / worker. Numbers depend on the machine (software rendering on a
 * shared host is slow); nothing here asserts a budget.
 *
 * Usage: npm run bench:browser [-- --sizes 500,5000,25000 --changes 20 --baseline-cap-ms 60000
 *                                   --stream-rate 20 --stream-ms 10000]
 *        npm run bench:browser -- --quick   (large:500, 5 changes, 1 s pan: a smoke run)
 *        npm run bench:browser -- --help
 * (pods in `large:N`; drawn nodes ≈ 2 × pods). Requires `npm run build` (the standalone server).
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startCluster, startDashboard } from '../e2e/harness';
import { benchBaseline, type GraphJson } from './browser-baseline';
import { blankPagePan, VIEWPORT } from './browser-page';
import { benchSwitchboard, type SwitchboardFigures } from './browser-switchboard';
import { launchPipeBrowser } from './cdp-pipe';
import { LATE_FRAME_MS, lateFrames } from './tools/stats';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  const header = readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0] ?? '';
  console.log(header.replace(/^\/\*\*\n?/, '').replace(/^ \* ?/gm, ''));
  process.exit(0);
}
const QUICK = args.includes('--quick');
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const SIZES = arg('sizes', QUICK ? '500' : '500,5000,25000')
  .split(',')
  .map(Number);
const CHANGES = Number(arg('changes', QUICK ? '5' : '20'));
const PAN_MS = QUICK ? 1000 : 3000;
const BASELINE_SETTLE_CAP_MS = Number(arg('baseline-cap-ms', QUICK ? '10000' : '60000'));
const STREAM_RATE = Number(arg('stream-rate', '20'));
const STREAM_MS = Number(arg('stream-ms', QUICK ? '3000' : '10000'));

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const ratio = (base: number, ours: number) =>
  Number.isFinite(base) && Number.isFinite(ours) && ours > 0
    ? `${(base / ours).toFixed(1)}×`
    : 'n/a';

const perMinute = (f: SwitchboardFigures) =>
  f.stream.longTasks ? ((f.stream.longTasks.count * 60_000) / f.stream.windowMs).toFixed(1) : 'n/a';

function describe(label: string, f: SwitchboardFigures): string[] {
  const st = f.stream;
  return [
    `  [${label}] default view (aggregated): first graph ${ms(f.defaultFirst)} (whole map ${ms(f.defaultWhole)}), ${f.defaultDrawn.toLocaleString('en-US')} nodes drawn, ${f.defaultDom.toLocaleString('en-US')} DOM elements`,
    `  [${label}] first graph (?all=1) ${ms(f.first)} (whole map ${ms(f.whole)}; main-thread long tasks in between ${f.restTasks ? `${f.restTasks.count}, longest ${ms(f.restTasks.maxMs)}` : 'n/a'}); pan median ${ms(quantile(f.pan, 0.5))} p95 ${ms(quantile(f.pan, 0.95))} (${f.pan.length} frames, ${lateFrames(f.pan)} over ${LATE_FRAME_MS} ms)`,
    `  [${label}] change → frame (n=${f.latencies.length}) from write ack: p50 ${ms(quantile(f.latencies, 0.5))} p95 ${ms(quantile(f.latencies, 0.95))} max ${ms(Math.max(...f.latencies))} (write ${f.latencies.indexOf(Math.max(...f.latencies)) + 1}); from write start p50 ${ms(quantile(f.fromStart, 0.5))}; DOM updated → painted frame p50 ${ms(quantile(f.domToFrame, 0.5))}`,
    `  [${label}] while streaming ${STREAM_RATE} changes/s for ${(st.windowMs / 1000).toFixed(1)} s (${st.written}/${st.attempted} writes acknowledged${st.refused.length ? `; not: ${st.refused.join(', ')}` : ''}): pan median ${ms(quantile(st.pan, 0.5))} p95 ${ms(quantile(st.pan, 0.95))} (${st.pan.length} frames, ${lateFrames(st.pan)} over ${LATE_FRAME_MS} ms); main-thread long tasks ${st.longTasks ? `${st.longTasks.count} (${perMinute(f)}/min, longest ${ms(st.longTasks.maxMs)})` : 'n/a (no longtask entries in this browser)'}`,
  ];
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  console.log(
    `browser benchmark · chromium ${browser.version()} · viewport ${VIEWPORT.width}×${VIEWPORT.height} · pan ${PAN_MS} ms`,
  );
  const rows: string[] = [];
  try {
    const floor = await blankPagePan(browser, PAN_MS);
    console.log(
      `frame-time floor, the same drag on a blank page: median ${ms(quantile(floor, 0.5))} p95 ${ms(quantile(floor, 0.95))} (${floor.length} frames, ${lateFrames(floor)} over ${LATE_FRAME_MS} ms)`,
    );
    for (const pods of SIZES) {
      const scenario = `large:${pods}`;
      const tCluster = Date.now();
      const cluster = await startCluster(scenario);
      const clusterMs = Date.now() - tCluster;
      const dashboard = await startDashboard(cluster.kubeconfig);
      try {
        const graph = (await (await fetch(`${dashboard.url}/api/graph`)).json()) as GraphJson;
        const options = {
          changes: CHANGES,
          panMs: PAN_MS,
          streamRate: STREAM_RATE,
          streamMs: STREAM_MS,
        };
        const ours = await benchSwitchboard(browser, `${dashboard.url}/`, cluster, {
          ...options,
          mainThread: false,
        });
        const main = await benchSwitchboard(browser, `${dashboard.url}/`, cluster, {
          ...options,
          mainThread: true,
        });
        // The same load without Playwright's DevTools session on the map's worker (cdp-pipe.ts).
        const pipe = await launchPipeBrowser();
        const plain = await pipe
          .timeFirstAndWhole(`${dashboard.url}/?all=1`)
          .finally(() => pipe.close());
        const base = await benchBaseline(browser, graph, {
          panMs: PAN_MS,
          settleCapMs: BASELINE_SETTLE_CAP_MS,
        });
        const oursP95 = quantile(ours.pan, 0.95);
        const baseP95 = quantile(base.pan, 0.95);
        const settled = Number.isFinite(base.settled)
          ? ms(base.settled)
          : `> ${BASELINE_SETTLE_CAP_MS} ms (capped, ${base.ticks} ticks)`;
        console.log(
          `\n== ${scenario} (cluster up in ${(clusterMs / 1000).toFixed(1)} s) — ${ours.drawn.toLocaleString('en-US')} nodes drawn with ?all=1 (${ours.renderer}); baseline ${base.nodes.toLocaleString('en-US')} nodes / ${base.links.toLocaleString('en-US')} links`,
        );
        for (const [label, f] of [
          ['worker', ours],
          ['main thread', main],
        ] as const)
          for (const line of describe(label, f)) console.log(line);
        console.log(
          `  [worker, no DevTools on the worker] first graph (?all=1) ${ms(plain.first)} (whole map ${ms(plain.whole)}) | Playwright's ÷ this: first ${ratio(ours.first, plain.first)}, whole ${ratio(ours.whole, plain.whole)}`,
        );
        console.log(
          `  main thread ÷ worker: first graph ${ratio(main.first, ours.first)}, change → frame p95 ${ratio(quantile(main.latencies, 0.95), quantile(ours.latencies, 0.95))}, pan p95 while streaming ${ratio(quantile(main.stream.pan, 0.95), quantile(ours.stream.pan, 0.95))}, long tasks while streaming ${main.stream.longTasks?.count ?? 'n/a'} vs ${ours.stream.longTasks?.count ?? 'n/a'}`,
        );
        console.log(
          `  baseline (d3-force SVG): first tick painted ${ms(base.firstPaint)}, settled ${settled} | ratio (settled/first, worker) ${Number.isFinite(base.settled) ? ratio(base.settled, ours.first) : `> ${ratio(BASELINE_SETTLE_CAP_MS, ours.first)}`}; pan median ${ms(quantile(base.pan, 0.5))} p95 ${ms(baseP95)} (${base.pan.length} frames) | p95 ratio ${ratio(baseP95, oursP95)}; change → frame not measured (a d3-force page has no live feed; the anchor is the Dashboard's 5 s polling, mean 2.5 s)`,
        );
        rows.push(
          [
            scenario,
            ours.drawn,
            `${ms(ours.first)} (${ms(ours.whole)}) / ${ms(main.first)} (${ms(main.whole)}) / ${ms(plain.first)} (${ms(plain.whole)})`,
            `${ms(base.firstPaint)} / ${ms(base.settled)}`,
            `${ms(oursP95)} / ${ms(quantile(main.pan, 0.95))} / ${ms(baseP95)}`,
            `${ms(quantile(ours.latencies, 0.5))} / ${ms(quantile(ours.latencies, 0.95))}`,
            `${ms(quantile(main.latencies, 0.5))} / ${ms(quantile(main.latencies, 0.95))}`,
            `${ms(quantile(ours.stream.pan, 0.95))} / ${ms(quantile(main.stream.pan, 0.95))}`,
            `${perMinute(ours)} / ${perMinute(main)}`,
          ].join('\t'),
        );
      } finally {
        await dashboard.stop();
        await cluster.stop();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(
    '\nsummary (scenario, nodes, first graph (whole map) worker/main/worker without DevTools, baseline first paint/settled, pan p95 worker/main/baseline, change→frame p50/p95 worker, same main thread, pan p95 while streaming worker/main, long tasks/min while streaming worker/main)',
  );
  for (const row of rows) console.log(row);
}

await main();
