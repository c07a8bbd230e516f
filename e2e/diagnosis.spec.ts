/**
 * The diagnosis in a browser: eight ways a Service routes nowhere, each produced with real
 * kubectl against the embedded cluster while the page is open; the Service's panel names the
 * reason; each is then fixed with kubectl and the reason clears live, without a reload. The same
 * answers over HTTP, for scripts, are in diagnosis-api.spec.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { kubectlOk } from './kubectl';

test.use({ scenario: 'seed' });

const MANIFEST = `apiVersion: v1
kind: Namespace
metadata:
  name: diag
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: diag }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{ name: http, containerPort: 8080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: diag }
spec:
  replicas: 2
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:2.3
          ports: [{ name: http, containerPort: 8080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: worker, namespace: diag }
spec:
  replicas: 1
  selector: { matchLabels: { app: worker } }
  template:
    metadata: { labels: { app: worker } }
    spec:
      containers:
        - name: worker
          image: ghcr.io/example/worker:1.0
          ports: [{ name: http, containerPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: web-typo, namespace: diag }
spec:
  selector: { app: wbe }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: diag }
spec:
  selector: { app: api }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: worker, namespace: diag }
spec:
  selector: { app: worker }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: web-metrics, namespace: diag }
spec:
  selector: { app: web }
  ports: [{ name: metrics, port: 9090, targetPort: metrics }]
---
apiVersion: v1
kind: Service
metadata: { name: vm-db, namespace: diag }
spec:
  ports: [{ name: postgres, port: 5432, targetPort: 5432 }]
---
apiVersion: v1
kind: Service
metadata: { name: legacy-web, namespace: diag }
spec:
  ports: [{ name: apache, port: 80, targetPort: 80 }]
---
apiVersion: v1
kind: Endpoints
metadata: { name: legacy-web, namespace: diag }
subsets:
  - addresses: [{ ip: 10.10.50.60 }]
    ports: [{ name: http, port: 80, protocol: TCP }]
---
apiVersion: v1
kind: Service
metadata: { name: billing, namespace: diag }
spec:
  type: ExternalName
  externalName: billing.invalid
`;

function writeManifest(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'diag-')), 'manifest.yaml');
  writeFileSync(file, text);
  return file;
}

async function openService(page: Page, namespace: string, name: string) {
  const url = new URL(page.url());
  url.search = `?focus=${namespace}/${name}`;
  // Switching the focused Service through the URL is a deep link; the tests that must prove
  // "without a reload" below check the page's navigation counter instead.
  await page.goto(url.toString());
  await expect(page.getByTestId('service-panel')).toContainText(`Service ${namespace}/${name}`);
}

function reason(page: Page, code: string) {
  return page.getByTestId('service-panel').locator(`[data-code="${code}"]`);
}

test('names eight reasons a Service routes nowhere, and clears each live when fixed', async ({
  page,
  cluster,
  dashboard,
}) => {
  test.setTimeout(240_000);
  await kubectlOk(cluster, 'apply', '--validate=false', '-f', writeManifest(MANIFEST));
  // A selector-less Service whose manual endpoint is a pod IP of another namespace.
  let foreignIp = '';
  await expect
    .poll(async () => {
      foreignIp = (
        await cluster.kubectl(
          'get',
          'pods',
          '-n',
          'default',
          '-l',
          'app=nginx',
          '-o',
          'jsonpath={.items[0].status.podIP}',
        )
      ).stdout.trim();
      return foreignIp;
    })
    .toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  await kubectlOk(
    cluster,
    'apply',
    '--validate=false',
    '-f',
    writeManifest(`apiVersion: v1
kind: Service
metadata: { name: stolen, namespace: diag }
spec:
  ports: [{ name: http, port: 80, targetPort: 80 }]
---
apiVersion: v1
kind: Endpoints
metadata: { name: stolen, namespace: diag }
subsets:
  - addresses: [{ ip: ${foreignIp} }]
    ports: [{ name: http, port: 80, protocol: TCP }]
`),
  );
  // Wait for the workloads to be ready so that only the intended faults remain.
  await expect
    .poll(
      async () =>
        (
          await cluster.kubectl(
            'get',
            'endpoints',
            'api',
            '-n',
            'diag',
            '-o',
            'jsonpath={.subsets[*].addresses[*].ip}',
          )
        ).stdout
          .trim()
          .split(/\s+/)
          .filter(Boolean).length,
      { timeout: 30_000 },
    )
    .toBe(2);

  // Produce the remaining faults with kubectl.
  await kubectlOk(cluster, 'scale', 'deployment', 'api', '-n', 'diag', '--replicas=0');
  const workerPod = (
    await kubectlOk(
      cluster,
      'get',
      'pods',
      '-n',
      'diag',
      '-l',
      'app=worker',
      '-o',
      'jsonpath={.items[0].metadata.name}',
    )
  ).trim();
  await kubectlOk(
    cluster,
    'annotate',
    'pod',
    workerPod,
    '-n',
    'diag',
    'switchboard.dev/simulate=ready=false',
    '--overwrite',
  );

  await page.goto(`${dashboard.url}/`);

  const cases: { service: string; code: string; fix: string[][] }[] = [
    {
      service: 'web-typo',
      code: 'selector-matches-no-pods',
      fix: [
        ['patch', 'service', 'web-typo', '-n', 'diag', '-p', '{"spec":{"selector":{"app":"web"}}}'],
      ],
    },
    {
      service: 'api',
      code: 'no-endpoints',
      fix: [['scale', 'deployment', 'api', '-n', 'diag', '--replicas=2']],
    },
    {
      service: 'worker',
      code: 'pods-not-ready',
      fix: [['annotate', 'pod', workerPod, '-n', 'diag', 'switchboard.dev/simulate-']],
    },
    {
      service: 'web-metrics',
      code: 'target-port-not-served',
      fix: [
        [
          'patch',
          'service',
          'web-metrics',
          '-n',
          'diag',
          '--type=json',
          '-p',
          '[{"op":"replace","path":"/spec/ports/0/targetPort","value":"http"}]',
        ],
      ],
    },
    {
      service: 'vm-db',
      code: 'selectorless-no-endpoints',
      fix: [
        [
          'apply',
          '--validate=false',
          '-f',
          writeManifest(`apiVersion: v1
kind: Endpoints
metadata: { name: vm-db, namespace: diag }
subsets:
  - addresses: [{ ip: 10.10.50.70 }]
    ports: [{ name: postgres, port: 5432, protocol: TCP }]
`),
        ],
      ],
    },
    {
      service: 'legacy-web',
      code: 'port-name-mismatch',
      fix: [
        [
          'patch',
          'endpoints',
          'legacy-web',
          '-n',
          'diag',
          '--type=json',
          '-p',
          '[{"op":"replace","path":"/subsets/0/ports/0/name","value":"apache"}]',
        ],
      ],
    },
    {
      service: 'billing',
      code: 'external-name-unresolved',
      fix: [
        [
          'patch',
          'service',
          'billing',
          '-n',
          'diag',
          '-p',
          '{"spec":{"externalName":"billing.localhost"}}',
        ],
      ],
    },
    {
      service: 'stolen',
      code: 'endpoint-address-foreign-pod-ip',
      fix: [
        [
          'patch',
          'endpoints',
          'stolen',
          '-n',
          'diag',
          '--type=json',
          '-p',
          '[{"op":"replace","path":"/subsets/0/addresses/0/ip","value":"10.10.50.80"}]',
        ],
      ],
    },
  ];

  for (const { service, code, fix } of cases) {
    await test.step(`${service}: ${code} is named, then clears when fixed`, async () => {
      await openService(page, 'diag', service);
      await expect(reason(page, code)).toBeVisible({ timeout: 20_000 });
      const navigations = await page.evaluate(
        () => performance.getEntriesByType('navigation').length,
      );
      const marker = await page.evaluate(() => {
        const w = window as unknown as { __diagMarker?: number };
        w.__diagMarker = Math.random();
        return w.__diagMarker;
      });
      for (const args of fix) await kubectlOk(cluster, ...args);
      await expect(reason(page, code)).toHaveCount(0, { timeout: 20_000 });
      // Cleared live: same document, no reload.
      expect(
        await page.evaluate(() => (window as unknown as { __diagMarker?: number }).__diagMarker),
      ).toBe(marker);
      expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(
        navigations,
      );
    });
  }
});
