/**
 * The screen for the first minute of an incident, end to end on the demo scenario: the problems
 * rail (order, since — from the stored history where it knows — counts per namespace), health that agrees everywhere (`shop/checkout`'s
 * endpoints have no port: never green), near-miss ghosts, the focus view at 1400×900 and
 * 1024×700 (a tall chain clear of the zoom buttons), the stale graph while the cluster is down,
 * the phone layout, and axe in both themes.
 */
import type { Page } from '@playwright/test';
import type { ChangesResponse } from '../lib/api/history';
import { axeViolations } from './axe';
import { test, expect } from './fixtures';
import type { EmbeddedCluster } from './harness';
import { MapPage } from './pages/map-page';

test.use({ scenario: 'demo' });

const WIDE = { width: 1400, height: 900 };

function rail(page: Page) {
  return page.getByRole('region', { name: /^Problems \(/ });
}

function railRows(page: Page) {
  return rail(page)
    .getByRole('list', { name: 'Services with problems, broken first, newest first' })
    .getByRole('button');
}

/** Points shop/frontend's selector at no pod: it routes nowhere. */
async function breakFrontend(cluster: EmbeddedCluster) {
  const patch = await cluster.kubectl(
    'patch',
    'service',
    'frontend',
    '-n',
    'shop',
    '-p',
    '{"spec":{"selector":{"app":"frontend-gone"}}}',
  );
  expect(patch.code, patch.stderr).toBe(0);
}

/** The drawn boxes of the focused chain (undimmed graph nodes), in page px. */
async function chainBoxes(page: Page) {
  return page.locator('[data-testid="graph-svg"] g[data-id][opacity="1"]').evaluateAll((els) =>
    els.map((el) => {
      const shape = el.querySelector('rect:not([fill="none"]), polygon');
      const r = (shape ?? el).getBoundingClientRect();
      return {
        id: el.getAttribute('data-id') ?? '',
        left: r.left,
        right: r.right,
        top: r.top,
        bottom: r.bottom,
        width: r.width,
      };
    }),
  );
}

test('problems rail: broken before degraded, newest first, since when, counts per namespace', async ({
  page,
  cluster,
}) => {
  await page.setViewportSize(WIDE);
  const map = new MapPage(page);
  await map.open();
  await expect(rail(page)).toBeVisible();
  // The toolbar's dropdown is for narrow screens only.
  await expect(page.getByRole('button', { name: /^✕ Problems \(|^Problems \(/ })).toBeHidden();
  await expect(railRows(page).first()).toBeVisible();
  const healths = await railRows(page).evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-health')),
  );
  const firstOther = healths.findIndex((h) => h !== 'broken');
  if (firstOther >= 0) expect(healths.slice(firstOther)).not.toContain('broken');
  await expect(
    rail(page).getByRole('list', { name: 'Problems per namespace' }).getByText('shop'),
  ).toBeVisible();
  // static-assets was broken before the page opened: "since before" the first observation.
  await expect(map.connection).toHaveAttribute('data-state', 'live');
  const typo = railRows(page).filter({ hasText: 'shop/static-assets' });
  await expect(typo.locator('time')).toHaveAttribute('data-since-basis', 'first-seen');
  await expect(typo.locator('time')).toHaveText(/^since before \d\d:\d\d:\d\d$/);

  await breakFrontend(cluster);
  const row = railRows(page).filter({ hasText: 'shop/frontend' });
  await expect(row).toHaveAttribute('data-health', 'broken');
  await expect(row.locator('time')).toHaveAttribute('data-since-basis', 'changed');
  await expect(row.locator('time')).toHaveText(/^since \d\d:\d\d:\d\d$/);
  // Newest first among the broken ones.
  await expect(railRows(page).first()).toHaveAttribute('data-service', 'shop/frontend');
  // A row opens the Service's panel.
  await row.click();
  await expect(map.panel).toContainText('Service shop/frontend');
});

test('a Service that broke before the page opened says when the stored history saw it break, in rail and menu', async ({
  page,
  cluster,
}) => {
  await page.setViewportSize(WIDE);
  await breakFrontend(cluster);
  // What the comparison view would say: "shop/frontend broke at …".
  let brokeAt = '';
  await expect
    .poll(async () => {
      const from = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
      const response = await page.request.get(`/api/changes?from=${from}&clamp=1`);
      const { transitions } = (await response.json()) as ChangesResponse;
      const last = transitions.findLast((t) => t.namespace === 'shop' && t.name === 'frontend');
      brokeAt = last?.to === 'broken' ? last.at : '';
      return brokeAt;
    })
    .not.toBe('');

  const map = new MapPage(page);
  await map.open();
  await expect(map.connection).toHaveAttribute('data-state', 'live');
  const since = railRows(page).filter({ hasText: 'shop/frontend' }).locator('time');
  await expect(since).toHaveAttribute('data-since-basis', 'recorded');
  await expect(since).toHaveAttribute('datetime', brokeAt);
  await expect(since).toHaveText(/^since \d\d:\d\d:\d\d$/);
  // static-assets was broken before the history began: nothing knows better than "since before".
  const typo = railRows(page).filter({ hasText: 'shop/static-assets' }).locator('time');
  await expect(typo).toHaveAttribute('data-since-basis', 'first-seen');
  await expect(typo).toHaveText(/^since before \d\d:\d\d:\d\d$/);

  // The toolbar's menu on a narrower screen is the same list, saying the same.
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByRole('button', { name: /Problems \(/ }).click();
  const menu = page
    .locator('#problems-list')
    .getByRole('list', { name: 'Services with problems, broken first, newest first' });
  const menuSince = menu.getByRole('button').filter({ hasText: 'shop/frontend' }).locator('time');
  await expect(menuSince).toHaveAttribute('data-since-basis', 'recorded');
  await expect(menuSince).toHaveAttribute('datetime', brokeAt);
  await menu.getByRole('button').filter({ hasText: 'shop/frontend' }).click();
  await expect(page.locator('#problems-list')).toBeHidden();
  await expect(map.panel).toContainText('Service shop/frontend');
});

test('shop/checkout: endpoints with no port are "no port, not serving" in outline, graph and panel', async ({
  page,
}) => {
  await page.setViewportSize(WIDE);
  const map = new MapPage(page);
  await map.open('?focus=shop/checkout');
  await expect(map.panel).toContainText('Service shop/checkout');
  await expect(map.panel).toContainText(/with no port \(not serving\)/);
  const items = map.tree.getByRole('treeitem', {
    name: /^Endpoint 10\.[0-9.]+, no port, not serving/,
  });
  await expect(items.first()).toBeVisible();
  const rows = map.panel.getByTestId('endpoint-table').locator('tbody tr');
  await expect(rows.first()).toHaveAttribute('data-condition', 'no-port');
  expect(
    await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-condition'))),
  ).not.toContain('ready');
  const epNodes = page.locator('[data-testid="graph-svg"] g[data-kind="endpoint"][opacity="1"]');
  await expect(epNodes.first()).toBeVisible();
  expect(
    await epNodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-condition'))),
  ).toEqual(expect.arrayContaining(['no-port']));
  const svc = await page
    .locator('[data-testid="graph-svg"] g[data-kind="service"][opacity="1"]')
    .getAttribute('data-id');
  const edges = page.locator(`[data-testid="graph-svg"] path[data-id^="${svc}->ep:"]`);
  expect(await edges.count()).toBeGreaterThan(0);
  expect(
    await edges.evaluateAll((els) => els.map((e) => e.getAttribute('data-condition'))),
  ).not.toContain('ready');
});

test('selector typo: near-miss pods are ghosts with the differing label, listed in the outline', async ({
  page,
}) => {
  await page.setViewportSize(WIDE);
  const map = new MapPage(page);
  await map.open('?focus=shop/static-assets');
  await expect(map.panel).toContainText('Service shop/static-assets');
  const ghosts = page.locator('[data-testid="graph-svg"] g[data-kind="ghost"]');
  await expect(ghosts.first()).toBeVisible();
  await expect(page.locator('[data-testid="graph-svg"] text[data-edge-label]').first()).toHaveText(
    'app: nginx ≠ ngnix',
  );
  await expect(
    map.tree
      .getByRole('treeitem', {
        name: /^Near-miss Pod shop\/.+, not selected by the Service: app: nginx ≠ ngnix$/,
      })
      .first(),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Legend' })).toContainText('near-miss pod (ghost)');
});

for (const size of [WIDE, { width: 1024, height: 700 }]) {
  test(`focus view at ${size.width}×${size.height}: the chain at ≥ 85 % beside the panel and the zoom buttons; Escape restores the view`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    const map = new MapPage(page);
    await map.open();
    const viewport = page.locator('[data-testid="graph-svg"] > g');
    // The server renders the identity transform and the client fits the map once hydrated (on a
    // loaded machine, seconds later): the view to give back is the fitted one the user sees.
    await expect(viewport).toHaveAttribute('transform', /scale/);
    await expect(viewport).not.toHaveAttribute('transform', 'translate(0,0) scale(1)');
    const before = await viewport.getAttribute('transform');

    if (size.width >= 1200)
      await rail(page).getByRole('button').filter({ hasText: 'shop/cart' }).click();
    else {
      await page.getByRole('button', { name: /Problems \(/ }).click();
      await page.getByRole('button').filter({ hasText: 'shop/cart' }).first().click();
    }
    await expect(map.panel).toContainText('Service shop/cart');
    await expect(page.locator('[role="application"][data-focus]')).toBeVisible();
    const graph = await page.getByRole('region', { name: 'Graph' }).boundingBox();
    const panel = await map.panel.boundingBox();
    const boxes = await chainBoxes(page);
    expect(boxes.length).toBeGreaterThan(2);
    for (const box of boxes) {
      expect(box.width, box.id).toBeGreaterThanOrEqual(0.85 * 260 - 1);
      expect(box.left, box.id).toBeGreaterThanOrEqual(graph!.x - 1);
      expect(box.right, box.id).toBeLessThanOrEqual(panel!.x + 1);
    }

    await page.keyboard.press('Escape');
    await expect(map.panel).toBeHidden();
    await expect(viewport).toHaveAttribute('transform', before!);
  });
}

test('focus view of a tall chain at 1024×700: no node of it lies under the zoom buttons', async ({
  page,
  cluster,
}) => {
  // cart with 12 pods: its chain (Service, workload, a row per pod) is taller than the graph.
  const scaled = await cluster.kubectl(
    'scale',
    'deployment',
    'cart',
    '-n',
    'shop',
    '--replicas=12',
  );
  expect(scaled.code, scaled.stderr).toBe(0);
  await page.setViewportSize({ width: 1024, height: 700 });
  const map = new MapPage(page);
  await map.open('?focus=shop/cart');
  await expect(map.panel).toContainText('Service shop/cart');
  await expect(page.locator('[role="application"][data-focus]')).toBeVisible();
  await expect
    .poll(async () => (await chainBoxes(page)).filter((b) => b.id.startsWith('pod:')).length, {
      timeout: 60_000,
    })
    .toBeGreaterThanOrEqual(12);
  const zoom = (await page.getByRole('group', { name: 'Zoom' }).boundingBox())!;
  const boxes = await chainBoxes(page);
  // Tall: the chain reaches down past the top of the zoom buttons, so the check below matters.
  expect(Math.max(...boxes.map((b) => b.bottom))).toBeGreaterThan(zoom.y);
  const under = boxes.filter(
    (b) =>
      b.left < zoom.x + zoom.width &&
      b.right > zoom.x &&
      b.top < zoom.y + zoom.height &&
      b.bottom > zoom.y,
  );
  expect(under.map((b) => b.id)).toEqual([]);
  for (const box of boxes) expect(box.width, box.id).toBeGreaterThanOrEqual(0.85 * 260 - 1);
});

test('800×600 with a Service panel open: the legend stays a few lines and the graph keeps its height', async ({
  page,
}) => {
  await page.setViewportSize({ width: 800, height: 600 });
  const map = new MapPage(page);
  await map.open('?focus=shop/checkout');
  await expect(map.panel).toBeVisible();
  const graph = (await page.getByRole('application', { name: /Service map/ }).boundingBox())!;
  const legend = page.getByRole('region', { name: 'Legend' });
  const key = (await legend.boundingBox())!;
  // The key wrapped to a dozen lines beside the panel and left the graph 43 px high.
  expect(key.height).toBeLessThan(90);
  expect(graph.height).toBeGreaterThan(150);
  // What does not fit is scrolled to, by keyboard too.
  await legend.focus();
  await expect(legend).toBeFocused();
  await page.keyboard.press('End');
  await expect(legend.getByText('near-miss pod (ghost)')).toBeInViewport();
  expect(await axeViolations(page)).toEqual([]);
});

test('stale: the graph greys out with "stale since" and hides health marks until data is fresh', async ({
  page,
  cluster,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize(WIDE);
  const map = new MapPage(page);
  await map.open();
  const app = page.locator('[role="application"]');
  await expect(map.connection).toHaveAttribute('data-state', 'live');
  await expect(app).not.toHaveAttribute('data-stale', 'true');

  await cluster.stop();
  await expect(app).toHaveAttribute('data-stale', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('graph-stale')).toContainText(/^Stale since \d\d:\d\d:\d\d/);
  const glyphs = await page
    .locator('[data-testid="graph-svg"] g[data-id] > text[text-anchor="middle"]')
    .allTextContents();
  expect(glyphs.filter((g) => g.trim() !== '')).toEqual([]);

  await cluster.start();
  await expect(map.connection).toHaveAttribute('data-state', 'live', { timeout: 90_000 });
  await expect(app).not.toHaveAttribute('data-stale', 'true');
  await expect(page.getByTestId('graph-stale')).toBeHidden();
});

test('phone 390×844: problems first, graph full-screen on demand, no horizontal scroll, Time travel open too', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const map = new MapPage(page);
  await map.open();
  await expect(rail(page)).toBeVisible();
  await expect(railRows(page).first()).toBeVisible();
  const noSideways = () =>
    page.evaluate(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    );
  expect(await noSideways()).toBe(true);
  await expect(page.getByRole('region', { name: 'Graph' })).toBeHidden();
  await page.getByRole('button', { name: 'Show the graph' }).click();
  const graph = page.getByRole('region', { name: 'Graph' });
  await expect(graph).toBeVisible();
  const box = await graph.boundingBox();
  expect(box!.width).toBeGreaterThanOrEqual(389);
  expect(box!.height).toBeGreaterThanOrEqual(800);
  expect(await noSideways()).toBe(true);
  await page.getByRole('button', { name: 'Close the graph' }).click();
  await expect(graph).toBeHidden();

  // The snapshot downloads: each label on one line, inside its button's border.
  for (const id of ['download-snapshot', 'download-svg']) {
    const fits = await page
      .getByTestId(id)
      .evaluate((el) => el.scrollHeight <= el.clientHeight && el.scrollWidth <= el.clientWidth);
    expect(fits, id).toBe(true);
  }
  // Time travel open: its controls wrap within the page, none past the right edge.
  await page.getByTestId('time-travel').click();
  const show = page.getByTestId('show-instant');
  await expect(show).toBeVisible();
  const right = await show.evaluate((el) => el.getBoundingClientRect().right);
  expect(right).toBeLessThanOrEqual(390);
  expect(await noSideways()).toBe(true);
});

test('axe: no violations with the rail, a focus view and ghosts, light and dark', async ({
  page,
}) => {
  await page.setViewportSize(WIDE);
  const map = new MapPage(page);
  await map.open('?focus=shop/static-assets');
  await expect(map.panel).toBeVisible();
  await expect(railRows(page).first()).toBeVisible();
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await axeViolations(page)).toEqual([]);
});

test("workload: shop/cart's Deployment between endpoints and pods, expanded to its revisions mid-rollout; axe light and dark", async ({
  page,
}) => {
  await page.setViewportSize(WIDE);
  const map = new MapPage(page);
  await map.open('?focus=shop/cart');
  await expect(map.panel).toContainText('Service shop/cart');
  const label = /Deployment cart · rev \d+ · \d+\/\d+ ready/;
  const node = page.locator('[data-testid="graph-svg"] g[data-kind="workload"]').filter({
    hasText: label,
  });
  await expect(node).toBeVisible({ timeout: 30_000 });
  await expect(node).toHaveAttribute('data-expanded', 'false');
  const item = map.treeitem(/^Deployment cart · rev \d+ · \d+\/\d+ ready/).first();
  await expect(item).toBeVisible();
  // Its row is open (its pods are listed under it), and its name never says "collapsed": it
  // speaks of its revisions only.
  await expect(item).toHaveAttribute('aria-expanded', 'true');
  await expect(item).toHaveAccessibleName(/; revisions hidden; press Enter to show them$/);
  await expect(item).not.toHaveAccessibleName(/collapsed/);
  // Its pods are owned by it: a quiet ownership edge per pod, traffic edges untouched.
  await expect(
    page.locator('[data-testid="graph-svg"] path[data-kind="owns"]').first(),
  ).toBeAttached();

  await node.click();
  await expect(node).toHaveAttribute('data-expanded', 'true');
  const revisions = page.locator('[data-testid="graph-svg"] g[data-kind="workload-revision"]');
  await expect(
    revisions.filter({
      hasText: /rev \d+ \(new\): 0\/\d+ ready · image ghcr.io\/acme-shop\/cart:1.10.0-rc.1/,
    }),
  ).toBeVisible();
  await expect(
    revisions.filter({
      hasText: /rev \d+: (\d+)\/\1 ready · image ghcr.io\/acme-shop\/cart:1.9.0/,
    }),
  ).toBeVisible();
  await expect(map.treeitem(/^Revision of Deployment cart: rev \d+ \(new\)/).first()).toBeVisible();
  await expect(item).toHaveAccessibleName(/; revisions shown; press Enter to hide them$/);

  await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await axeViolations(page)).toEqual([]);

  // The outline twin: Enter on the workload hides its revisions again.
  await item.focus();
  await page.keyboard.press('Enter');
  await expect(node).toHaveAttribute('data-expanded', 'false');
  await expect(revisions).toHaveCount(0);
});

test.describe('at scale', () => {
  test.use({ scenario: 'large:6000' });

  test('large:6000: Fit shows the whole map, an overview appears while it does not fit', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await page.setViewportSize(WIDE);
    const map = new MapPage(page);
    await map.open();
    const app = page.locator('[role="application"]');
    await expect(app).toHaveAttribute('data-renderer', 'canvas', { timeout: 120_000 });
    // Bigger than the view: the overview is there.
    await expect(page.getByTestId('minimap')).toBeVisible();
    const status = page.getByTestId('graph-status');
    const before = Number(await status.getAttribute('data-zoom'));
    await page.getByRole('button', { name: 'Fit to view' }).click();
    await expect
      .poll(async () => Number(await status.getAttribute('data-zoom')))
      .toBeLessThan(before);
    // The whole map is in view now: the graph's transformed box fits the viewport.
    const zoom = Number(await status.getAttribute('data-zoom'));
    const size = await app.boundingBox();
    const height = Number(await app.getAttribute('data-layout-height'));
    expect(height * zoom).toBeLessThanOrEqual(size!.height);
    await expect(page.getByTestId('minimap')).toBeHidden();
  });
});
