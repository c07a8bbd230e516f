/**
 * Time travel for the whole map, in a browser against the embedded cluster (seed scenario:
 * Deployment nginx-deployment behind Service ingress-nginx): break the Service with kubectl
 * (scale to 0), fix it, then open the map at the broken instant — graph, outline and problems
 * show it broken, live updates held — and diff mode lists the change with its manager; a reload
 * keeps the instant, and the Service's panel there names the change that broke it, nothing after;
 * "Back to live" (and Alt+L) returns to the fixed, live map; the snapshot
 * download is the model at that instant with its records. While an instant loads (its answer
 * held back here), nothing live is shown — not in the server's first paint, not on the graph or
 * the outline — only the instant being loaded, both when a link opens it and when the page
 * travels there from live. The time control says what its slider spans, draws markers side by
 * side, and every value it takes — its far left too — is shown, with no 410 on the way; brought
 * back to its far right, "now (live)", the map is live again. A panel at a past instant offers no
 * edit or delete (they act on the live Service), and the toolbar no pause of live updates (they
 * are held already). The same
 * on the page's own thread (no Web Worker), with axe over the banner, the time control and the
 * diff list.
 */
import { readFileSync } from 'node:fs';
import { axeViolations } from './axe';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import type { EmbeddedCluster } from './harness';
import { kubectlOk } from './kubectl';
import { MapPage } from './pages/map-page';

test.use({ scenario: 'seed' });

const HEALTHY = /^Service default\/ingress-nginx, NodePort, 2 of 2 endpoints ready, healthy/;
const BROKEN = /^Service default\/ingress-nginx, NodePort, 0 of 0 endpoints ready, broken/;
/**
 * At the instant it broke its pods were still terminating: their endpoints not ready yet, or
 * still listed ready by slices that had not caught up (a pod being deleted serves nothing).
 */
const BREAKING = /^Service default\/ingress-nginx, NodePort, \d of \d endpoints ready, broken/;

async function readyEndpoints(cluster: EmbeddedCluster): Promise<number> {
  const out = await cluster.kubectl(
    'get',
    'endpoints',
    'ingress-nginx',
    '-o',
    'jsonpath={.subsets[*].addresses[*].ip}',
  );
  return out.stdout.trim().split(/\s+/).filter(Boolean).length;
}

const instant = (ms: number) => new Date(ms).toISOString();

/**
 * Holds back the answers of `GET …/records?at=` (an instant's load) until `release()`; the route
 * stays, letting later loads through at once (unrouting would cut the held one short).
 */
async function holdInstantLoads(page: Page) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const pattern = /\/api\/records\?at=/;
  await page.route(pattern, async (route) => {
    await held;
    await route.continue();
  });
  return { release };
}

/**
 * While an instant loads: it is named, no Service of the live map is drawn or listed, and there
 * is no view to download.
 */
async function expectLoadingNothingLive(page: Page, map: MapPage, at: string) {
  await expect(page.getByTestId('history-banner')).toHaveAttribute('data-mode', 'loading');
  await expect(page.getByTestId('history-label')).toContainText('loading the map at');
  const loading = page.getByTestId('instant-loading');
  await expect(loading).toHaveCount(2); // the graph's place and the outline's
  for (const el of await loading.all()) {
    await expect(el).toHaveText(`Loading the map at ${at.slice(0, 10)} ${at.slice(11, 19)} UTC…`);
  }
  await expect(map.nodesWithPrefix('svc:')).toHaveCount(0);
  await expect(map.treeitem(/./)).toHaveCount(0);
  // No view of that instant yet to download (the live one would be titled with it).
  await expect(page.getByTestId('download-svg')).toHaveAttribute('aria-disabled', 'true');
}

test('travel back to the broken instant, diff it, reload it, download it, return to live', async ({
  page,
  cluster,
}) => {
  test.setTimeout(180_000);
  const map = new MapPage(page);
  // Every answer about the past the page asks for in its normal path is a 200, never a 410.
  const refused: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 410) refused.push(r.url());
  });
  await expect.poll(() => readyEndpoints(cluster), { timeout: 30_000 }).toBe(2);
  await map.open();
  await expect(map.treeitem(HEALTHY)).toBeVisible({ timeout: 30_000 });
  const beforeBreak = Date.now();
  await page.waitForTimeout(1100); // the instants compared lie on either side of the change

  await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=0');
  await expect(map.treeitem(BROKEN)).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(1100);
  const brokenAt = Date.now();
  await page.waitForTimeout(1100);
  await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=2');
  await expect(map.treeitem(HEALTHY)).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(1100);
  const afterFix = Date.now();

  // A link to the broken instant: the server's first paint carries nothing of the live map (a
  // healthy ingress-nginx), which the live page's does.
  const at = instant(brokenAt);
  const firstPaint = async (search: string) => (await page.request.get(`/${search}`)).text();
  expect(await firstPaint('')).toContain('2 of 2 endpoints ready, healthy');
  const linked = await firstPaint(`?at=${encodeURIComponent(at)}`);
  expect(linked).not.toContain('endpoints ready');
  expect(linked).toContain('Loading the map at');
  // While the instant loads: named, and nothing live on the graph or the outline.
  let hold = await holdInstantLoads(page);
  await map.open(`?at=${encodeURIComponent(at)}`);
  await expectLoadingNothingLive(page, map, at);
  hold.release();

  // The map at the broken instant: outline, graph and problems all show it broken.
  const banner = page.getByTestId('history-banner');
  await expect(banner).toHaveAttribute('data-mode', 'shown', { timeout: 30_000 });
  await expect(page.getByTestId('history-label')).toHaveText(
    /^History — \d\d:\d\d:\d\d \(live is \d\d:\d\d\)$/,
  );
  await expect(banner).toContainText('Live updates are held');
  await expect(page.getByTestId('connection-state')).toContainText('History (live updates held)');
  await expect(map.treeitem(BROKEN)).toBeVisible();
  await expect(page.getByTestId('problems-rail')).toContainText('ingress-nginx');
  const svc = page.locator('[data-testid="graph-svg"] g[data-id^="svc:"]', {
    hasText: 'ingress-nginx',
  });
  await expect(svc).toHaveCount(1);
  await expect(svc.locator('title')).toContainText('broken');

  // A reload keeps the instant.
  await page.reload();
  await expect(page).toHaveURL(/\?at=/);
  await expect(banner).toHaveAttribute('data-mode', 'shown', { timeout: 30_000 });
  await expect(map.treeitem(BROKEN)).toBeVisible();

  // Its panel at that instant ends there too: the "Changed:" line and the timeline name the
  // scale to 0, never the scale back to 2 that came after.
  await map.treeitem(BROKEN).click();
  const panel = page.getByTestId('service-panel');
  await expect(panel).toContainText('Changed:', { timeout: 30_000 });
  await expect(panel).toContainText('scaled: replicas 2 → 0');
  await expect(panel).not.toContainText('replicas 0 → 2');
  await page.keyboard.press('Escape');

  // The current view as a standalone SVG.
  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-svg').click(),
  ]);
  const svgText = readFileSync((await svgDownload.path())!, 'utf8');
  expect(svgText).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svgText).toContain('default/ingress-nginx');

  // Back to live by the documented key: the fixed, live map again.
  await page.keyboard.press('Alt+KeyL');
  await expect(banner).toHaveAttribute('data-mode', 'live');
  await expect(page).not.toHaveURL(/at=/);
  await expect(map.treeitem(HEALTHY)).toBeVisible({ timeout: 30_000 });

  // Diff mode across the break: the change, with its manager, listed and marked on the graph.
  await map.open(
    `?from=${encodeURIComponent(instant(beforeBreak))}&to=${encodeURIComponent(instant(brokenAt))}`,
  );
  const row = page.locator('[data-testid="diff-row"][data-service="default/ingress-nginx"]');
  await expect(row).toHaveAttribute('data-verdict', 'broke', { timeout: 30_000 });
  await expect(row).toContainText('2 endpoints removed');
  await expect(row).toContainText('by kubectl');
  await expect(page.locator('[data-testid="graph-svg"] [data-changed^="svc:"]')).toHaveCount(1);
  // And across the fix, it broke and recovered.
  await map.open(
    `?from=${encodeURIComponent(instant(beforeBreak))}&to=${encodeURIComponent(instant(afterFix))}`,
  );
  await expect(row).toHaveAttribute('data-verdict', 'flapped', { timeout: 30_000 });

  // The time control: a marker where it broke; activating it shows that instant.
  await page.getByTestId('time-travel').click();
  const marker = page.getByRole('button', { name: /^default\/ingress-nginx broke at / });
  await expect(marker).toBeVisible({ timeout: 30_000 });
  // History is younger than the slider's 6 h: it says what it spans, and the markers were asked
  // from where history starts (no 410 above). Its markers — broke and recovered seconds apart —
  // sit side by side, each its own target.
  await expect(page.getByTestId('slider-span')).toContainText(
    'Slider spans the history kept, since',
  );
  const spans = (
    await page
      .getByTestId('history-marker')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect()))
  )
    .map((r) => [r.left, r.right] as const)
    .sort((a, b) => a[0] - b[0]);
  expect(spans.length).toBeGreaterThanOrEqual(2);
  for (let i = 1; i < spans.length; i++)
    expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1] - 0.5);
  await marker.click();
  await expect(page).toHaveURL(/\?at=/);
  await expect(banner).toHaveAttribute('data-mode', 'shown', { timeout: 30_000 });
  await expect(map.treeitem(BREAKING)).toBeVisible();
  // The snapshot at the instant shown: the model as JSON, with the records.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-snapshot').click(),
  ]);
  const snapshot = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
    schema: string;
    at: string;
    records: { kind: string; meta: { name: string } }[];
  };
  expect(snapshot.schema).toBe('switchboard.snapshot/v1');
  expect(Date.parse(snapshot.at)).toBe(Date.parse(new URL(page.url()).searchParams.get('at')!));
  expect(
    snapshot.records.some((r) => r.kind === 'Service' && r.meta.name === 'ingress-nginx'),
  ).toBe(true);
  await page.getByTestId('back-to-live').click();
  await expect(banner).toHaveAttribute('data-mode', 'live');

  // Travelling from the live map to an instant in the page: the live map goes as the load
  // starts, not when it ends.
  await expect(map.treeitem(HEALTHY)).toBeVisible({ timeout: 30_000 });
  hold = await holdInstantLoads(page);
  await marker.click();
  await expect(page).toHaveURL(/\?at=/);
  await expectLoadingNothingLive(page, map, new URL(page.url()).searchParams.get('at')!);
  hold.release();
  await expect(banner).toHaveAttribute('data-mode', 'shown', { timeout: 30_000 });
  await expect(map.treeitem(BREAKING)).toBeVisible();

  // The slider's far left is the oldest instant the history holds, and it is shown — not one
  // rounded down to the second before it.
  const markerAt = page.url();
  await page.getByTestId('time-slider').focus();
  await page.keyboard.press('Home');
  await expect(page).not.toHaveURL(markerAt, { timeout: 30_000 });
  await expect(banner).toHaveAttribute('data-mode', 'shown', { timeout: 30_000 });
  // Its far right is what it calls "now (live)": brought back there, the map is live again.
  const slider = page.getByTestId('time-slider');
  await expect(slider).toBeFocused();
  await page.keyboard.press('End');
  await expect(slider).toHaveAttribute('aria-valuetext', 'now (live)');
  await expect(banner).toHaveAttribute('data-mode', 'live', { timeout: 30_000 });
  await expect(page).not.toHaveURL(/[?&]at=/);
  expect(refused).toEqual([]);
});

test('a past instant offers no edit or delete of the live Service, nor a pause of live updates; back to live it does', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open('?focus=default/external-web');
  const panel = map.panel;
  const pause = page
    .getByRole('toolbar', { name: 'Map controls' })
    .getByRole('button', { name: /live updates/ });
  await expect(panel.getByRole('button', { name: 'Edit endpoints' })).toBeVisible();
  await expect(pause).toHaveText('Pause live updates');
  await page.waitForTimeout(1100);
  const past = instant(Date.now());
  await page.waitForTimeout(1100);
  await map.open(`?at=${encodeURIComponent(past)}&focus=default/external-web`);
  const banner = page.getByTestId('history-banner');
  await expect(banner).toHaveAttribute('data-mode', 'shown', { timeout: 30_000 });
  await expect(panel.getByRole('heading', { name: 'Service default/external-web' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Edit endpoints' })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Delete Service…' })).toHaveCount(0);
  // Live updates are already held; the banner's "Back to live" is the control.
  await expect(pause).toHaveCount(0);
  await page.getByTestId('back-to-live').click();
  await expect(banner).toHaveAttribute('data-mode', 'live');
  await expect(panel.getByRole('button', { name: 'Edit endpoints' })).toBeVisible();
  await expect(pause).toHaveText('Pause live updates');
});

test('without a Web Worker the page shows the instant too; the history controls pass axe', async ({
  page,
  cluster,
}) => {
  test.setTimeout(180_000);
  await page.addInitScript('delete window.Worker;');
  const map = new MapPage(page);
  await expect.poll(() => readyEndpoints(cluster), { timeout: 30_000 }).toBe(2);
  await map.open();
  await expect(map.treeitem(HEALTHY)).toBeVisible({ timeout: 30_000 });
  const beforeBreak = Date.now();
  await page.waitForTimeout(1100);
  await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=0');
  await expect(map.treeitem(BROKEN)).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(1100);
  const brokenAt = Date.now();
  await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=2');
  await expect(map.treeitem(HEALTHY)).toBeVisible({ timeout: 30_000 });

  await map.open(`?at=${encodeURIComponent(instant(brokenAt))}`);
  expect(await page.evaluate(() => typeof window.Worker)).toBe('undefined');
  const banner = page.getByTestId('history-banner');
  await expect(banner).toHaveAttribute('data-mode', 'shown', { timeout: 30_000 });
  await expect(map.treeitem(BROKEN)).toBeVisible();
  await page.getByTestId('time-travel').click();
  await expect(page.getByRole('button', { name: /^default\/ingress-nginx broke at / })).toBeVisible(
    {
      timeout: 30_000,
    },
  );
  expect(await axeViolations(page)).toEqual([]);

  await map.open(
    `?from=${encodeURIComponent(instant(beforeBreak))}&to=${encodeURIComponent(instant(brokenAt))}`,
  );
  const row = page.locator('[data-testid="diff-row"][data-service="default/ingress-nginx"]');
  await expect(row).toHaveAttribute('data-verdict', 'broke', { timeout: 30_000 });
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId('back-to-live').click();
  await expect(banner).toHaveAttribute('data-mode', 'live');
  await expect(map.treeitem(HEALTHY)).toBeVisible({ timeout: 30_000 });
});
