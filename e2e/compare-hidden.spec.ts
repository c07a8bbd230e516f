/**
 * Compare, as a signed-in person whose RBAC hides the Service's namespace in one cluster, end to
 * end: two embedded clusters (RBAC on) both accept alice's token and both hold payments/ledger;
 * prod-eu lets her view `payments`, prod-us only `default` (so prod-us answers for her, just not
 * about `payments`). Signed in with her token through the page, she opens the compare view the
 * way a person does — the cluster's map, the outline by keyboard, the Service's panel, its
 * "Compare across clusters" link — and reads prod-us's cells saying she may not see Services in
 * payments there, a heading that does not claim "the same in every cluster", and prod-eu's cells
 * with the Service's real values; axe finds nothing. A RoleBinding then granted in prod-us shows
 * on the open page, by its own poll, within the access cache bound (lib/access/settings.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { writeCombinedKubeconfig } from '../cli/demo-clusters';
import { axeViolations } from './axe';
import { startCluster, startDashboard, type Dashboard, type EmbeddedCluster } from './harness';
import { kubectlOk } from './kubectl';

/** Short, so the RoleBinding granted mid-test is seen soon; the product caps it at 60 s. */
const ACCESS_CACHE_SECONDS = 2;
const NAMESPACE = 'payments';
const SERVICE = 'ledger';
const HIDDEN_TEXT = `you may not see Services in ${NAMESPACE} here`;

const WORKLOAD = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: SERVICE, namespace: NAMESPACE },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: SERVICE } },
        template: {
          metadata: { labels: { app: SERVICE } },
          spec: {
            containers: [
              {
                name: SERVICE,
                image: 'nginx:1.27',
                ports: [{ name: 'http', containerPort: 8080 }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: SERVICE, namespace: NAMESPACE },
      spec: {
        selector: { app: SERVICE },
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
      },
    },
  ],
};

interface Fleet {
  dashboard: Dashboard;
  clusters: { 'prod-eu': EmbeddedCluster; 'prod-us': EmbeddedCluster };
}

const test = base.extend<object, { fleet: Fleet }>({
  fleet: [
    async ({}, provide) => {
      const dir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-compare-hidden-'));
      const started: EmbeddedCluster[] = [];
      let dashboard: Dashboard | undefined;
      try {
        const tokens = join(dir, 'tokens.csv');
        writeFileSync(tokens, 'alice-token,alice,alice-uid,""\n');
        const workload = join(dir, 'workload.json');
        writeFileSync(workload, JSON.stringify(WORKLOAD));
        const args = ['--token-auth-file', tokens, '--authorization-mode', 'RBAC'];
        started.push(
          ...(await Promise.all([
            startCluster('seed', { extraArgs: args }),
            startCluster('seed', { extraArgs: args }),
          ])),
        );
        const [eu, us] = started as [EmbeddedCluster, EmbeddedCluster];
        for (const [cluster, viewable] of [
          [eu, NAMESPACE],
          [us, 'default'],
        ] as const) {
          const applied = await cluster.kubectl('apply', '-f', workload);
          if (applied.code !== 0) throw new Error(applied.stderr);
          const bound = await cluster.kubectl(...viewBinding(viewable));
          if (bound.code !== 0) throw new Error(bound.stderr);
        }
        const kubeconfig = writeCombinedKubeconfig(dir, [
          { id: 'prod-eu', file: eu.kubeconfig },
          { id: 'prod-us', file: us.kubeconfig },
        ]);
        dashboard = await startDashboard(kubeconfig, {
          env: {
            SWITCHBOARD_ALL_CONTEXTS: '1',
            SWITCHBOARD_AUTH: 'token',
            SWITCHBOARD_ACCESS_CACHE_SECONDS: String(ACCESS_CACHE_SECONDS),
          },
        });
        await provide({ dashboard, clusters: { 'prod-eu': eu, 'prod-us': us } });
      } finally {
        await dashboard?.stop();
        await Promise.all(started.map((c) => c.stop()));
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});

/** kubectl arguments binding the `view` ClusterRole to alice in one namespace. */
function viewBinding(namespace: string): string[] {
  return [
    'create',
    'rolebinding',
    'alice-view',
    '--clusterrole=view',
    '--user=alice',
    '--namespace',
    namespace,
  ];
}

/** The focused element's role and text (treeitems are named by their content, glyphs too). */
const activeRole = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('role') ?? '');
const activeText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

test('compare: the cluster that hides the namespace says so in its cells, and follows a new RoleBinding', async ({
  page,
  fleet,
}) => {
  test.setTimeout(120_000);
  await page.goto(fleet.dashboard.url);
  await expect(page).toHaveURL(/\/sign-in/);
  // Enter submits once the page runs (before, the form refuses: the token stays out of URLs).
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await page.getByLabel('Kubernetes token').fill('alice-token');
  await page.getByLabel('Kubernetes token').press('Enter');
  const euCard = page.locator('[data-testid="cluster-card"][data-cluster="prod-eu"]');
  await expect(euCard.getByTestId('cluster-state')).toHaveAttribute('data-state', 'live', {
    timeout: 30_000,
  });

  // prod-eu's map, by its name on the overview; the Service in the outline, by keyboard.
  await euCard.getByRole('link', { name: 'prod-eu', exact: true }).press('Enter');
  await expect(page).toHaveURL(/\/c\/prod-eu$/);
  const outline = page.getByRole('tree', { name: /Outline of the map/ });
  const serviceName = new RegExp(`^Service ${NAMESPACE}/${SERVICE}`);
  await expect(outline.getByRole('treeitem', { name: serviceName })).toBeVisible({
    timeout: 30_000,
  });
  const focused = page.locator(':focus');
  for (let i = 0; i < 40 && (await activeRole(page)) !== 'treeitem'; i++)
    await page.keyboard.press('Tab');
  await expect(focused).toHaveRole('treeitem');
  await page.keyboard.press('Home');
  for (
    let i = 0;
    i < 40 && !(await activeText(page)).includes(`Service ${NAMESPACE}/${SERVICE}`);
    i++
  )
    await page.keyboard.press('ArrowDown');
  await expect(focused).toHaveAccessibleName(serviceName);
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('service-panel');
  await expect(
    panel.getByRole('heading', { name: `Service ${NAMESPACE}/${SERVICE}` }),
  ).toBeVisible();
  const compareLink = panel.getByRole('link', { name: 'Compare across clusters' });
  for (let i = 0; i < 20 && !(await compareLink.evaluate((a) => a === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(compareLink).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/compare\\?namespace=${NAMESPACE}&name=${SERVICE}$`));
  // Marks this document: gone if the page ever reloads or navigates.
  await page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));

  // Columns: the field's header, "differs", then prod-eu, prod-us (the registry's order).
  const table = page.getByTestId('compare-table');
  const cellOf = (field: string, column: 'prod-eu' | 'prod-us') =>
    table
      .locator(`[data-testid="compare-row"][data-field="${field}"]`)
      .locator('td')
      .nth(column === 'prod-eu' ? 1 : 2);
  const fields = ['found', 'type', 'ports', 'selector', 'endpoints', 'diagnosis'];
  const realValues: Record<string, string> = {
    found: 'yes',
    type: 'ClusterIP',
    ports: 'http 80/TCP → 8080',
    selector: `app=${SERVICE}`,
    endpoints: '1 of 1',
    diagnosis: 'Routes to 1 ready endpoint.',
  };
  await expect(cellOf('endpoints', 'prod-eu')).toHaveText('1 of 1', { timeout: 30_000 });
  for (const field of fields) {
    await expect(cellOf(field, 'prod-eu')).toHaveText(realValues[field]!);
    await expect(cellOf(field, 'prod-us')).toHaveText(HIDDEN_TEXT);
  }
  // Not a difference (it tells nothing), and the heading names the cluster not compared rather
  // than claiming "the same in every cluster".
  await expect(table.locator('[data-testid="compare-row"][data-differs="true"]')).toHaveCount(0);
  const summary = page.getByTestId('compare-summary');
  await expect(summary).toHaveText(
    'The same in every cluster compared; you may not see Services in payments in prod-us.',
  );
  // prod-us's header links to no Service there: the viewer may not see one.
  await expect(table.getByRole('link', { name: 'prod-us' })).toHaveCount(0);
  await expect(table.getByRole('link', { name: 'prod-eu' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // Granted in prod-us: the open page's own poll shows the real values once the access cache
  // bound has passed, with no reload.
  await kubectlOk(fleet.clusters['prod-us'], ...viewBinding(NAMESPACE));
  await expect(cellOf('found', 'prod-us')).toHaveText('yes', { timeout: 30_000 });
  await expect(cellOf('endpoints', 'prod-us')).toHaveText('1 of 1', { timeout: 30_000 });
  for (const field of fields) await expect(cellOf(field, 'prod-us')).toHaveText(realValues[field]!);
  await expect(page.getByText(HIDDEN_TEXT)).toHaveCount(0);
  await expect(summary).toHaveText('The same in every cluster.');
  await expect(table.getByRole('link', { name: 'prod-us' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(
    1,
  );
});
