/**
 * What the map says of a Service the user has just written through the "Add external service"
 * form (empty scenario): it is open and confirmed at once, and its absence until the watch
 * brings it is not an answer. Made while live updates are paused, the map never calls it
 * missing; resumed, it is drawn and its panel opens.
 */
import { test, expect } from './fixtures';
import { MapPage } from './pages/map-page';

test.use({ scenario: 'empty' });

test('created while live updates are paused: no "does not exist" meanwhile; resumed, it opens', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  await page.getByRole('button', { name: 'Pause live updates' }).click();
  await page.getByRole('button', { name: 'Add external service' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add external service' });
  await expect(page.getByLabel('Namespace')).toHaveValue('default');
  await page.getByLabel('Name', { exact: true }).fill('external-web');
  await page.getByLabel('Address', { exact: true }).fill('10.10.50.53');
  await page.getByLabel('Port', { exact: true }).fill('80');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('status')).toContainText('Preview ready');
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
