/**
 * The diagnosis over HTTP, for scripts: the per-Service diagnosis and the graph's diagnoses
 * follow kubectl changes, an unknown Service is a 404, the timeline records endpoint removals,
 * and a forged cross-origin POST to the reachability check is refused.
 */
import { test, expect } from './fixtures';
import { kubectlOk } from './kubectl';

test.use({ scenario: 'seed' });

test('the diagnosis API and the timeline answer for scripts', async ({
  cluster,
  dashboard,
  request,
}) => {
  await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=0');
  await expect
    .poll(async () => {
      const response = await request.get(
        `${dashboard.url}/api/services/default/ingress-nginx/diagnosis`,
      );
      const body = (await response.json()) as { health: string; reasons: { code: string }[] };
      return body.reasons.map((r) => r.code);
    })
    .toContain('no-endpoints');
  await kubectlOk(
    cluster,
    'create',
    'service',
    'externalname',
    'billing',
    '--external-name',
    'billing.invalid',
  );
  await expect
    .poll(async () => {
      const response = await request.get(`${dashboard.url}/api/graph`);
      const body = (await response.json()) as {
        diagnoses: { name: string; reasons: { code: string }[] }[];
      };
      return body.diagnoses.find((d) => d.name === 'billing')?.reasons.map((r) => r.code) ?? [];
    })
    .toContain('external-name-unresolved');
  const missing = await request.get(`${dashboard.url}/api/services/default/nope/diagnosis`);
  expect(missing.status()).toBe(404);

  await expect
    .poll(async () => {
      const response = await request.get(
        `${dashboard.url}/api/services/default/ingress-nginx/timeline`,
      );
      const body = (await response.json()) as { entries: { type: string; change?: string }[] };
      return body.entries.filter((e) => e.type === 'endpoint' && e.change === 'removed').length;
    })
    .toBe(2);
  const forged = await request.post(
    `${dashboard.url}/api/services/default/external-web/reachability`,
    {
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json' },
      data: {},
    },
  );
  expect(forged.status()).toBe(403);
});
