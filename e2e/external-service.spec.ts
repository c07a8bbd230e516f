/**
 * The external-Service forms end to end: "Add external service" against an embedded cluster.
 * Recreates the seed's external-web through the map (Preview, then Create), checks the graph's
 * outline and kubectl; invalid inputs each show their error and create nothing; focus follows
 * each answer on a fresh form (row 1 too), an error leaves with its row, a removed row hands the
 * focus to its neighbour, and IPv6 on the IPv4-only cluster is refused in words that mark the
 * IPv6 rows; a user denied create on endpointslices is told so before typing; read-only hides the
 * form and refuses writes; forged cross-origin POSTs are refused. What the form creates is owned
 * by the Service and goes when kubectl deletes it; the edit preview shows no server bookkeeping.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { axeViolations, LANDMARK_RULES } from './axe';
import { startDashboard, type EmbeddedCluster } from './harness';
import { MapPage } from './pages/map-page';

test.use({ scenario: 'empty' });

const RESTRICTED_TOKEN = 'no-endpointslices-token';
const AUTH_DIR = mkdtempSync(join(tmpdir(), 'switchboard-e2e-auth-'));
// kube-apiserver's --token-auth-file (token,user,uid) and the user's RBAC: read everything, write
// Services, Endpoints and EndpointSlices — except create EndpointSlices.
const TOKEN_FILE = join(AUTH_DIR, 'tokens.csv');
writeFileSync(TOKEN_FILE, `${RESTRICTED_TOKEN},restricted,restricted-uid\n`);
const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const RESTRICTED_RBAC = join(AUTH_DIR, 'restricted-rbac.json');
writeFileSync(
  RESTRICTED_RBAC,
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'restricted' },
        rules: [
          { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: [''], resources: ['services', 'endpoints'], verbs: WRITE },
          {
            apiGroups: ['discovery.k8s.io'],
            resources: ['endpointslices'],
            verbs: WRITE.filter((verb) => verb !== 'create'),
          },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'restricted' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'restricted' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'restricted' }],
      },
    ],
  }),
);

async function fillSeed(
  page: Page,
  patch: Partial<Record<'name' | 'address' | 'port' | 'portName', string>> = {},
) {
  await expect(page.getByLabel('Namespace')).toHaveValue('default');
  await page.getByLabel('Name', { exact: true }).fill(patch.name ?? 'external-web');
  await page.getByLabel('Address', { exact: true }).fill(patch.address ?? '10.10.50.53');
  await page.getByLabel('Port', { exact: true }).fill(patch.port ?? '80');
  await page.getByLabel('Port name', { exact: true }).fill(patch.portName ?? 'apache');
  await page.getByLabel('Protocol', { exact: true }).selectOption('TCP');
}

/** Everything in the cluster that could carry the name (kubectl as the judge). */
async function objectsNamed(cluster: EmbeddedCluster, name: string): Promise<string> {
  const svc = await cluster.kubectl('get', 'services', '-A', '-o', 'name');
  const slices = await cluster.kubectl(
    'get',
    'endpointslices',
    '-A',
    '-l',
    `kubernetes.io/service-name=${name}`,
    '-o',
    'name',
  );
  const eps = await cluster.kubectl('get', 'endpoints', '-A', '-o', 'name');
  return [svc.stdout, slices.stdout, eps.stdout]
    .join('\n')
    .split('\n')
    .filter((line) => line.endsWith(`/${name}`) || line.includes(`/${name}-`))
    .join('\n');
}

test('recreates the seed external-web through the form on the map (Preview, then Create)', async ({
  page,
  cluster,
}) => {
  const map = new MapPage(page);
  await map.open();
  await page.getByRole('button', { name: 'Add external service' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add external service' });
  await expect(dialog).toBeVisible();
  await fillSeed(page);

  await dialog.getByRole('button', { name: 'Preview' }).click();
  const yaml = dialog.getByLabel('Manifests (YAML)');
  await expect(yaml).toContainText('10.10.50.53');
  await expect(dialog.getByLabel('kubectl command')).toContainText("kubectl apply -f - <<'EOF'");
  await expect(dialog.getByRole('status')).toContainText('Preview ready');
  const previewed = parseAllDocuments((await yaml.textContent()) ?? '').map(
    (d) => d.toJS() as Record<string, unknown>,
  );
  // Nothing exists yet: the preview was a dry run.
  expect(await objectsNamed(cluster, 'external-web')).toBe('');

  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\?focus=default(\/|%2F)external-web/);
  await expect(dialog).toBeHidden();
  // A visible confirmation, and the new Service opens in the panel.
  await expect(page.getByTestId('write-notice')).toContainText(
    'Created default/external-web; it is open in the panel.',
  );
  await expect(map.panel).toContainText('external-web');

  // The watch stream brings it to the graph: the outline shows external-web → 10.10.50.53:80 (apache).
  await expect(map.treeitem(/^Service default\/external-web/)).toBeVisible();
  await expect(
    map.tree.getByRole('treeitem', { name: /10\.10\.50\.53:80 \(apache\)/ }).first(),
  ).toBeVisible();
  await map.assertNoReload();

  // kubectl shows what the preview showed.
  const got = await cluster.kubectl(
    'get',
    'endpointslices',
    '-l',
    'kubernetes.io/service-name=external-web',
    '-o',
    'yaml',
  );
  expect(got.code, got.stderr).toBe(0);
  const items = (parse(got.stdout) as { items: Record<string, unknown>[] }).items;
  expect(items).toHaveLength(1);
  const slice = items[0] as { metadata: Record<string, unknown> } & Record<string, unknown>;
  const shown = previewed.find((d) => d.kind === 'EndpointSlice') as {
    metadata: Record<string, unknown>;
  } & Record<string, unknown>;
  expect(shown).toBeTruthy();
  for (const field of ['name', 'namespace', 'labels', 'annotations'] as const) {
    expect(slice.metadata[field]).toEqual(shown.metadata[field]);
  }
  for (const field of ['addressType', 'endpoints', 'ports'] as const)
    expect(slice[field]).toEqual(shown[field]);
  const svc = await cluster.kubectl('get', 'service', 'external-web', '-o', 'yaml');
  const service = parse(svc.stdout) as { spec: { ports: unknown[]; selector?: unknown } };
  expect(service.spec.selector).toBeUndefined();
  expect(service.spec.ports).toEqual((previewed[0] as { spec: { ports: unknown[] } }).spec.ports);

  // The slice is owned by the Service: the preview said the uid comes with the Service, create
  // put the Service's uid there, and deleting the Service with kubectl takes the slice along.
  expect(shown.metadata.ownerReferences).toEqual([
    {
      apiVersion: 'v1',
      kind: 'Service',
      name: 'external-web',
      uid: '<assigned when the Service is created>',
      controller: true,
    },
  ]);
  const uid = (parse(svc.stdout) as { metadata: { uid: string } }).metadata.uid;
  expect(slice.metadata.ownerReferences).toEqual([
    { apiVersion: 'v1', kind: 'Service', name: 'external-web', uid, controller: true },
  ]);
  const deleted = await cluster.kubectl('delete', 'service', 'external-web');
  expect(deleted.code, deleted.stderr).toBe(0);
  await expect.poll(() => objectsNamed(cluster, 'external-web')).toBe('');
});

test('the form pages say what they are: title, one h1, no axe violations (landmarks too)', async ({
  page,
}) => {
  await page.goto('/external-services/new');
  await expect(page).toHaveTitle('New external Service — Switchboard');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New external Service');
  await expect(page.getByLabel('Namespace')).toHaveValue('default');
  expect(await axeViolations(page, LANDMARK_RULES)).toEqual([]);
  await page.goto('/external-services/edit?namespace=default&name=external-web');
  await expect(page).toHaveTitle('Edit endpoints of default/external-web — Switchboard');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit endpoints');
  // The pages that span clusters name what they show too (lib/page-title.ts).
  await page.goto('/search?q=cart');
  await expect(page).toHaveTitle('Search “cart” — Switchboard');
  await page.goto('/compare?namespace=shop&name=cart');
  await expect(page).toHaveTitle('Compare shop/cart — Switchboard');
});

test('invalid inputs each show their error beside the field and create nothing', async ({
  page,
  cluster,
  request,
  dashboard,
}) => {
  await cluster.kubectl('create', 'service', 'clusterip', 'taken', '--tcp=80:80');
  await page.goto('/external-services/new');
  const cases: { patch: Parameters<typeof fillSeed>[1]; label: string; text: RegExp }[] = [
    { patch: { address: '127.0.0.1' }, label: 'Address', text: /loopback/ },
    { patch: { address: '169.254.169.254' }, label: 'Address', text: /metadata/ },
    { patch: { port: '70000' }, label: 'Port', text: /between 1 and 65535/ },
    { patch: { name: 'Bad_Name' }, label: 'Name', text: /not a valid Service name/ },
  ];
  for (const c of cases) {
    await fillSeed(page, { name: 'probe', ...c.patch });
    await page.getByRole('button', { name: 'Preview' }).click();
    const field = page.getByLabel(c.label, { exact: true });
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    const errorId = (await field.getAttribute('aria-describedby'))?.split(' ')[0] ?? '';
    await expect(page.locator(`[id="${errorId}"]`)).toContainText(c.text);
    await expect(page.getByRole('status')).toContainText('Not previewed');
    await expect(page.getByRole('button', { name: 'Create' })).toBeDisabled();
  }
  // Every problem at once, those only the cluster knows (an address inside it) among them.
  const takenIp = await cluster.kubectl(
    'get',
    'service',
    'taken',
    '-o',
    'jsonpath={.spec.clusterIP}',
  );
  await fillSeed(page, { name: 'Bad_Name', address: takenIp.stdout });
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Address', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('status')).toContainText('Not previewed. 2 problems');

  // The server refuses the same inputs on its own (the browser's check is only a courtesy).
  const origin = dashboard.url;
  for (const input of [
    { addresses: ['127.0.0.1'] },
    { addresses: ['169.254.169.254'] },
    { ports: [{ port: '70000', name: 'apache', protocol: 'TCP' }] },
    { name: 'Bad_Name' },
  ]) {
    const response = await request.post('/api/external-services/preview', {
      headers: { Origin: origin, 'Content-Type': 'application/json' },
      data: {
        input: {
          namespace: 'default',
          name: 'probe',
          addresses: ['10.10.50.53'],
          ports: [{ port: '80', name: 'apache', protocol: 'TCP' }],
          ...input,
        },
      },
    });
    expect(response.status()).toBe(422);
  }

  // A name that exists: a conflict with a link to open it on the map.
  await fillSeed(page, { name: 'taken' });
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('status')).toContainText('already exists');
  await expect(page.getByRole('link', { name: /Open default\/taken on the map/ })).toHaveAttribute(
    'href',
    '/?focus=default/taken',
  );

  expect(await objectsNamed(cluster, 'probe')).toBe('');
  const takenSlices = await cluster.kubectl(
    'get',
    'endpointslices',
    '-l',
    'endpointslice.kubernetes.io/managed-by=switchboard.dev',
    '-A',
    '-o',
    'name',
  );
  expect(takenSlices.stdout.trim()).toBe('');
  const taken = await cluster.kubectl(
    'get',
    'service',
    'taken',
    '-o',
    'jsonpath={.metadata.annotations}',
  );
  expect(taken.stdout).not.toContain('switchboard.dev');
});

/** The text of what a field's aria-describedby names (what a screen reader reads after it). */
async function description(field: Locator): Promise<string> {
  return field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
      .join(' '),
  );
}

/**
 * A fresh form, as a person opens it: rendered on the server, then hydrated. Opened twice, so the
 * server has rendered the form before (the first rows' element ids must not depend on that).
 */
async function openFreshForm(page: Page) {
  await page.goto('/external-services/new');
  await page.goto('/external-services/new');
  await expect(page.getByRole('button', { name: 'Preview' })).toBeEnabled();
}

test('focus follows the answer to the first marked field, row 1 too, and an error leaves with its row', async ({
  page,
  cluster,
}) => {
  await openFreshForm(page);
  const addresses = page.getByLabel('Address', { exact: true });
  // The only invalid field is the first (server-rendered) address row.
  await fillSeed(page, { name: 'focus-probe', address: '127.0.0.1' });
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(addresses.nth(0)).toHaveAttribute('aria-invalid', 'true');
  await expect(addresses.nth(0), 'focus goes to the first marked field').toBeFocused();
  expect(await description(addresses.nth(0))).toContain('loopback');

  await page.getByRole('button', { name: 'Add address' }).click();
  await expect(addresses.nth(1)).toBeFocused();
  await addresses.nth(1).fill('10.10.50.54');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(addresses.nth(0)).toHaveAttribute('aria-invalid', 'true');
  await expect(addresses.nth(0)).toBeFocused();

  // Removing the marked row takes its error along; the row moving up stays clean and takes the
  // focus (it was the next row), never <body>.
  await page.getByRole('button', { name: /^Remove address 1/ }).click();
  await expect(addresses).toHaveCount(1);
  await expect(addresses.nth(0)).toHaveValue('10.10.50.54');
  await expect(addresses.nth(0)).not.toHaveAttribute('aria-invalid', 'true');
  await expect(addresses.nth(0), 'focus goes to the next row').toBeFocused();

  // Removing the last row by keyboard: focus goes to the row before it.
  await page.getByRole('button', { name: 'Add address' }).press('Enter');
  await expect(addresses.nth(1)).toBeFocused();
  await page.getByRole('button', { name: /^Remove address 2/ }).press('Enter');
  await expect(addresses).toHaveCount(1);
  await expect(addresses.nth(0), 'focus goes to the previous row').toBeFocused();

  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('status')).toContainText('Preview ready');
  await expect(page.getByRole('heading', { name: /^Preview/ })).toBeFocused();
  expect(await objectsNamed(cluster, 'focus-probe')).toBe('');
});

test('IPv6 on this IPv4 cluster is said, and marks the IPv6 rows', async ({ page, cluster }) => {
  // The embedded cluster serves IPv4 only: an IPv6 endpoint would be dead, and is refused.
  await openFreshForm(page);
  const addresses = page.getByLabel('Address', { exact: true });
  const group = page.getByRole('group', { name: 'Addresses' });
  await fillSeed(page, { name: 'v6-probe', address: '2001:db8::10' });
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(group).toContainText('This cluster gives Services IPv4 addresses only');
  await expect(addresses.nth(0)).toHaveAttribute('aria-invalid', 'true');
  await expect(addresses.nth(0), 'focus goes to the IPv6 row').toBeFocused();
  expect(await description(addresses.nth(0))).toContain('IPv4 addresses only');
  await expect(page.getByRole('button', { name: 'Create' })).toBeDisabled();

  // Both families: only the IPv6 row is marked, and has the focus.
  await addresses.nth(0).fill('10.10.50.54');
  await page.getByRole('button', { name: 'Add address' }).click();
  await addresses.nth(1).fill('2001:db8::10');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(addresses.nth(1)).toHaveAttribute('aria-invalid', 'true');
  await expect(addresses.nth(1)).toBeFocused();
  await expect(addresses.nth(0)).not.toHaveAttribute('aria-invalid', 'true');
  expect(await description(addresses.nth(1))).toContain('(2001:db8::10)');
  expect(await objectsNamed(cluster, 'v6-probe')).toBe('');
});

test.describe('a user denied create on endpointslices', () => {
  test.use({ clusterArgs: ['--token-auth-file', TOKEN_FILE] });

  test('is told so before typing', async ({ browser, cluster }) => {
    expect((await cluster.kubectl('apply', '-f', RESTRICTED_RBAC)).code).toBe(0);
    // The dashboard runs with that user's credentials (a second kubeconfig with the token).
    const config = parse(readFileSync(cluster.kubeconfig, 'utf8')) as {
      users: { user: Record<string, unknown> }[];
    };
    for (const u of config.users) u.user = { ...u.user, token: RESTRICTED_TOKEN };
    const restricted = join(AUTH_DIR, `restricted-${cluster.port}.yaml`);
    writeFileSync(restricted, stringify(config));
    const dashboard = await startDashboard(restricted);
    try {
      const page = await browser.newPage();
      await page.goto(`${dashboard.url}/external-services/new`);
      const alert = page.getByRole('alert').filter({ hasText: 'You cannot create this here' });
      await expect(alert).toContainText(
        'You may not create endpointslices (discovery.k8s.io) in namespace default',
      );
      await expect(page.getByLabel('Name', { exact: true })).toHaveValue('');
      await expect(page.getByRole('button', { name: 'Preview' })).toBeDisabled();
      // Legacy Endpoints only needs what this user has: the form says so and lets them go on.
      await expect(alert).toContainText('You may still create it as legacy Endpoints');
      await page.getByRole('radio', { name: 'legacy Endpoints', exact: true }).check();
      await expect(page.getByRole('button', { name: 'Preview' })).toBeEnabled();
      await page.close();
    } finally {
      await dashboard.stop();
    }
  });
});

test.describe('read-only mode', () => {
  test.use({ readOnly: true });

  test('hides the form and the server refuses writes', async ({
    page,
    request,
    dashboard,
    cluster,
  }) => {
    await page.goto('/external-services/new');
    await expect(page.getByText('read-only mode')).toBeVisible();
    await expect(page.getByLabel('Name', { exact: true })).toHaveCount(0);
    await page.goto('/');
    await expect(page.getByTestId('service-map')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add external service' })).toHaveCount(0);
    const response = await request.post('/api/external-services/preview', {
      headers: { Origin: dashboard.url, 'Content-Type': 'application/json' },
      data: {
        input: {
          namespace: 'default',
          name: 'ro',
          addresses: ['10.10.50.53'],
          ports: [{ port: '80' }],
        },
      },
    });
    expect(response.status()).toBe(403);
    expect(((await response.json()) as { type: string }).type).toMatch(/:read-only$/);
    expect(await objectsNamed(cluster, 'ro')).toBe('');
  });
});

test('a forged cross-origin POST is refused', async ({ request, dashboard, cluster }) => {
  const input = {
    namespace: 'default',
    name: 'forged',
    addresses: ['10.10.50.53'],
    ports: [{ port: '80', name: 'apache', protocol: 'TCP' }],
  };
  const attempts: { headers: Record<string, string>; data: string }[] = [
    {
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json' },
      data: JSON.stringify({ input, hash: 'x' }),
    },
    { headers: { 'Content-Type': 'application/json' }, data: JSON.stringify({ input, hash: 'x' }) },
    {
      headers: {
        Origin: dashboard.url,
        'Sec-Fetch-Site': 'cross-site',
        'Content-Type': 'application/json',
      },
      data: JSON.stringify({ input, hash: 'x' }),
    },
    {
      headers: { Origin: 'null', 'Content-Type': 'text/plain' },
      data: JSON.stringify({ input, hash: 'x' }),
    },
  ];
  for (const path of ['/api/external-services', '/api/external-services/preview']) {
    for (const attempt of attempts) {
      const response = await request.post(path, attempt);
      expect(response.status(), `${path} ${JSON.stringify(attempt.headers)}`).toBe(403);
    }
  }
  // Same origin but a form-encoded (no-preflight) body is refused too.
  const form = await request.post('/api/external-services', {
    headers: { Origin: dashboard.url, 'Content-Type': 'text/plain' },
    data: JSON.stringify({ input, hash: 'x' }),
  });
  expect(form.status()).toBe(415);
  const put = await request.put('/api/external-services/endpoints', {
    headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json' },
    data: { namespace: 'default', name: 'forged', addresses: [], versions: {} },
  });
  expect(put.status()).toBe(403);
  expect(await objectsNamed(cluster, 'forged')).toBe('');
});

test.describe('edit endpoints of the seed external-web', () => {
  test.use({ scenario: 'seed' });

  test('adds an address in place from the Service panel; a change made meanwhile is a conflict', async ({
    page,
    cluster,
  }) => {
    const map = new MapPage(page);
    const { dialog, addresses } = await map.openEditEndpoints('default/external-web', 1);
    await expect(addresses.first()).toHaveValue('10.10.50.53');
    await dialog.getByRole('button', { name: 'Add address' }).click();
    await expect(addresses.nth(1)).toBeFocused();
    await addresses.nth(1).fill('10.10.50.54');
    const save = dialog.getByRole('button', { name: 'Save' });
    await expect(save, 'Save waits for a preview').toBeDisabled();
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const changes = dialog.getByRole('list', { name: 'Address changes' });
    await expect(changes).toContainText('add 10.10.50.54');
    await expect(changes).toContainText('keep 10.10.50.53');
    await expect(
      dialog.getByText('Update Endpoints external-web: accepted by the API server (dry run)'),
    ).toBeVisible();
    // The preview was a dry run: nothing changed yet.
    const unchanged = await cluster.kubectl(
      'get',
      'endpoints',
      'external-web',
      '-o',
      'jsonpath={.subsets[*].addresses[*].ip}',
    );
    expect(unchanged.stdout).toBe('10.10.50.53');
    await save.click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('write-notice')).toContainText(
      'Saved the endpoints of default/external-web',
    );
    await expect(
      map.tree.getByRole('treeitem', { name: /10\.10\.50\.54:80 \(apache\)/ }).first(),
    ).toBeVisible();
    const ips = await cluster.kubectl(
      'get',
      'endpoints',
      'external-web',
      '-o',
      'jsonpath={.subsets[*].addresses[*].ip}',
    );
    expect(ips.stdout.split(' ').sort()).toEqual(['10.10.50.53', '10.10.50.54']);

    // Someone else changes the Endpoints while the form is open: Save is a conflict, not an overwrite.
    await map.panel.getByRole('button', { name: 'Edit endpoints' }).click();
    await expect(addresses).toHaveCount(2);
    // The preview shows the objects as a person reads them: the save above gave the stored
    // Endpoints managedFields, and none of the server's bookkeeping is shown.
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const previewYaml = dialog.getByTestId('edit-preview-yaml');
    await expect(previewYaml).toContainText('kind: Endpoints');
    for (const field of ['managedFields', 'resourceVersion', 'uid:', 'creationTimestamp']) {
      await expect(previewYaml).not.toContainText(field);
    }
    const other = await cluster.kubectl(
      'annotate',
      'endpoints',
      'external-web',
      'changed-by=someone-else',
    );
    expect(other.code, other.stderr).toBe(0);
    await addresses.nth(0).fill('10.10.50.60');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect(dialog.getByRole('status')).toContainText('changed');
    await expect(dialog.getByRole('button', { name: 'Reload' })).toBeVisible();
    const after = await cluster.kubectl(
      'get',
      'endpoints',
      'external-web',
      '-o',
      'jsonpath={.subsets[*].addresses[*].ip} {.metadata.annotations.changed-by}',
    );
    expect(after.stdout).toBe('10.10.50.53 10.10.50.54 someone-else');

    // Reload reads the Endpoints as they are now: the rows are the stored addresses again, and
    // the change previews against the new version, not as a conflict.
    await dialog.getByRole('button', { name: 'Reload' }).click();
    await expect(addresses.nth(0)).toHaveValue('10.10.50.53');
    await expect(addresses).toHaveCount(2);
    await addresses.nth(0).fill('10.10.50.60');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect(previewYaml).toContainText('10.10.50.60');
    await expect(dialog.getByRole('button', { name: 'Reload' })).toHaveCount(0);
  });
});
