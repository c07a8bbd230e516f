/**
 * Page object for the map (Headlamp-style): locators by role and accessible name for the
 * outline, and `[data-id]` for graph elements.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class MapPage {
  constructor(readonly page: Page) {}

  async open(search = '') {
    await this.page.goto(`/${search}`);
    await expect(this.page.getByTestId('service-map')).toBeVisible();
    // Marks this document: if the page ever reloads or navigates, the marker is gone.
    await this.page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));
  }

  async assertNoReload() {
    expect(
      await this.page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload),
    ).toBe(1);
  }

  get tree(): Locator {
    return this.page.getByRole('tree', { name: /Outline of the map/ });
  }

  treeitem(name: string | RegExp): Locator {
    return this.tree.getByRole('treeitem', { name });
  }

  /** Outline items of a Service's endpoints (level 2 items with an "Endpoint …" name). */
  endpointItems(addressPattern = '[0-9.]+'): Locator {
    return this.tree.getByRole('treeitem', { name: new RegExp(`^Endpoint ${addressPattern}:`) });
  }

  node(id: string): Locator {
    return this.page.locator(`[data-testid="graph-svg"] g[data-id="${id}"]`);
  }

  nodesWithPrefix(prefix: string): Locator {
    return this.page.locator(`[data-testid="graph-svg"] g[data-id^="${prefix}"]`);
  }

  edge(id: string): Locator {
    return this.page.locator(`[data-testid="graph-svg"] path[data-id="${id}"]`);
  }

  get panel(): Locator {
    return this.page.getByTestId('service-panel');
  }

  /**
   * Opens the map on `namespace/name`'s panel and its "Edit endpoints" dialog, once its `rows`
   * addresses are loaded.
   */
  async openEditEndpoints(service: string, rows: number) {
    await this.open(`?focus=${service}`);
    await this.panel.getByRole('button', { name: 'Edit endpoints' }).click();
    const dialog = this.page.getByRole('dialog', { name: `Edit endpoints of ${service}` });
    const addresses = dialog.getByLabel('Address', { exact: true });
    await expect(addresses).toHaveCount(rows);
    return { dialog, addresses };
  }

  get connection(): Locator {
    return this.page.getByTestId('connection-state');
  }

  async graphNodeIds(): Promise<string[]> {
    return this.page
      .locator('[data-testid="graph-svg"] g[data-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
  }

  async treeNodeIds(): Promise<string[]> {
    return this.tree
      .getByRole('treeitem')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id') ?? ''));
  }
}
