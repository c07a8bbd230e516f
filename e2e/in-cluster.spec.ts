/**
 * Least privilege, proven by use: the standalone server started as the image runs it (a
 * read-only copy, uid 65532, the in-cluster ServiceAccount of the read-only overlay; see
 * e2e/in-cluster-server.ts) is ready on its metrics port (/readyz, /healthz) and serves the seed
 * map; a person walks through it — the map, a Service's panel with its diagnosis and timeline,
 * the form page — and afterwards the cluster's audit log holds not one 403 for the dashboard's
 * ServiceAccount.
 */
import { expect, test } from '@playwright/test';
import { MapPage } from './pages/map-page';
import { SERVICE_ACCOUNT, startInCluster, type InClusterRun } from './in-cluster-server';

test.describe.configure({ mode: 'serial' });

let run: InClusterRun | undefined;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  run = await startInCluster();
  if (run.sameUserReason) console.log(`in-cluster: ${run.sameUserReason}`);
});

test.afterAll(async () => {
  await run?.stop();
  run = undefined;
});

interface Graph {
  topology: { services: { namespace: string; name: string; endpointCount: number }[] };
}

test('serves the seed map from the in-cluster ServiceAccount', async ({ request }) => {
  const { dashboard, metricsUrl } = run!;
  // The pod's probes: readiness and liveness on the metrics port, as the Deployment asks.
  await expect.poll(async () => (await request.get(`${metricsUrl}/readyz`)).status()).toBe(200);
  expect((await request.get(`${metricsUrl}/healthz`)).status()).toBe(200);
  await expect
    .poll(async () => {
      const body = (await (await request.get(`${dashboard.url}/api/graph`)).json()) as Graph;
      return body.topology.services.find(
        (s) => s.namespace === 'default' && s.name === 'ingress-nginx',
      )?.endpointCount;
    })
    .toBe(2);
});

test('a person walks the map, a Service panel, its diagnosis and timeline, the form', async ({
  page,
}) => {
  const { dashboard } = run!;
  const map = new MapPage(page);
  await page.goto(`${dashboard.url}/`);
  await expect(page.getByTestId('service-map')).toBeVisible();
  await expect(
    map.treeitem(/^Service default\/ingress-nginx, NodePort, 2 of 2 endpoints ready, healthy/),
  ).toBeVisible();
  await page.goto(`${dashboard.url}/?focus=default/ingress-nginx`);
  await expect(map.panel).toContainText('Service default/ingress-nginx');
  await expect(map.panel).toContainText('Routes: every check passed.');
  await expect(
    map.panel.getByRole('list', { name: 'Timeline of default/ingress-nginx, newest first' }),
  ).toBeVisible();
  await page.goto(`${dashboard.url}/?focus=default/external-web`);
  await expect(map.panel).toContainText('Service default/external-web');
  await page.goto(`${dashboard.url}/external-services/new`);
  await expect(page.getByText('read-only mode')).toBeVisible();
});

test('the audit log holds no 403 for the ServiceAccount', async () => {
  const events = await run!.stop();
  run = undefined;
  const mine = events.filter((e) => e.user.username === SERVICE_ACCOUNT);
  expect(mine.filter((e) => e.verb === 'watch').length).toBeGreaterThan(0);
  const refused = mine
    .filter((e) => e.responseStatus?.code === 403)
    .map((e) => `${e.verb} ${e.requestURI}`);
  expect(refused).toEqual([]);
});
