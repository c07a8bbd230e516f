/**
 * What the map says of a Service the user has just written through the "Add external service"
 * form (empty scenario): it is open and confirmed at once, and its absence until the watch
 * brings it is not an answer. Made while live updates are paused, the map never calls it
 * missing; resumed, it is drawn and its panel opens. Made while the map shows a past instant,
 * the map goes back to live, where the Service is, and opens it. Made on the form's own page, the
 * map it goes to opens and confirms it, once; a link that only claims a write confirms nothing. A
 * Service written that never comes is said missing once the page has awaited it live a while.
 * On a phone the confirmation shows over the full-screen panel.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { MapPage } from './pages/map-page';

test.use({ scenario: 'empty' });

/**
 * Opens "Add external service", fills in one address on port 80 and previews it: the dialog,
 * its Create button ready.
 */
async function previewExternalService(page: Page, name: string, address: string) {
  await page.getByRole('button', { name: 'Add external service' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add external service' });
  await expect(dialog.getByLabel('Namespace')).toHaveValue('default');
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Address', { exact: true }).fill(address);
  await dialog.getByLabel('Port', { exact: true }).fill('80');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('status')).toContainText('Preview ready');
  return dialog;
}

test('created while live updates are paused: no "does not exist" meanwhile; resumed, it opens', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  await page.getByRole('button', { name: 'Pause live updates' }).click();
  const dialog = await previewExternalService(page, 'external-web', '10.10.50.53');
  // Every text the missing-Service notice ever shows, from here on.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { __missing: string[] }).__missing = []);
    new MutationObserver(() => {
      const notice = document.querySelector('[data-testid="missing-focus"]');
      if (notice) seen.push(notice.textContent ?? '');
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('write-notice')).toContainText('Created default/external-web');
  // Paused, the map cannot hold it yet: that is no answer about the Service.
  const resume = page.getByRole('button', { name: /^Resume live updates/ });
  await expect(resume).toHaveAccessibleName(/waiting\)$/);
  await expect(page.getByTestId('missing-focus')).toHaveCount(0);

  await resume.click();
  await expect(map.treeitem(/^Service default\/external-web/)).toBeVisible();
  await expect(map.panel).toContainText('external-web');
  expect(
    await page.evaluate(() => (window as unknown as { __missing: string[] }).__missing),
  ).toEqual([]);
});

/** On the form's own page: fills in one address on port 80, previews and creates. */
async function createOnFormPage(page: Page, name: string, address: string) {
  await page.goto('/external-services/new');
  await expect(page.getByLabel('Namespace')).toHaveValue('default');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Address', { exact: true }).fill(address);
  await page.getByLabel('Port', { exact: true }).fill('80');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Preview ready' })).toBeVisible();
  await page.getByRole('button', { name: 'Create' }).click();
}

test('created on the form’s own page: the map it goes to opens it and confirms it, once', async ({
  page,
}) => {
  const map = new MapPage(page);
  await createOnFormPage(page, 'own-page', '10.20.30.41');
  await expect(page).toHaveURL(/\?focus=default(\/|%2F)own-page$/);
  await expect(page.getByTestId('write-notice')).toContainText(
    'Created default/own-page; it is open in the panel.',
  );
  await expect(map.panel.getByRole('heading', { name: 'Service default/own-page' })).toBeVisible();
  // The confirmation was this tab's to show once: a reload opens the Service without it.
  await page.reload();
  await expect(map.panel.getByRole('heading', { name: 'Service default/own-page' })).toBeVisible();
  await expect(page.getByTestId('write-notice')).toHaveCount(0);
});

test('site data blocked (reading either storage throws): the map is live, the theme switches, a write opens unconfirmed', async ({
  page,
  cluster,
}) => {
  // As a browser that blocks site data does it: reading the properties throws.
  await page.addInitScript(() => {
    for (const kind of ['localStorage', 'sessionStorage'])
      Object.defineProperty(window, kind, {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
  });
  const map = new MapPage(page);
  await map.open();
  await expect(page.getByTestId('connection-state')).toContainText('Live');
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // Live: a change made now is drawn.
  await cluster.kubectl('create', 'service', 'clusterip', 'made-live', '--tcp=80:80');
  await expect(map.treeitem(/^Service default\/made-live/)).toBeVisible();

  await createOnFormPage(page, 'no-storage', '10.20.30.43');
  await expect(
    map.panel.getByRole('heading', { name: 'Service default/no-storage' }),
  ).toBeVisible();
  await expect(page.getByTestId('write-notice')).toHaveCount(0);
});

test('a link that claims a write confirms nothing: the Service it names is said missing', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open('?focus=default/nope&written=created');
  await expect(page.getByTestId('connection-state')).toContainText('Live');
  await expect(page.getByTestId('missing-focus')).toHaveText(
    /Service default\/nope does not exist in this cluster/,
  );
  await expect(page.getByTestId('write-notice')).toHaveCount(0);
});

test('created on the form’s own page, deleted before the map comes: "does not exist" once the page has waited for it live', async ({
  page,
  cluster,
}) => {
  // The create is real; the Service is deleted before its answer reaches the page.
  await page.route('**/api/external-services', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const response = await route.fetch();
    await cluster.kubectl('delete', 'service', 'gone-at-once');
    await route.fulfill({ response });
  });
  await createOnFormPage(page, 'gone-at-once', '10.20.30.42');
  await expect(page.getByTestId('write-notice')).toContainText('Created default/gone-at-once');
  await expect(page.getByTestId('connection-state')).toContainText('Live');
  // Awaited at first: the watch might not have brought it yet.
  await expect(page.getByTestId('missing-focus')).toHaveCount(0);
  // Not for ever: after the wait (ten seconds live), its absence is an answer.
  await expect(page.getByTestId('missing-focus')).toHaveText(
    /Service default\/gone-at-once does not exist in this cluster/,
    { timeout: 30_000 },
  );
});

test.describe('on a past instant', () => {
  test.use({ scenario: 'seed' });

  test('created while the map shows a past instant: the map goes live and opens it', async ({
    page,
  }) => {
    const map = new MapPage(page);
    await map.open();
    await expect(map.treeitem(/^Service default\/ingress-nginx/)).toBeVisible();
    // Instants are to the second: let the history hold one before now.
    await page.waitForTimeout(2100);
    // Until the page knows where history starts, the slider offers no instant: one picked then
    // could be from before it (what a slow answer let happen).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/api\/changes\?/, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByTestId('time-travel').click();
    const slider = page.getByTestId('time-slider');
    await expect(slider).toBeDisabled();
    await expect(page.getByTestId('slider-span')).toHaveText('Reading how far back history goes…');
    release();
    await expect(slider).toBeEnabled();
    await expect(page.getByTestId('slider-span')).toContainText('Slider spans the history kept');
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    const banner = page.getByTestId('history-banner');
    await expect(banner).toHaveAttribute('data-mode', 'shown', { timeout: 30_000 });

    const dialog = await previewExternalService(page, 'made-in-past', '10.20.30.40');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByTestId('write-notice')).toContainText(
      'Created default/made-in-past; it is open in the panel.',
    );
    // What the notice says is true: live again, and the panel is open on it.
    await expect(banner).toHaveAttribute('data-mode', 'live', { timeout: 30_000 });
    await expect(page).not.toHaveURL(/[?&]at=/);
    await expect(
      map.panel.getByRole('heading', { name: 'Service default/made-in-past' }),
    ).toBeVisible();
    await expect(page.getByTestId('missing-focus')).toHaveCount(0);
  });
});

test('phone 390×844: the confirmation of a Create shows over the full-screen panel', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const map = new MapPage(page);
  await map.open();
  const dialog = await previewExternalService(page, 'on-a-phone', '10.20.30.40');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(
    map.panel.getByRole('heading', { name: 'Service default/on-a-phone' }),
  ).toBeVisible();
  const notice = page.getByTestId('write-notice');
  await expect(notice).toContainText('Created default/on-a-phone');
  await expect(notice).toBeInViewport();
  // Not under the panel: what is drawn at the notice's middle is the notice.
  const box = (await notice.boundingBox())!;
  const onTop = await page.evaluate(
    ({ x, y }) => !!document.elementFromPoint(x, y)?.closest('[data-testid="write-notice"]'),
    { x: box.x + box.width / 2, y: box.y + box.height / 2 },
  );
  expect(onTop).toBe(true);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});
