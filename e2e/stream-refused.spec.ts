/**
 * A token revoked after the map loaded, end to end: the built dashboard with `--auth token` in
 * front of the embedded cluster (RBAC on), reached through a loopback TCP proxy that can drop its
 * connections. A ServiceAccount's token signs in and the map goes live; then the ServiceAccount is
 * deleted, so the cluster no longer accepts the token. Once the dashboard's review of it has run
 * out (lib/auth/token-review.ts, `TOKEN_REVIEW_TTL_MS`: 60 s), a dropped stream comes back 401: the map
 * stops retrying and says why in the words the sign-in page uses on load for an ended session,
 * with a link that signs in again and comes back to the map — never "Reconnecting" forever.
 */
import { expect, test } from '@playwright/test';
import { SESSION_ENDED_TEXT } from '../lib/auth/sign-in-path';
import { serviceAccountToken } from '../lib/auth/testing/cluster-tokens';
import { TcpProxy } from '../lib/k8s/testing/tcp-proxy';
import { startCluster, startDashboard, type Dashboard, type EmbeddedCluster } from './harness';

let cluster: EmbeddedCluster | undefined;
let dashboard: Dashboard | undefined;
let proxy: TcpProxy | undefined;
let token = '';
/** How long the dashboard reuses a review of the token: lib/auth/token-review.ts (server-only). */
const TOKEN_REVIEW_TTL_MS = 60_000;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  cluster = await startCluster('seed', { extraArgs: ['--authorization-mode', 'RBAC'] });
  token = await serviceAccountToken(cluster, 'oncall');
  const bound = await cluster.kubectl(
    'create',
    'clusterrolebinding',
    'oncall-view',
    '--clusterrole=view',
    '--serviceaccount=default:oncall',
  );
  expect(bound.code, bound.stderr).toBe(0);
  dashboard = await startDashboard(cluster.kubeconfig, { env: { SWITCHBOARD_AUTH: 'token' } });
  proxy = new TcpProxy('127.0.0.1', dashboard.port);
  await proxy.start();
});

test.afterAll(async () => {
  await proxy?.stop();
  await dashboard?.stop();
  await cluster?.stop();
});

test('a token revoked after the map loaded: the stream stops retrying and the map says to sign in again', async ({
  page,
}) => {
  test.setTimeout(TOKEN_REVIEW_TTL_MS + 120_000);
  await page.goto(proxy!.url);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('Kubernetes token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const state = page.getByTestId('connection-state');
  await expect(state).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect(
    page.getByRole('tree').getByRole('treeitem', { name: /^Service default\/ingress-nginx/ }),
  ).toBeVisible();

  const deleted = await cluster!.kubectl('delete', 'serviceaccount', 'oncall');
  expect(deleted.code, deleted.stderr).toBe(0);
  // Until the dashboard reviews the token again, a dropped stream comes back as before; after,
  // it is refused. Drop it until it is.
  const ended = page.getByTestId('session-ended');
  await expect(async () => {
    proxy!.dropAll();
    await expect(ended).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: TOKEN_REVIEW_TTL_MS + 60_000, intervals: [2_000] });

  await expect(state).toHaveAttribute('data-state', 'refused');
  await expect(state).toContainText('Signed out');
  await expect(state).not.toContainText('Reconnecting');
  await expect(ended).toContainText(SESSION_ENDED_TEXT);
  // The sign-in page, told the session ended, says the same; and brings the person back here.
  const again = ended.getByRole('link', { name: 'Sign in again' });
  await expect(again).toHaveAttribute('href', /^\/sign-in\?(.*&)?ended=1/);
  await again.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/sign-in\?/);
  await expect(page.getByText(SESSION_ENDED_TEXT)).toBeVisible();
});
