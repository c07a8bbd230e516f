/**
 * The graph's own accessibility, end to end: as the arrow keys move the focus among the nodes,
 * the focused element's aria-activedescendant names an element inside it whose accessible name
 * is the outline's words for that node; keys pressed faster than the page renders go on from
 * where the last one moved; a key in the outline that moves nowhere leaves no
 * focus to be taken later; a pod deleted under the graph's focus leaves the arrows at its place
 * (seed scenario); and at 1280×800 the default fit puts no
 * node under the overview (minimap) or the zoom buttons (demo scenario, tall enough to need an
 * overview); the outline scrolled by the wheel stays where it is put, and, windowed, keeps the
 * focused row in the DOM.
 */
import { writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { axeViolations } from './axe';
import { test, expect } from './fixtures';
import { kubectlOk } from './kubectl';
import { MapPage } from './pages/map-page';

/** What the graph's aria-activedescendant names: its id, node, name and whether it is inside. */
async function activeDescendant(app: Locator) {
  return app.evaluate((el) => {
    const id = el.getAttribute('aria-activedescendant');
    const target = id ? document.getElementById(id) : null;
    return {
      id,
      inside: !!target && el.contains(target) && target !== el,
      nodeId: target?.getAttribute('data-node-id') ?? null,
    };
  });
}

/** The seed map open (optionally on `query`), its graph's focusable element focused. */
async function focusGraph(page: Page, query = '') {
  const map = new MapPage(page);
  await map.open(query);
  await expect(map.treeitem(/^Service default\/ingress-nginx/)).toBeVisible();
  const app = page.getByRole('application', { name: /Service map/ });
  await app.focus();
  return { map, app };
}

test.describe('keyboard', () => {
  test.use({ scenario: 'seed' });

  test('arrow keys in the graph move aria-activedescendant; it names the node as the outline does', async ({
    page,
  }) => {
    const { map, app } = await focusGraph(page);
    await expect(app).toBeFocused();
    // Nothing focused yet: no active descendant to point at.
    expect((await activeDescendant(app)).id).toBeNull();

    const seen: string[] = [];
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowUp']) {
      await page.keyboard.press(key);
      await expect(app).toBeFocused();
      await expect.poll(async () => (await activeDescendant(app)).nodeId).not.toBeNull();
      const active = await activeDescendant(app);
      expect(active.inside, `${active.id} is inside the focused element`).toBe(true);
      // The node it names is the one the graph rings, and the outline's row for it.
      await expect(map.node(active.nodeId!).locator('rect[stroke="var(--sb-focus)"]')).toHaveCount(
        1,
      );
      const row = map.tree.locator(`[role="treeitem"][data-node-id="${active.nodeId}"]`).first();
      // The row's visible words (its accessible name; the glyphs beside them are aria-hidden).
      const rowName = (await row.locator('span[title]').getAttribute('title'))!;
      await expect(page.locator(`[id="${active.id}"]`)).toHaveAccessibleName(rowName);
      seen.push(active.id!);
    }
    // It moved: every step down and across named another node.
    expect(new Set(seen).size).toBeGreaterThanOrEqual(4);
    expect(await axeViolations(page)).toEqual([]);
  });

  test('keys pressed before the page shows the last one go on from where it moved', async ({
    page,
  }) => {
    const { app } = await focusGraph(page);
    // Where two steps down lead, one key at a time.
    const steps: string[] = [];
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowUp', 'ArrowUp']) {
      const before = (await activeDescendant(app)).nodeId;
      await page.keyboard.press(key);
      await expect.poll(async () => (await activeDescendant(app)).nodeId).not.toBe(before);
      steps.push((await activeDescendant(app)).nodeId!);
    }
    const [start, oneDown, twoDown, backUp, backAtStart] = steps;
    expect(backUp).toBe(oneDown);
    expect(backAtStart).toBe(start);
    // Two arrows in one go, before the page renders the first: the second goes on from it.
    await app.evaluate((el) => {
      for (let i = 0; i < 2; i++)
        el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    });
    await expect.poll(async () => (await activeDescendant(app)).nodeId).toBe(twoDown);
  });

  test("Home on the outline's first row leaves nothing pending: a search typed next keeps the focus", async ({
    page,
  }) => {
    const map = new MapPage(page);
    await map.open();
    const first = map.tree.getByRole('treeitem').first();
    await expect(first).toBeVisible();
    await first.focus();
    // Already on the first row: nothing to move to.
    await page.keyboard.press('Home');
    await expect(first).toBeFocused();
    const search = page.getByRole('searchbox');
    await search.click();
    // Key by key: each filter draws the outline anew, and its first row changes.
    await page.keyboard.type('nginx', { delay: 50 });
    await expect(page).toHaveURL(/q=nginx/);
    await expect(map.treeitem(/^Service default\/ingress-nginx/)).toBeVisible();
    await expect(search).toBeFocused();
    await expect(search).toHaveValue('nginx');
  });
});

test.describe('keyboard, the cluster changing', () => {
  test.use({ scenario: 'seed' });

  test('the focused pod deleted: the next arrow moves from its place, not from the first node', async ({
    page,
    cluster,
  }) => {
    // The one Service drawn: its pods are the drawing's last column.
    const { map, app } = await focusGraph(page, '?q=ingress-nginx');
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await activeDescendant(app)).nodeId).toMatch(/^svc:/);
    const first = await activeDescendant(app);
    // Across to a pod: the Service's endpoint, then what it targets.
    let active = first;
    for (let step = 0; step < 4 && !active.nodeId?.startsWith('pod:'); step++) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(async () => (await activeDescendant(app)).nodeId).not.toBe(active.nodeId);
      active = await activeDescendant(app);
    }
    expect(active.nodeId).toMatch(/^pod:/);
    const name = (await page.locator(`[id="${active.id}"]`).textContent())!;
    const pod = /Pod (?:[\w-]+\/)?([a-z0-9][a-z0-9.-]*)/.exec(name)?.[1];
    expect(pod, `a pod named in "${name}"`).toBeTruthy();

    await kubectlOk(cluster, 'delete', 'pod', pod!, '--grace-period=0', '--force', '--wait=false');
    // Gone from the drawing: the graph names no node while its focus is on none. Until the
    // EndpointSlice follows, its endpoint still names the pod's IP, drawn as an address with no
    // pod in the pod's place: wait for that to go too, or the arrow may land on it just before.
    await expect(map.node(active.nodeId!)).toHaveCount(0, { timeout: 30_000 });
    await expect(page.locator('[data-testid="graph-svg"] g[data-id^="ext:"]')).toHaveCount(0, {
      timeout: 30_000,
    });
    await expect.poll(async () => (await activeDescendant(app)).id).toBeNull();
    await expect(app).toBeFocused();

    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await activeDescendant(app)).nodeId).not.toBeNull();
    const next = await activeDescendant(app);
    // A pod beside the deleted one's place (the column it was in), not the map's first node.
    expect(next.nodeId).toMatch(/^pod:/);
    expect(next.nodeId).not.toBe(first.nodeId);
  });
});

/** The boxes of every drawn node, in page px. */
async function nodeBoxes(page: Page) {
  return page.locator('[data-testid="graph-svg"] g[data-id]').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return {
        id: el.getAttribute('data-id')!,
        x: r.left,
        y: r.top,
        right: r.right,
        bottom: r.bottom,
      };
    }),
  );
}

/** The demo map at 1280×800, taller than the view: its graph's focusable element. */
async function openDemoMap(page: Page): Promise<Locator> {
  await page.setViewportSize({ width: 1280, height: 800 });
  const map = new MapPage(page);
  await map.open();
  await expect(map.treeitem(/^Service shop\/checkout/)).toBeVisible({ timeout: 60_000 });
  return page.getByRole('application', { name: /Service map/ });
}

test.describe('overview', () => {
  test.use({ scenario: 'demo' });

  test('1280×800: at the default fit no node lies under the overview or the zoom buttons', async ({
    page,
  }) => {
    const app = await openDemoMap(page);
    await expect(app).toHaveAttribute('data-renderer', 'svg');
    // The map is taller than the view: the overview is shown at the default fit.
    const minimap = page.getByTestId('minimap');
    await expect(minimap).toBeVisible();
    const covers = [
      (await minimap.boundingBox())!,
      (await page.getByRole('group', { name: 'Zoom' }).boundingBox())!,
    ];
    const boxes = await nodeBoxes(page);
    expect(boxes.length).toBeGreaterThan(20);
    const under = boxes.filter((n) =>
      covers.some(
        (c) => n.x < c.x + c.width && n.right > c.x && n.y < c.y + c.height && n.bottom > c.y,
      ),
    );
    expect(under.map((n) => n.id)).toEqual([]);
  });

  test('a filter that hides the open Service fits what is left, as the same URL loaded does', async ({
    page,
  }) => {
    const app = await openDemoMap(page);
    const map = new MapPage(page);
    await map.treeitem(/^Service shop\/frontend,/).click();
    await expect(map.panel).toBeVisible();
    await page.getByRole('button', { name: /^All namespaces/ }).click();
    await page
      .getByRole('group', { name: 'Namespaces to show' })
      .getByRole('checkbox', { name: 'legacy' })
      .check();
    await page.keyboard.press('Escape');
    await expect(map.treeitem(/^Service legacy\/reports/)).toBeVisible();
    await expect(map.treeitem(/^Service shop\/frontend,/)).toHaveCount(0);

    // Ending the focus view (its Service is gone) must not give back the full map's view.
    const misplaced = async () => {
      const area = (await app.boundingBox())!;
      const minimap = page.getByTestId('minimap');
      const covers = [(await page.getByRole('group', { name: 'Zoom' }).boundingBox())!];
      if (await minimap.isVisible()) covers.push((await minimap.boundingBox())!);
      const boxes = await nodeBoxes(page);
      if (boxes.length === 0) return ['(nothing drawn)'];
      return boxes
        .filter(
          (n) =>
            n.x < area.x - 1 ||
            n.right > area.x + area.width + 1 ||
            n.y < area.y - 1 ||
            n.bottom > area.y + area.height + 1 ||
            covers.some(
              (c) => n.x < c.x + c.width && n.right > c.x && n.y < c.y + c.height && n.bottom > c.y,
            ),
        )
        .map((n) => n.id);
    };
    await expect.poll(misplaced).toEqual([]);
  });

  test('a drag moves the drawing and the overview frame with it; a zoom resizes the frame', async ({
    page,
  }) => {
    const app = await openDemoMap(page);
    const frame = page.getByTestId('minimap-frame');
    await expect(frame).toBeVisible();
    const status = page.getByTestId('graph-status');
    const zoom = Number(await status.getAttribute('data-zoom'));
    const node = page.locator('[data-testid="graph-svg"] g[data-id]').first();
    const [nodeBefore, frameBefore] = [(await node.boundingBox())!, (await frame.boundingBox())!];

    // Drag the map up by 250 px: the drawing follows the pointer, the frame moves down the
    // overview by the same distance in overview units, and the zoom stays.
    const box = (await app.boundingBox())!;
    const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let step = 1; step <= 5; step++) await page.mouse.move(start.x, start.y - step * 50);
    await page.mouse.up();
    await expect.poll(async () => (await node.boundingBox())!.y).toBeCloseTo(nodeBefore.y - 250, 0);
    expect((await node.boundingBox())!.x).toBeCloseTo(nodeBefore.x, 0);
    const frameAfter = (await frame.boundingBox())!;
    expect(frameAfter.y).toBeGreaterThan(frameBefore.y);
    expect(Number(await status.getAttribute('data-zoom'))).toBe(zoom);

    // Zoom in with the button: the status says so and the frame covers less of the overview.
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect
      .poll(async () => Number(await status.getAttribute('data-zoom')))
      .toBeGreaterThan(zoom);
    await expect
      .poll(async () => (await frame.boundingBox())!.height)
      .toBeLessThan(frameAfter.height);
  });
});

/** The outline's scrolling box (the tree's parent) and how far it is scrolled, after two frames. */
async function outlineScroll(map: MapPage): Promise<number> {
  await map.page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  return map.tree.locator('xpath=..').evaluate((el) => el.scrollTop);
}

test.describe('outline scrolling', () => {
  test.use({ scenario: 'demo' });

  test('a wheel scroll stays where it is put; an arrow key then brings the next row into view', async ({
    page,
  }) => {
    const map = new MapPage(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await map.open();
    await expect(map.treeitem(/^Service shop\/checkout/)).toBeVisible({ timeout: 60_000 });
    const rows = map.tree.getByRole('treeitem');
    await rows.first().focus();
    await map.tree.hover();
    await page.mouse.wheel(0, 600);
    await expect.poll(() => outlineScroll(map)).toBeGreaterThan(300);
    // Not pulled back to the focused row: two frames later it is still where the wheel put it.
    const scrolled = await outlineScroll(map);
    expect(await outlineScroll(map)).toBe(scrolled);
    await expect(rows.first()).toBeFocused();
    await expect(rows.first()).not.toBeInViewport();

    // The keys still work from the row that has the focus, and show the row they move to.
    await page.keyboard.press('ArrowDown');
    await expect(rows.nth(1)).toBeFocused();
    await expect(rows.nth(1)).toBeInViewport();
    expect(await outlineScroll(map)).toBeLessThan(scrolled);
  });

  test('windowed (over 150 rows): scrolled far from the focused row, it keeps the focus and the tab stop', async ({
    page,
    cluster,
  }) => {
    const manifest = test.info().outputPath('services.yaml');
    writeFileSync(
      manifest,
      Array.from(
        { length: 160 },
        (_, i) =>
          `apiVersion: v1\nkind: Service\nmetadata:\n  name: extra-${String(i).padStart(3, '0')}\n  namespace: default\nspec:\n  ports:\n  - port: 80\n`,
      ).join('---\n'),
    );
    await kubectlOk(cluster, 'apply', '-f', manifest);
    const map = new MapPage(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await map.open();
    await expect(map.tree.getByRole('treeitem').first()).toBeVisible({ timeout: 60_000 });
    const box = map.tree.locator('xpath=..');
    // Windowed: the tree is taller than 150 rows, and far fewer rows are in the DOM.
    await expect
      .poll(() => box.evaluate((el) => el.scrollHeight), { timeout: 30_000 })
      .toBeGreaterThan(150 * 30);
    const { height, inDom } = await box.evaluate((el) => ({
      height: el.scrollHeight,
      inDom: el.querySelectorAll('[role="treeitem"]').length,
    }));
    expect(height).toBeGreaterThan(150 * 30);
    expect(inDom).toBeLessThan(150);

    const first = map.tree.getByRole('treeitem').first();
    const firstKey = await first.getAttribute('data-key');
    await first.focus();
    await map.tree.hover();
    await page.mouse.wheel(0, 3000);
    await expect.poll(() => outlineScroll(map)).toBeGreaterThan(2000);
    const scrolled = await outlineScroll(map);
    expect(await outlineScroll(map)).toBe(scrolled);
    // The focused row is kept in the DOM, far above the window, and keeps the focus.
    const focused = map.tree.locator(`[role="treeitem"][data-key="${firstKey}"]`);
    await expect(focused).toBeFocused();
    await expect(focused).not.toBeInViewport();

    // Out of the tree and back by keyboard: the tab stop is still there, and the browser shows it.
    await page.keyboard.press('Shift+Tab');
    await expect(focused).not.toBeFocused();
    await page.keyboard.press('Tab');
    await expect(focused).toBeFocused();
    await expect(focused).toBeInViewport();
  });
});
