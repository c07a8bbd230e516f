/**
 * Several clusters in one dashboard, end to end: three embedded clusters (`seed`, `demo` — which
 * holds seed's objects and more — and `empty`) written into one kubeconfig as the contexts prod-eu, prod-us and staging, and the built
 * dashboard serving all of them. The overview lists all three; a search by IP finds the external
 * endpoint in the two clusters that have it; compare shows the ready endpoints of one Service
 * differ after `kubectl scale` in one cluster; the map of one cluster works at /c/<id> and the
 * chooser switches; the Add form creates in its cluster only; the pages pass axe; a stopped
 * cluster's card says Unreachable while the others stay live, and recovers; a context added to
 * the kubeconfig file appears without a restart, on the overview and in the header choosers of
 * open pages, and goes when removed. The tests share the clusters and run in order.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { startCluster, startDashboard, type Dashboard, type EmbeddedCluster } from './harness';
import { axeViolations } from './axe';
import { kubectlOk } from './kubectl';

const CLUSTERS = [
  { id: 'prod-eu', scenario: 'seed' },
  { id: 'prod-us', scenario: 'demo' },
  { id: 'staging', scenario: 'empty' },
] as const;

type Id = (typeof CLUSTERS)[number]['id'];

interface KubeconfigFile {
  clusters: { name: string; cluster: unknown }[];
  users: { name: string; user: unknown }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
}

/** One kubeconfig holding each cluster's first entries, renamed to the cluster's id. */
function mergedKubeconfig(entries: { id: string; cluster: EmbeddedCluster }[], path: string) {
  const merged: KubeconfigFile & Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [],
    users: [],
    contexts: [],
    'current-context': entries[0]!.id,
  };
  for (const { id, cluster } of entries) {
    const one = parseYaml(readFileSync(cluster.kubeconfig, 'utf8')) as KubeconfigFile;
    merged.clusters.push({ name: id, cluster: one.clusters[0]!.cluster });
    merged.users.push({ name: id, user: one.users[0]!.user });
    merged.contexts.push({ name: id, context: { cluster: id, user: id } });
  }
  writeFileSync(path, toYaml(merged));
}

interface Fleet {
  clusters: Record<Id, EmbeddedCluster>;
  dashboard: Dashboard;
  /** The one kubeconfig the dashboard reads (and watches). */
  kubeconfig: string;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no test-scoped fixtures
const test = base.extend<{}, { fleet: Fleet }>({
  // Starting three clusters is the slow part: once for this file's tests, stopped after them.
  fleet: [
    async ({}, provide) => {
      const started = await Promise.all(
        CLUSTERS.map(async ({ id, scenario }) => ({ id, cluster: await startCluster(scenario) })),
      );
      const dir = mkdtempSync(join(tmpdir(), 'switchboard-fleet-'));
      const kubeconfig = join(dir, 'kubeconfig');
      mergedKubeconfig(started, kubeconfig);
      const dashboard = await startDashboard(kubeconfig, {
        env: { SWITCHBOARD_ALL_CONTEXTS: '1' },
      });
      const clusters = Object.fromEntries(started.map((s) => [s.id, s.cluster])) as Record<
        Id,
        EmbeddedCluster
      >;
      await provide({ clusters, dashboard, kubeconfig });
      await dashboard.stop();
      await Promise.all(started.map((s) => s.cluster.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});

test.describe.configure({ mode: 'serial' });

test('the overview lists all three clusters with their state and Services', async ({
  page,
  fleet,
}) => {
  await page.goto(fleet.dashboard.url);
  const cards = page.getByTestId('cluster-card');
  await expect(cards).toHaveCount(3);
  for (const { id } of CLUSTERS) {
    const card = cards.filter({ has: page.getByRole('link', { name: id, exact: true }) });
    await expect(card.getByTestId('cluster-state')).toHaveText(/Live/, { timeout: 30_000 });
    await expect(card.getByTestId('cluster-health')).toHaveText(/^\d+ Services?\b/);
  }
  // The cluster's name opens its map.
  await page.getByRole('link', { name: 'staging', exact: true }).click();
  await expect(page).toHaveURL(/\/c\/staging$/);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
});

test('a search by IP finds the external endpoint in the clusters that have it', async ({
  page,
  fleet,
}) => {
  await page.goto(fleet.dashboard.url);
  await page.getByRole('searchbox', { name: /Search all clusters/ }).fill('10.10.50.53');
  await page.getByRole('button', { name: 'Search all clusters' }).click();
  await expect(page).toHaveURL(/\/search\?q=10\.10\.50\.53$/);
  const results = page.getByTestId('search-results');
  await expect(results.getByRole('status')).toHaveText(/in 2 clusters/);
  for (const id of ['prod-eu', 'prod-us']) {
    const group = page.locator(`[data-testid="search-group"][data-cluster="${id}"]`);
    await expect(group.getByRole('link', { name: 'default/external-web' })).toHaveAttribute(
      'href',
      `/c/${id}?focus=default/external-web`,
    );
  }
  await expect(page.locator('[data-testid="search-group"][data-cluster="staging"]')).toHaveCount(0);
  // A match opens that cluster's map with the Service in focus.
  await page
    .locator('[data-testid="search-group"][data-cluster="prod-us"]')
    .getByRole('link', { name: 'default/external-web' })
    .click();
  await expect(page).toHaveURL(
    /\/c\/prod-us\?focus=default%2Fexternal-web|\/c\/prod-us\?focus=default\/external-web/,
  );
  await expect(page.getByRole('heading', { name: /external-web/ }).first()).toBeVisible();
});

test('compare shows the ready endpoints differ after scaling in one cluster', async ({
  page,
  fleet,
}) => {
  await page.goto(`${fleet.dashboard.url}/compare?namespace=default&name=ingress-nginx`);
  const endpoints = page.locator('[data-testid="compare-row"][data-field="endpoints"]');
  const cells = endpoints.locator('td');
  // Columns: differs, then prod-eu, prod-us, staging (the registry's order).
  await expect(cells.nth(1)).toHaveText('2 of 2', { timeout: 30_000 });
  await expect(cells.nth(2)).toHaveText('2 of 2');
  await expect(cells.nth(3)).toHaveText('not found');
  // Missing in staging: "ClusterIP" against "not found" is a difference, on every row.
  await expect(page.locator('[data-testid="compare-row"][data-field="type"]')).toHaveAttribute(
    'data-differs',
    'true',
  );

  await kubectlOk(
    fleet.clusters['prod-us'],
    'scale',
    'deployment/nginx-deployment',
    '--replicas=1',
  );
  await expect(cells.nth(2)).toHaveText('1 of 1', { timeout: 30_000 });
  await expect(cells.nth(1)).toHaveText('2 of 2');
  await expect(endpoints).toHaveAttribute('data-differs', 'true');
  await expect(cells.nth(0)).toHaveText(/differs/);
  await expect(page.getByTestId('compare-summary')).toHaveText(/Endpoints ready/);

  // A Service no cluster has is not "the same in every cluster".
  await page.goto(`${fleet.dashboard.url}/compare?namespace=default&name=nope`);
  await expect(page.getByTestId('compare-summary')).toHaveText(
    'default/nope is found in no cluster.',
  );
});

test('the map of one cluster works at /c/<id>, and the chooser switches cluster', async ({
  page,
  fleet,
}) => {
  await page.goto(`${fleet.dashboard.url}/c/prod-eu?focus=default/ingress-nginx`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  const tree = page.getByRole('tree');
  await expect(
    tree.getByRole('treeitem', { name: /^Service default\/external-web, ClusterIP/ }),
  ).toBeVisible();
  // Live: a Service created with kubectl in this cluster appears on its map.
  await kubectlOk(
    fleet.clusters['prod-eu'],
    'create',
    'service',
    'clusterip',
    'fleet-probe',
    '--tcp=80:80',
  );
  await expect(
    tree.getByRole('treeitem', { name: /^Service default\/fleet-probe, ClusterIP/ }),
  ).toBeVisible({ timeout: 30_000 });

  // The chooser opens the same view of another cluster, where that Service does not exist.
  await page.getByLabel('Cluster', { exact: true }).selectOption('prod-us');
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page).toHaveURL(/\/c\/prod-us\?focus=/);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  await expect(
    tree.getByRole('treeitem', { name: /^Service default\/external-web, ClusterIP/ }),
  ).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /fleet-probe/ })).toHaveCount(0);

  // The way back to the overview, by keyboard: the link right after the chooser's Open.
  await page.getByLabel('Cluster', { exact: true }).selectOption('prod-eu');
  await page.getByRole('button', { name: 'Open' }).focus();
  await page.keyboard.press('Tab');
  const overview = page.getByRole('link', { name: 'All clusters' });
  await expect(overview).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`${fleet.dashboard.url}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Clusters' })).toBeVisible();
});

test('the Add form names its cluster and creates only there', async ({ page, fleet }) => {
  await page.goto(`${fleet.dashboard.url}/c/prod-us/external-services/new`);
  await expect(page.getByLabel('Namespace')).toHaveValue('default', { timeout: 30_000 });
  await page.getByLabel('Name', { exact: true }).fill('fleet-ext');
  await page.getByLabel('Address', { exact: true }).fill('10.10.50.54');
  await page.getByLabel('Port', { exact: true }).fill('80');
  await page.getByLabel('Port name', { exact: true }).fill('http');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('heading', { name: 'Preview in cluster prod-us' })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Create in cluster prod-us' }).click();
  await expect(page).toHaveURL(
    /\/c\/prod-us\?focus=default%2Ffleet-ext|\/c\/prod-us\?focus=default\/fleet-ext/,
    {
      timeout: 30_000,
    },
  );
  const inUs = await fleet.clusters['prod-us'].kubectl('get', 'service', 'fleet-ext');
  expect(inUs.code).toBe(0);
  const inEu = await fleet.clusters['prod-eu'].kubectl('get', 'service', 'fleet-ext');
  expect(inEu.code).not.toBe(0);
});

test('the overview, search and compare pages have no axe violations', async ({ page, fleet }) => {
  await page.goto(fleet.dashboard.url);
  await expect(page.getByTestId('cluster-card')).toHaveCount(3);
  expect(await axeViolations(page)).toEqual([]);
  await page.goto(`${fleet.dashboard.url}/search?q=10.10.50.53`);
  await expect(page.getByTestId('search-match').first()).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.goto(`${fleet.dashboard.url}/compare?namespace=default&name=ingress-nginx`);
  await expect(page.getByTestId('compare-table')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});

test('a stopped cluster shows unreachable on its own card while the others stay live, and comes back', async ({
  page,
  fleet,
}) => {
  test.setTimeout(240_000);
  await page.goto(fleet.dashboard.url);
  const card = (id: Id) => page.locator(`[data-testid="cluster-card"][data-cluster="${id}"]`);
  const state = (id: Id) => card(id).getByTestId('cluster-state');
  for (const { id } of CLUSTERS)
    await expect(state(id)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });

  await fleet.clusters.staging.stop();
  await expect(state('staging')).toHaveAttribute('data-state', 'unreachable', { timeout: 90_000 });
  await expect(state('staging')).toContainText('Unreachable');
  await expect(state('prod-eu')).toHaveAttribute('data-state', 'live');
  await expect(state('prod-us')).toHaveAttribute('data-state', 'live');

  // The others keep updating meanwhile: a Service created in prod-eu is counted on its card.
  const health = card('prod-eu').getByTestId('cluster-health');
  const before = Number(/^(\d+)/.exec((await health.textContent()) ?? '')?.[1]);
  await kubectlOk(
    fleet.clusters['prod-eu'],
    'create',
    'service',
    'clusterip',
    'fleet-live',
    '--tcp=80:80',
  );
  await expect(health).toHaveText(new RegExp(`^${before + 1} Services`), { timeout: 30_000 });

  await fleet.clusters.staging.start();
  await expect(state('staging')).toHaveAttribute('data-state', 'live', { timeout: 120_000 });
});

test('a context added to the kubeconfig file appears on the overview and in the choosers without a restart, and goes when removed', async ({
  page,
  fleet,
}) => {
  await page.goto(fleet.dashboard.url);
  await expect(page.getByTestId('cluster-card')).toHaveCount(3);
  // A map tab open meanwhile: its chooser follows the file too, without a reload.
  const map = await page.context().newPage();
  await map.goto(`${fleet.dashboard.url}/c/prod-us`);
  const mapChooser = map.getByLabel('Cluster', { exact: true });
  await expect(mapChooser.locator('option')).toHaveCount(3);
  const added = '[value="prod-eu-admin"]';
  const original = readFileSync(fleet.kubeconfig, 'utf8');
  const config = parseYaml(original) as KubeconfigFile;
  // A second context for prod-eu's cluster and user, as `kubectl config set-context` writes one.
  config.contexts.push({ name: 'prod-eu-admin', context: { cluster: 'prod-eu', user: 'prod-eu' } });
  writeFileSync(fleet.kubeconfig, toYaml(config));
  const card = page.locator('[data-testid="cluster-card"][data-cluster="prod-eu-admin"]');
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(card.getByTestId('cluster-state')).toHaveAttribute('data-state', 'live', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('cluster-card')).toHaveCount(4);
  // The overview's chooser from the overview's own poll; the map's from its own.
  await expect(page.getByLabel('Cluster', { exact: true }).locator(`option${added}`)).toHaveCount(
    1,
  );
  await expect(mapChooser.locator(`option${added}`)).toHaveCount(1, { timeout: 30_000 });
  // The order of the options already there does not change; the new one comes last.
  await expect(mapChooser.locator('option').last()).toHaveAttribute('value', 'prod-eu-admin');
  // Arrowing onto it does not navigate; Open does.
  await mapChooser.focus();
  await map.keyboard.press('ArrowDown');
  await map.keyboard.press('ArrowDown');
  await expect(map).toHaveURL(/\/c\/prod-us$/);
  await expect(mapChooser).toHaveValue('prod-eu-admin');
  await map.getByRole('button', { name: 'Open' }).click();
  await expect(map).toHaveURL(/\/c\/prod-eu-admin$/);
  await expect(map.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  await map.close();
  // Removed from the file: gone from the overview and its chooser, live.
  writeFileSync(fleet.kubeconfig, original);
  await expect(page.getByTestId('cluster-card')).toHaveCount(3, { timeout: 30_000 });
  await expect(page.getByLabel('Cluster', { exact: true }).locator(`option${added}`)).toHaveCount(
    0,
  );
});
