/**
 * A token revoked after the map loaded, end to end: the built dashboard with `--auth token` in
 * front of the embedded cluster (RBAC on). A ServiceAccount's token signs in and the map goes
 * live; then the ServiceAccount is deleted, so the cluster no longer accepts the token. Once the
 * dashboard's review of it has run out (lib/auth/token-review.ts, `TOKEN_REVIEW_TTL_MS`: 60 s),
 * the open stream is closed by the server (lib/access/stream-scope.ts) — nothing else has to
 * drop it — and its reconnect comes back 401: the map stops retrying and says why in the words
 * the sign-in page uses on load for an ended session, with a link that signs in again and comes
 * back to the map — never "Reconnecting" forever, and never live for a revoked token.
 */
import { expect, test } from '@playwright/test';
import { SESSION_ENDED_TEXT } from '../lib/auth/sign-in-path';
import { serviceAccountToken } from '../lib/auth/testing/cluster-tokens';
import { startCluster, startDashboard, type Dashboard, type EmbeddedCluster } from './harness';

let cluster: EmbeddedCluster | undefined;
let dashboard: Dashboard | undefined;
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
});

test.afterAll(async () => {
  await dashboard?.stop();
  await cluster?.stop();
});

test('a token revoked after the map loaded: the stream stops retrying and the map says to sign in again', async ({
  page,
}) => {
  test.setTimeout(TOKEN_REVIEW_TTL_MS + 120_000);
  await page.goto(dashboard!.url);
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
  // Once the dashboard reviews the token again, the open stream is ended and its reconnect refused.
  const ended = page.getByTestId('session-ended');
  await expect(ended).toBeVisible({ timeout: TOKEN_REVIEW_TTL_MS + 60_000 });

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
