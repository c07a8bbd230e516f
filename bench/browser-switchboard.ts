/**
 * The browser benchmark's Switchboard page (bench/browser.ts): first graph (default view and
 * everything drawn), pan frame times, change → frame latency of API writes timed from outside
 * (the write's acknowledgement → the second animation frame after the graph view's
 * `data-node-count` shows the new Service), and the pan and main-thread long tasks while changes
 * stream in (bench/browser-stream.ts).
 *
 * Contract: `benchSwitchboard` opens one page and closes it. With `mainThread` an init script
 * removes `window.Worker` first, so the page runs its pipeline on the main thread (its own
 * fallback where workers are refused): the same pipeline on the page's thread, same build.
 */
import type { Browser } from '@playwright/test';
import type { EmbeddedCluster } from '../e2e/harness';
import { firstAndWholePainted, newPage, scriptedPan } from './browser-page';
import {
  installLongTaskObserver,
  longTasksBetween,
  LONG_TASKS,
  streamWhilePanning,
} from './browser-stream';
import { clusterCall } from './tools/cluster';

export interface SwitchboardOptions {
  changes: number;
  panMs: number;
  streamRate: number;
  streamMs: number;
  mainThread: boolean;
}

export type SwitchboardFigures = Awaited<ReturnType<typeof benchSwitchboard>>;

export async function benchSwitchboard(
  browser: Browser,
  url: string,
  cluster: Pick<EmbeddedCluster, 'url' | 'token' | 'caCertificate'>,
  options: SwitchboardOptions,
) {
  const { changes } = options;
  const page = await newPage(browser);
  // The main-thread variant: the page's own fallback for browsers that refuse workers.
  if (options.mainThread) await page.addInitScript('delete window.Worker;');
  await page.addInitScript(installLongTaskObserver, LONG_TASKS);
  const wait = () => firstAndWholePainted(page);

  // Default view (aggregated, what a user sees first).
  await page.goto(url, { waitUntil: 'commit', timeout: 180_000 });
  const { first: defaultFirst, whole: defaultWhole } = await wait();
  const defaultDrawn = Number(
    await page.locator('[data-node-count]').getAttribute('data-node-count'),
  );
  const defaultDom = await page.evaluate(() => document.getElementsByTagName('*').length);

  // Everything drawn (?all=1): the size the baseline is given.
  await page.goto(`${url}?all=1`, { waitUntil: 'commit', timeout: 180_000 });
  const { first, whole } = await wait();
  // The page's long tasks while the rest of a big map came in (none when it was drawn whole).
  const restTasks = await longTasksBetween(page, first, whole);
  const drawn = Number(await page.locator('[data-node-count]').getAttribute('data-node-count'));
  const renderer = await page.locator('[data-node-count]').getAttribute('data-renderer');
  await page.waitForTimeout(500);
  const pan = await scriptedPan(page, '[role="application"]', options.panMs);

  // Change → frame, observed from outside the app: the write's acknowledgement, then the graph
  // view's node count in the DOM and the frames after it.
  const latencies: number[] = [];
  const fromStart: number[] = [];
  const domToFrame: number[] = [];
  for (let i = 0; i < changes; i++) {
    const name = `bench-latency-${Date.now().toString(36)}-${i}`;
    const seen = page.evaluate(
      ({ selector }) => {
        const now = () => performance.timeOrigin + performance.now();
        const element = document.querySelector(selector)!;
        const count = () => Number(element.getAttribute('data-node-count'));
        const before = count();
        return new Promise<{ dom: number; frame: number }>((resolve) => {
          const observer = new MutationObserver(() => {
            if (count() <= before) return;
            observer.disconnect();
            const dom = now();
            requestAnimationFrame(() =>
              requestAnimationFrame(() => resolve({ dom, frame: now() })),
            );
          });
          observer.observe(element, { attributes: true, attributeFilter: ['data-node-count'] });
        });
      },
      { selector: '[role="application"][data-node-count]' },
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
    domToFrame.push(times.frame - times.dom);
    await page.waitForTimeout(100);
  }

  // Pan while changes stream in; long tasks counted in the same window.
  await page.waitForTimeout(500);
  const stream = await streamWhilePanning(page, cluster, {
    rate: options.streamRate,
    durationMs: options.streamMs,
    selector: '[role="application"]',
  });
  await page.close();
  return {
    defaultFirst,
    defaultWhole,
    defaultDrawn,
    defaultDom,
    first,
    whole,
    restTasks,
    drawn,
    renderer,
    pan,
    latencies,
    fromStart,
    domToFrame,
    stream,
  };
}
