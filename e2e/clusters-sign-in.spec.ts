/**
 * Token sign-in with two clusters, end to end: two embedded clusters, each with its own
 * `--token-auth-file` (a token only the first knows, where RBAC lets alice view everything), and
 * the built dashboard serving both with
 * `--auth token`. Alice signs in with her token through the page: the overview shows the first
 * cluster live and the second "Not signed in" in that cluster's words, without failing the page;
 * the second cluster's card claims nothing about it (no Services, no "No problems", no
 * read-only badge), and its map says why instead of drawing an empty map, opening no stream the
 * cluster would refuse, while the first's map works. Before the page has
 * hydrated, the form cannot be submitted, so the token never lands in a URL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base } from '@playwright/test';
import { writeCombinedKubeconfig } from '../cli/demo-clusters';
import { startCluster, startDashboard, type Dashboard, type EmbeddedCluster } from './harness';

interface Fleet {
  dashboard: Dashboard;
}

const test = base.extend<object, { fleet: Fleet }>({
  fleet: [
    async ({}, provide) => {
      const dir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-clusters-sign-in-'));
      const clusters: EmbeddedCluster[] = [];
      let dashboard: Dashboard | undefined;
      try {
        const tokens = join(dir, 'tokens.csv');
        writeFileSync(tokens, 'alice-token,alice,alice-uid,""\n');
        const empty = join(dir, 'nobody.csv');
        writeFileSync(empty, 'someone-else-token,someone,someone-uid,""\n');
        clusters.push(
          ...(await Promise.all([
            startCluster('seed', {
              extraArgs: ['--token-auth-file', tokens, '--authorization-mode', 'RBAC'],
            }),
            startCluster('seed', { extraArgs: ['--token-auth-file', empty] }),
          ])),
        );
        const bound = await clusters[0]!.kubectl(
          'create',
          'clusterrolebinding',
          'alice-view',
          '--clusterrole=view',
          '--user=alice',
        );
        if (bound.code !== 0) throw new Error(bound.stderr);
        const kubeconfig = writeCombinedKubeconfig(dir, [
          { id: 'prod-eu', file: clusters[0]!.kubeconfig },
          { id: 'prod-us', file: clusters[1]!.kubeconfig },
        ]);
        dashboard = await startDashboard(kubeconfig, {
          env: { SWITCHBOARD_ALL_CONTEXTS: '1', SWITCHBOARD_AUTH: 'token' },
        });
        await provide({ dashboard });
      } finally {
        await dashboard?.stop();
        await Promise.all(clusters.map((c) => c.stop()));
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});

test('a token of one cluster: that cluster live, the other "Not signed in" on its card and its map', async ({
  page,
  fleet,
}) => {
  await page.goto(fleet.dashboard.url);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('Kubernetes token').fill('alice-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const card = (id: string) => page.locator(`[data-testid="cluster-card"][data-cluster="${id}"]`);
  await expect(card('prod-eu').getByTestId('cluster-state')).toHaveAttribute('data-state', 'live', {
    timeout: 30_000,
  });
  const us = card('prod-us').getByTestId('cluster-state');
  await expect(us).toHaveAttribute('data-state', 'signed-out');
  await expect(us).toContainText('Not signed in');
  await expect(us).toContainText('Cluster "prod-us" does not accept your token');
  await expect(card('prod-eu').getByTestId('cluster-health')).not.toHaveText('0 Services');
  // Nothing of prod-us is claimed: not "0 Services, no problems", not read-only.
  await expect(card('prod-us').getByTestId('cluster-health')).toHaveText(
    'Nothing of this cluster is shown to you: it does not accept your sign-in.',
  );
  await expect(card('prod-us').getByText('No problems.')).toHaveCount(0);
  await expect(card('prod-us').getByText('read-only', { exact: true })).toHaveCount(0);

  // Its map says why, and asks for no stream the cluster would refuse on every retry.
  const refusedStreams: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/clusters/prod-us/stream')) refusedStreams.push(request.url());
  });
  await page.goto(`${fleet.dashboard.url}/c/prod-us`);
  await expect(page.getByTestId('cluster-refused')).toContainText(
    'Cluster prod-us does not accept your sign-in',
  );
  await expect(
    page.getByText(/Cluster "prod-us" does not accept your token/).first(),
  ).toBeVisible();
  await expect(page.getByText('Every Service routes.')).toHaveCount(0);
  await page.goto(`${fleet.dashboard.url}/c/prod-eu`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  expect(refusedStreams).toEqual([]);
  await expect(
    page.getByRole('tree').getByRole('treeitem', { name: /^Service default\/external-web/ }),
  ).toBeVisible();
});

test('before the page runs, the token form cannot submit: the token never reaches a URL', async ({
  browser,
  fleet,
}) => {
  // Without JavaScript the page stays as the server sent it, as every page is before hydration.
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(fleet.dashboard.url);
    await expect(page).toHaveURL(/\/sign-in/);
    const signIn = page.getByRole('button', { name: 'Sign in' });
    await expect(signIn).toBeDisabled();
    const field = page.getByLabel('Kubernetes token');
    await field.fill('alice-token');
    const loads: string[] = [];
    page.on('request', (request) => loads.push(request.url()));
    await field.press('Enter');
    await signIn.click({ force: true });
    // A native submit would have navigated by now; the page and every request are token-free.
    await page.waitForLoadState('load');
    expect(page.url()).not.toContain('alice-token');
    expect(loads.filter((url) => url.includes('alice-token'))).toEqual([]);
    await expect(field).toHaveValue('alice-token');
  } finally {
    await context.close();
  }
});
