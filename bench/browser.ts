/**
 * Browser benchmark: the built dashboard against the embedded cluster's `large:N` scenarios,
 * driven by Playwright + Debian chromium. It times the page from outside, as a user's browser
 * sees it: the product build carries no benchmark hook.
 *
 * Per size it prints, for Switchboard and, in the same run on the same nodes and edges, the
 * BASELINE a TypeScript developer would write first (a d3-force simulation rendered to SVG,
 * injected into a blank page with d3 from node_modules; bench/browser-baseline.ts):
 *   - time to first graph (navigation start → first frame whose graph view reports drawn nodes,
 *     its `data-node-count` attribute); for the baseline, first painted tick and the time until
 *     the simulation settles (capped);
 *   - frame times while panning (requestAnimationFrame deltas during a scripted drag that goes
 *     through d3-zoom in both pages): median and p95;
 *   - change → frame latency for Switchboard: an API write (POST of a Service, exactly what
 *     `kubectl create` sends; the clock starts at the write's acknowledgement) until the second
 *     animation frame after the page's DOM shows it (the graph view's `data-node-count` grows by
 *     the new Service; the frame after that paints it, so the figure is pessimistic by up to one
 *     frame). Split: ack → SSE message in the page (seen by a listener this benchmark adds to the
 *     page's EventSource with an init script), → DOM updated (the store's frame batch, topology,
 *     view model, layout and React commit), → painted frame;
 *   - while changes stream in (`--stream-rate` writes/s for `--stream-ms`: Services created and
 *     deleted again; bench/browser-stream.ts): pan frame times, and the page's main-thread long
 *     tasks (> 50 ms, PerformanceObserver 'longtask' installed by an init script) per minute.
 * Ratios are baseline / Switchboard. Numbers depend on the machine (software rendering on a
 * shared host is slow); nothing here asserts a budget.
 *
 * Usage: npm run bench:browser [-- --sizes 500,5000,25000 --changes 20 --baseline-cap-ms 60000
 *                                   --stream-rate 20 --stream-ms 10000]
 *        npm run bench:browser -- --quick   (large:500, 5 changes, 1 s pan: a smoke run)
 *        npm run bench:browser -- --help
 * (pods in `large:N`; drawn nodes ≈ 2 × pods). Requires `npm run build` (the standalone server).
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { startCluster, startDashboard, type EmbeddedCluster } from '../e2e/harness';
import { benchBaseline, type GraphJson } from './browser-baseline';
import { newPage, scriptedPan, VIEWPORT } from './browser-page';
import { installLongTaskObserver, LONG_TASKS, streamWhilePanning } from './browser-stream';
import { clusterCall } from './tools/cluster';

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

/** The page global this benchmark's init script creates (never the app's). */
const SSE_PROBE = '__benchSseProbe';

interface SseProbe {
  /** Starts watching for the first stream message that mentions `name`. */
  watch(name: string): void;
  /** Wall-clock ms (timeOrigin + now) when that message arrived; NaN until then. */
  arrivedAt(): number;
}

/**
 * Runs in the page before its own scripts: wraps EventSource so every instance also reports
 * when a record-carrying message mentioning the watched name arrives. The app's listeners are
 * untouched; this one is registered first, so it sees the message first.
 */
function installSseProbe(globalName: string) {
  let watched = '';
  let arrived = NaN;
  const probe: SseProbe = {
    watch(name) {
      watched = name;
      arrived = NaN;
    },
    arrivedAt: () => arrived,
  };
  (window as unknown as Record<string, SseProbe>)[globalName] = probe;
  const Native = window.EventSource;
  class ProbedEventSource extends Native {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      for (const type of ['snapshot', 'delta', 'upsert']) {
        this.addEventListener(type, (message) => {
          const data = (message as MessageEvent<string>).data;
          if (watched && Number.isNaN(arrived) && data.includes(watched))
            arrived = performance.timeOrigin + performance.now();
        });
      }
    }
  }
  window.EventSource = ProbedEventSource;
}

async function benchSwitchboard(
  browser: Browser,
  url: string,
  cluster: Pick<EmbeddedCluster, 'url' | 'token' | 'caCertificate'>,
  changes: number,
) {
  const page = await newPage(browser);
  await page.addInitScript(installSseProbe, SSE_PROBE);
  await page.addInitScript(installLongTaskObserver, LONG_TASKS);
  const wait = async () =>
    page.waitForFunction(
      () => {
        const el = document.querySelector('[data-node-count]');
        return el && Number(el.getAttribute('data-node-count')) > 0 ? performance.now() : false;
      },
      null,
      { polling: 'raf', timeout: 180_000 },
    );

  // Default view (aggregated, what a user sees first).
  await page.goto(url, { waitUntil: 'commit' });
  const defaultFirst = (await (await wait()).jsonValue()) as number;
  const defaultDrawn = Number(
    await page.locator('[data-node-count]').getAttribute('data-node-count'),
  );
  const defaultDom = await page.evaluate(() => document.getElementsByTagName('*').length);

  // Everything drawn (?all=1): the size the baseline is given.
  await page.goto(`${url}?all=1`, { waitUntil: 'commit' });
  const first = (await (await wait()).jsonValue()) as number;
  const drawn = Number(await page.locator('[data-node-count]').getAttribute('data-node-count'));
  const renderer = await page.locator('[data-node-count]').getAttribute('data-renderer');
  await page.waitForTimeout(500);
  const pan = await scriptedPan(page, '[role="application"]', PAN_MS);

  // Change → frame, observed from outside the app: an SSE listener the init script added, and
  // the graph view's node count in the DOM.
  const latencies: number[] = [];
  const fromStart: number[] = [];
  const toArrival: number[] = [];
  const arrivalToDom: number[] = [];
  const domToFrame: number[] = [];
  for (let i = 0; i < changes; i++) {
    const name = `bench-latency-${Date.now().toString(36)}-${i}`;
    const seen = page.evaluate(
      ({ name, counter, selector }) => {
        const now = () => performance.timeOrigin + performance.now();
        const probe = (window as unknown as Record<string, SseProbe>)[counter]!;
        const element = document.querySelector(selector)!;
        const count = () => Number(element.getAttribute('data-node-count'));
        const before = count();
        probe.watch(name);
        return new Promise<{ arrived: number; dom: number; frame: number }>((resolve) => {
          const observer = new MutationObserver(() => {
            if (count() <= before) return;
            observer.disconnect();
            const dom = now();
            requestAnimationFrame(() =>
              requestAnimationFrame(() =>
                resolve({ arrived: probe.arrivedAt(), dom, frame: now() }),
              ),
            );
          });
          observer.observe(element, { attributes: true, attributeFilter: ['data-node-count'] });
        });
      },
      { name, counter: SSE_PROBE, selector: '[role="application"][data-node-count]' },
    );
    await page.waitForTimeout(50);
    const t0 = Date.now();
    const res = await clusterCall(cluster, 'POST', '/api/v1/namespaces/default/services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
    });
    const tAck = Date.now();
    if (res.status >= 300) throw new Error(`create ${name}: ${res.status} ${res.text}`);
    const times = await seen;
    latencies.push(times.frame - tAck);
    fromStart.push(times.frame - t0);
    toArrival.push(times.arrived - tAck);
    arrivalToDom.push(times.dom - times.arrived);
    domToFrame.push(times.frame - times.dom);
    await page.waitForTimeout(100);
  }

  // Pan while changes stream in; long tasks counted in the same window.
  await page.waitForTimeout(500);
  const stream = await streamWhilePanning(page, cluster, {
    rate: STREAM_RATE,
    durationMs: STREAM_MS,
    selector: '[role="application"]',
  });
  await page.close();
  return {
    defaultFirst,
    defaultDrawn,
    defaultDom,
    first,
    drawn,
    renderer,
    pan,
    latencies,
    fromStart,
    toArrival,
    arrivalToDom,
    domToFrame,
    stream,
  };
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
    for (const pods of SIZES) {
      const scenario = `large:${pods}`;
      const tCluster = Date.now();
      const cluster = await startCluster(scenario);
      const clusterMs = Date.now() - tCluster;
      const dashboard = await startDashboard(cluster.kubeconfig);
      try {
        const graph = (await (await fetch(`${dashboard.url}/api/graph`)).json()) as GraphJson;
        const ours = await benchSwitchboard(browser, `${dashboard.url}/`, cluster, CHANGES);
        const base = await benchBaseline(browser, graph, {
          panMs: PAN_MS,
          settleCapMs: BASELINE_SETTLE_CAP_MS,
        });
        const oursP95 = quantile(ours.pan, 0.95);
        const baseP95 = quantile(base.pan, 0.95);
        const lines = [
          `\n== ${scenario} (cluster up in ${(clusterMs / 1000).toFixed(1)} s) — ${ours.drawn.toLocaleString('en-US')} nodes drawn with ?all=1 (${ours.renderer}); baseline ${base.nodes.toLocaleString('en-US')} nodes / ${base.links.toLocaleString('en-US')} links`,
          `  default view (aggregated): first graph ${ms(ours.defaultFirst)}, ${ours.defaultDrawn.toLocaleString('en-US')} nodes drawn, ${ours.defaultDom.toLocaleString('en-US')} DOM elements`,
          `  time to first graph     switchboard ${ms(ours.first)} | baseline first tick painted ${ms(base.firstPaint)}, settled ${Number.isFinite(base.settled) ? ms(base.settled) : `> ${BASELINE_SETTLE_CAP_MS} ms (capped, ${base.ticks} ticks)`} | ratio (settled/first) ${Number.isFinite(base.settled) ? ratio(base.settled, ours.first) : `> ${ratio(BASELINE_SETTLE_CAP_MS, ours.first)}`}`,
          `  pan frame time          switchboard median ${ms(quantile(ours.pan, 0.5))} p95 ${ms(oursP95)} (${ours.pan.length} frames) | baseline median ${ms(quantile(base.pan, 0.5))} p95 ${ms(baseP95)} (${base.pan.length} frames) | p95 ratio ${ratio(baseP95, oursP95)}`,
          `  change → frame (n=${ours.latencies.length}) from write ack: p50 ${ms(quantile(ours.latencies, 0.5))} p95 ${ms(quantile(ours.latencies, 0.95))} max ${ms(Math.max(...ours.latencies))}; from write start: p50 ${ms(quantile(ours.fromStart, 0.5))}; split p50: ack → SSE in page ${ms(quantile(ours.toArrival, 0.5))}, → DOM updated ${ms(quantile(ours.arrivalToDom, 0.5))}, → painted frame ${ms(quantile(ours.domToFrame, 0.5))} | baseline: not measured (a d3-force page has no live feed; the anchor is the Dashboard's 5 s polling, mean 2.5 s)`,
        ];
        const st = ours.stream;
        const perMinute = st.longTasks
          ? ((st.longTasks.count * 60_000) / st.windowMs).toFixed(1)
          : 'n/a';
        lines.push(
          `  while streaming         ${STREAM_RATE} changes/s for ${(st.windowMs / 1000).toFixed(1)} s (${st.written}/${st.attempted} writes acknowledged): pan median ${ms(quantile(st.pan, 0.5))} p95 ${ms(quantile(st.pan, 0.95))} (${st.pan.length} frames); main-thread long tasks ${st.longTasks ? `${st.longTasks.count} (${perMinute}/min, longest ${ms(st.longTasks.maxMs)})` : 'n/a (no longtask entries in this browser)'}`,
        );
        for (const line of lines) console.log(line);
        rows.push(
          `${scenario}\t${ours.drawn}\t${ms(ours.first)}\t${ms(base.firstPaint)}/${ms(base.settled)}\t${ms(oursP95)}\t${ms(baseP95)}\t${ratio(baseP95, oursP95)}\t${ms(quantile(ours.latencies, 0.5))}\t${ms(quantile(st.pan, 0.95))}\t${perMinute}`,
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
    '\nsummary (scenario, nodes, first graph, baseline first paint/settled, pan p95, baseline pan p95, p95 ratio, change→frame p50, pan p95 while streaming, long tasks/min while streaming)',
  );
  for (const row of rows) console.log(row);
}

await main();
