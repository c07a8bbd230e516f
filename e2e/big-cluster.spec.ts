/**
 * The map page of a cluster too big to carry its records in the HTML (lib/k8s/server.ts): the
 * server sends a shell that says how many records are on their way, with no record in it and no
 * false "every Service routes"; the page's pipeline takes them from the stream's first snapshot
 * and the map fills in. A small cluster's page still carries its records (the map is drawn in
 * the HTML itself). A map of many nodes comes top first: the page is busy, and says how many
 * Services are on their way, and that the problems are not known yet, until the rest is in.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { kubectlOk } from './kubectl';
import { MapPage } from './pages/map-page';

/** How many records the shell says are on its way, read off its markup. */
function arrivingIn(html: string): number | null {
  const found = /data-testid="records-loading" data-count="(\d+)"/.exec(html);
  return found ? Number(found[1]) : null;
}

/** Opens the map with "Draw all" and waits for it whole: over `nodes` drawn, nothing on its way. */
async function openWholeMap(page: Page, nodes: number): Promise<Locator> {
  await new MapPage(page).open('?all=1');
  const app = page.locator('[role="application"]');
  await expect
    .poll(async () => Number(await app.getAttribute('data-node-count')), { timeout: 120_000 })
    .toBeGreaterThan(nodes);
  await expect(app).not.toHaveAttribute('data-rest', /.*/, { timeout: 60_000 });
  return app;
}

test.describe('a big cluster', () => {
  test.use({ scenario: 'large:2000' });

  test('the page is a shell naming what loads; the stream fills the map in', async ({
    page,
    browser,
    request,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const html = await (await request.get('/')).text();
    const arriving = arrivingIn(html);
    expect(arriving).toBeGreaterThan(2000);
    // None of the records is in the page: not even the names of the scenario's Services.
    expect(html).not.toContain('partner-api');
    expect(html).not.toContain('legacy-db');

    // Without JavaScript the shell is what a person sees: what is loading, in words, and no
    // claim about the cluster's health.
    const noScript = await browser.newContext({ javaScriptEnabled: false, baseURL });
    const shell = await noScript.newPage();
    await shell.goto('/');
    const loading = shell.getByTestId('records-loading');
    await expect(loading).toHaveCount(2); // the graph's place and the outline's
    await expect(loading.first()).toHaveText(
      `Loading the cluster’s ${arriving!.toLocaleString('en-US')} records…`,
    );
    await expect(shell.getByTestId('problems-rail')).toContainText('Not known yet: loading.');
    await expect(shell.getByTestId('problems-rail')).not.toContainText('Every Service routes');
    await noScript.close();

    // With it, the stream's snapshot brings the records and the map is drawn.
    const map = new MapPage(page);
    await map.open('?all=1');
    await expect(page.getByTestId('records-loading')).toHaveCount(0, { timeout: 120_000 });
    const app = page.locator('[role="application"]');
    await expect
      .poll(async () => Number(await app.getAttribute('data-node-count')), { timeout: 60_000 })
      .toBeGreaterThan(2000);
    await expect(page.getByTestId('problems-rail')).not.toContainText('Not known yet');
    await expect(page.getByRole('heading', { name: /^Problems \(\d/ })).toBeVisible();
    await page.getByRole('searchbox').first().fill('partner-api');
    await expect(map.treeitem(/partner-api/).first()).toBeVisible({ timeout: 30_000 });
  });

  test('the records arriving are not read out as Services added; a change after them is', async ({
    page,
    cluster,
  }) => {
    test.setTimeout(180_000);
    await page.addInitScript(() => {
      const said: string[] = [];
      (window as unknown as { __said: string[] }).__said = said;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="announcer"]')?.textContent ?? '';
        if (text && said[said.length - 1] !== text) said.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await openWholeMap(page, 2000);
    await kubectlOk(cluster, 'create', 'service', 'clusterip', 'announced-late', '--tcp=80:80');
    const said = () => page.evaluate(() => (window as unknown as { __said: string[] }).__said);
    await expect.poll(said, { timeout: 30_000 }).not.toEqual([]);
    // The first thing said is the change, alone: the Services that loaded were not news.
    const [first] = await said();
    expect(first).toContain('default/announced-late added');
    expect(first!.match(/ added/g)).toHaveLength(1);
  });

  test('a big map comes top first, busy and saying what is on its way, then whole', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    // Every state the graph view and the outline's note go through, from the first commit on.
    await page.addInitScript(() => {
      const seen: {
        count: number;
        rest: string | null;
        busy: string | null;
        note: string;
        services: string;
        problems: string;
        openHealthy: number;
      }[] = [];
      (window as unknown as { __restSeen: typeof seen }).__restSeen = seen;
      new MutationObserver(() => {
        const app = document.querySelector('[role="application"][data-node-count]');
        if (!app) return;
        seen.push({
          count: Number(app.getAttribute('data-node-count')),
          rest: app.getAttribute('data-rest'),
          busy: app.getAttribute('aria-busy'),
          note: document.querySelector('[data-testid="outline-rest"]')?.textContent ?? '',
          services: document.querySelector('[data-testid="service-count"]')?.textContent ?? '',
          problems: document.querySelector('#problems-rail-title')?.textContent ?? '',
          // Healthy Services open in the outline: a big map starts with them folded.
          openHealthy: [
            ...document.querySelectorAll('[role="treeitem"][aria-level="1"][aria-expanded="true"]'),
          ].filter((item) =>
            /, healthy$/.test(item.getAttribute('aria-label') ?? item.textContent ?? ''),
          ).length,
        });
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    const app = await openWholeMap(page, 4000);
    await expect(app).not.toHaveAttribute('aria-busy', /.*/);
    await expect(page.getByTestId('outline-rest')).toHaveText('');
    const whole = Number(await app.getAttribute('data-node-count'));
    const seen = await page.evaluate(
      () =>
        (
          window as unknown as {
            __restSeen: {
              count: number;
              rest: string | null;
              busy: string | null;
              note: string;
              services: string;
              problems: string;
              openHealthy: number;
            }[];
          }
        ).__restSeen,
    );
    const top = seen.find((s) => s.count > 0);
    expect(top, 'the first drawing shown').toBeDefined();
    expect(top!.rest, 'the top came first, with the rest on its way').not.toBeNull();
    expect(top!.count).toBeLessThan(whole);
    expect(top!.busy).toBe('true');
    // The rest is counted in Services; the top is already counted as the whole map.
    const services = await page.getByTestId('service-count').textContent();
    const [matched] = (services ?? '').replaceAll(',', '').match(/\d+/) ?? [];
    expect(Number(top!.rest)).toBeGreaterThan(0);
    expect(Number(top!.rest)).toBeLessThan(Number(matched));
    expect(top!.services).toBe(services);
    // Drawn before every Service is diagnosed: the problems are not known yet, not "none".
    expect(top!.problems).toContain('Problems (loading)');
    await expect(page.locator('#problems-rail-title')).not.toContainText('loading');
    expect(
      seen.some((s) =>
        s.note.includes(`${Number(top!.rest).toLocaleString('en-US')} more Services on the way`),
      ),
    ).toBe(true);
    await expect(page.getByTestId('graph-status')).not.toContainText('more');
    // The outline of the top is folded as the whole map's is, not opened and then folded.
    const whileTop = seen.filter((s) => s.rest !== null && s.count > 0);
    expect(whileTop.map((s) => s.openHealthy)).toEqual(whileTop.map(() => 0));
  });
});

test.describe('a small cluster', () => {
  test('the page carries its records: the map is in the HTML', async ({ request }) => {
    const html = await (await request.get('/')).text();
    expect(arrivingIn(html)).toBeNull();
    expect(html).not.toContain('data-testid="records-loading"');
    // The seed scenario's Services, drawn by the server render.
    expect(html).toContain('ingress-nginx');
    expect(html).toContain('external-web');
  });
});
