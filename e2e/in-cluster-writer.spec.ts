/**
 * The writer overlay makes the form work, and only where it says: the standalone server run as
 * the image would (e2e/in-cluster-server.ts) with the ServiceAccount of deploy/overlays/writer
 * (write verbs bound in `default` and `shop`) creates an external Service in `default` through
 * the API the form uses (preview, then create), is refused by its own permission check in a
 * namespace the overlay does not list, and the audit log holds no 403 for the ServiceAccount.
 */
import { expect, test } from '@playwright/test';
import { SERVICE_ACCOUNT, startInCluster, type InClusterRun } from './in-cluster-server';

test.describe.configure({ mode: 'serial' });

let run: InClusterRun | undefined;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  run = await startInCluster('writer');
  expect((await run.cluster.kubectl('create', 'namespace', 'payments')).code).toBe(0);
});

test.afterAll(async () => {
  await run?.stop();
  run = undefined;
});

const input = (namespace: string, name: string) => ({
  input: { namespace, name, addresses: ['10.10.50.53'], ports: [{ port: '80' }] },
});

test('the form is offered and creates an external Service in a listed namespace', async ({
  page,
  request,
}) => {
  const { dashboard, cluster } = run!;
  await page.goto(`${dashboard.url}/external-services/new`);
  await expect(page.getByLabel('Name', { exact: true })).toBeVisible();
  await expect(page.getByText('read-only mode')).toHaveCount(0);

  const headers = { Origin: dashboard.url, 'Content-Type': 'application/json' };
  const preview = await request.post(`${dashboard.url}/api/external-services/preview`, {
    headers,
    data: input('default', 'billing-db'),
  });
  expect(preview.status(), await preview.text()).toBe(200);
  // As the form does: create exactly what was previewed (its request id and hash).
  const { hash, requestId } = (await preview.json()) as { hash: string; requestId: string };
  const previewed = input('default', 'billing-db').input;
  const created = await request.post(`${dashboard.url}/api/external-services`, {
    headers,
    data: { input: { ...previewed, requestId }, hash },
  });
  expect(created.status(), await created.text()).toBe(201);
  const svc = await cluster.kubectl('get', 'service', 'billing-db', '-n', 'default');
  expect(svc.code, svc.stderr).toBe(0);
});

test('a namespace the overlay does not list is refused by the permission check', async ({
  request,
}) => {
  const { dashboard, cluster } = run!;
  const preview = await request.post(`${dashboard.url}/api/external-services/preview`, {
    headers: { Origin: dashboard.url, 'Content-Type': 'application/json' },
    data: input('payments', 'ledger'),
  });
  expect(preview.status()).toBe(403);
  expect(await preview.text()).toContain('You may not create');
  expect((await cluster.kubectl('get', 'service', 'ledger', '-n', 'payments')).code).not.toBe(0);
});

test('the audit log holds no 403 for the ServiceAccount', async () => {
  const events = await run!.stop();
  run = undefined;
  const mine = events.filter((e) => e.user.username === SERVICE_ACCOUNT);
  expect(mine.some((e) => e.verb === 'create' && e.objectRef?.resource === 'services')).toBe(true);
  const refused = mine
    .filter((e) => e.responseStatus?.code === 403)
    .map((e) => `${e.verb} ${e.requestURI}`);
  expect(refused).toEqual([]);
});
