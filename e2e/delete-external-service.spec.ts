/**
 * "Delete Service…" end to end against an embedded cluster, with real kubectl as the judge: a
 * Service made with the form is deleted from its panel with the keyboard — the dialog lists the
 * Service and its slice by name with what happens to each, shows the kubectl equivalent, passes
 * axe, keeps Delete off until the name is typed, gives the focus back on Escape — and the map
 * drops it live while kubectl finds no Service, Endpoints or EndpointSlice left. A user who may
 * not delete Services is told why beside the button, before any dialog opens (the button is
 * unavailable), and the API refuses them too. A Service deleted by someone else while its Edit
 * endpoints dialog is open keeps the dialog and what was typed, and both say it is gone; while
 * its Delete dialog is open, the dialog says so and its Delete does nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { axeViolations } from './axe';
import { startDashboard, type EmbeddedCluster } from './harness';
import { kubectlOk } from './kubectl';
import { MapPage } from './pages/map-page';

/** The Service, its Endpoints and its labelled EndpointSlices, as kubectl names them. */
async function objectsOf(cluster: EmbeddedCluster, name: string): Promise<string> {
  const named = await kubectlOk(
    cluster,
    'get',
    'services,endpoints',
    '--field-selector',
    `metadata.name=${name}`,
    '-o',
    'name',
  );
  const slices = await kubectlOk(
    cluster,
    'get',
    'endpointslices',
    '-l',
    `kubernetes.io/service-name=${name}`,
    '-o',
    'name',
  );
  return `${named}${slices}`.trim();
}

async function createWithForm(page: Page, name: string) {
  await page.getByRole('button', { name: 'Add external service' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add external service' });
  await expect(page.getByLabel('Namespace')).toHaveValue('default');
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Address', { exact: true }).fill('10.10.50.70');
  await dialog.getByLabel('Port', { exact: true }).fill('80');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('status')).toContainText('Preview ready');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
}

test.describe('deleting a Service made with the form', () => {
  test.use({ scenario: 'empty' });

  test('from its panel with the keyboard: the dialog says what goes, the map and kubectl agree', async ({
    page,
    cluster,
  }) => {
    const map = new MapPage(page);
    await map.open();
    await createWithForm(page, 'doomed-web');
    await expect(map.panel).toContainText('doomed-web');
    await expect(map.treeitem(/^Service default\/doomed-web/)).toBeVisible();
    await expect.poll(() => objectsOf(cluster, 'doomed-web')).toContain('doomed-web-ipv4');

    const launcher = map.panel.getByRole('button', { name: 'Delete Service…' });
    await launcher.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete Service default/doomed-web' });
    await expect(dialog).toBeVisible();
    expect(
      await dialog.evaluate((el) => el.contains(document.activeElement)),
      'focus moves into the dialog',
    ).toBe(true);
    const listed = dialog.getByRole('list', { name: 'What would be deleted' });
    await expect(listed).toContainText('Service doomed-web: deleted by Switchboard');
    await expect(listed).toContainText(
      'EndpointSlice doomed-web-ipv4: deleted by the cluster with the Service — owned by the Service',
    );
    await expect(dialog.getByLabel('kubectl command')).toHaveText(
      'kubectl delete service doomed-web -n default --cascade=background',
    );
    const remove = dialog.getByRole('button', { name: 'Delete', exact: true });
    await expect(remove).toBeDisabled();
    expect(await axeViolations(page)).toEqual([]);

    // Escape cancels, deletes nothing, and the focus is back on the button that opened it.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(launcher).toBeFocused();
    expect(await objectsOf(cluster, 'doomed-web')).toContain('service/doomed-web');

    await page.keyboard.press('Enter');
    const confirm = dialog.getByLabel('Type doomed-web to confirm');
    await confirm.focus();
    // Almost the name is not the name: Enter submits nothing.
    await page.keyboard.type('doomed-we');
    await expect(remove).toBeDisabled();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    expect(await objectsOf(cluster, 'doomed-web')).toContain('service/doomed-web');
    await page.keyboard.type('b');
    await expect(remove).toBeEnabled();
    await page.keyboard.press('Tab');
    await expect(remove).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('write-notice')).toContainText(
      'Deleted default/doomed-web and its endpoints.',
    );
    await expect(map.panel).toBeHidden();
    await expect(map.treeitem(/^Service default\/doomed-web/)).toHaveCount(0);
    await expect(page.getByTestId('missing-focus')).toHaveCount(0);
    // The panel and the button that had the focus are gone: the outline has it, not <body>.
    await expect
      .poll(() =>
        page.evaluate(() => {
          const el = document.activeElement;
          return el?.closest('[role="tree"]') ? 'outline' : `${el?.tagName} ${el?.textContent}`;
        }),
      )
      .toBe('outline');
    await map.assertNoReload();
    // kubectl: the Service, its Endpoints and its EndpointSlice are all gone.
    await expect.poll(() => objectsOf(cluster, 'doomed-web')).toBe('');
  });
});

const TOKEN = 'no-delete-token';
const AUTH_DIR = mkdtempSync(join(tmpdir(), 'switchboard-e2e-delete-'));
const TOKEN_FILE = join(AUTH_DIR, 'tokens.csv');
writeFileSync(TOKEN_FILE, `${TOKEN},keeper,keeper-uid\n`);
// Reads everything and writes the form's kinds, but may not delete Services.
const RBAC = join(AUTH_DIR, 'keeper-rbac.json');
writeFileSync(
  RBAC,
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'keeper' },
        rules: [
          { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
          {
            apiGroups: ['', 'discovery.k8s.io'],
            resources: ['services', 'endpoints', 'endpointslices'],
            verbs: ['create', 'update', 'patch'],
          },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'keeper' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'keeper' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'keeper' }],
      },
    ],
  }),
);

test.describe('a user who may not delete Services', () => {
  test.use({ scenario: 'seed', clusterArgs: ['--token-auth-file', TOKEN_FILE] });

  test('is told why beside the button, before any dialog, and the API refuses the delete', async ({
    browser,
    cluster,
  }) => {
    await kubectlOk(cluster, 'apply', '-f', RBAC);
    // The dashboard runs with that user's credentials (a second kubeconfig with the token).
    const config = parse(readFileSync(cluster.kubeconfig, 'utf8')) as {
      users: { user: Record<string, unknown> }[];
    };
    for (const u of config.users) u.user = { ...u.user, token: TOKEN };
    const kubeconfig = join(AUTH_DIR, `keeper-${cluster.port}.yaml`);
    writeFileSync(kubeconfig, stringify(config));
    const dashboard = await startDashboard(kubeconfig);
    try {
      const page = await browser.newPage({ baseURL: dashboard.url });
      const map = new MapPage(page);
      await map.open('?focus=default/external-web');
      // The panel asks first: the button is unavailable, and the reason is written beside it
      // (text, not only the dimming) and read with the button.
      const launcher = map.panel.getByRole('button', { name: 'Delete Service…' });
      const why = 'You cannot delete it: You may not delete services in namespace default';
      await expect(launcher).toBeDisabled();
      await expect(launcher).toHaveAccessibleDescription(new RegExp(`^${why}`));
      await expect(map.panel.getByText(why)).toBeVisible();
      // Still focusable, and pressing it opens nothing: the dialog is not where this is learnt.
      await launcher.focus();
      await expect(launcher).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('dialog')).toHaveCount(0);
      // The dialog's read agrees (it would say the same), and the DELETE itself is refused.
      const plan = (await (
        await page.request.get(
          '/api/external-services/deletion?namespace=default&name=external-web',
        )
      ).json()) as { versions: Record<string, string>; deletable: boolean; reason?: string };
      expect(plan.deletable).toBe(false);
      expect(plan.reason).toContain('You may not delete services in namespace default');
      const refused = await page.request.delete('/api/external-services', {
        headers: { Origin: dashboard.url, 'Content-Type': 'application/json' },
        data: { namespace: 'default', name: 'external-web', versions: plan.versions },
      });
      expect(refused.status()).toBe(403);
      expect(((await refused.json()) as { type: string }).type).toMatch(/:forbidden$/);
      expect(await objectsOf(cluster, 'external-web')).toContain('service/external-web');
      await page.close();
    } finally {
      await dashboard.stop();
    }
  });
});

test.describe('the Service deleted by someone else while its dialog is open', () => {
  test.use({ scenario: 'seed' });

  test('Edit endpoints stays with what was typed and says so; closed, the panel goes and the outline has the focus', async ({
    page,
    cluster,
  }) => {
    const map = new MapPage(page);
    const { dialog, addresses } = await map.openEditEndpoints('default/external-web', 1);
    await dialog.getByRole('button', { name: 'Add address' }).click();
    await addresses.nth(1).fill('10.10.50.54');

    await kubectlOk(cluster, 'delete', 'service', 'external-web');
    await expect(page.getByTestId('missing-focus')).toContainText('does not exist');
    // The dialog stays, with what was typed, and says why saving would fail.
    await expect(dialog.getByRole('alert')).toContainText(
      'Service default/external-web no longer exists in the cluster',
    );
    await expect(addresses.nth(1)).toHaveValue('10.10.50.54');
    await expect(addresses.nth(1)).toBeFocused();
    await expect(map.panel.getByTestId('service-gone')).toContainText('No longer in the cluster');
    expect(await axeViolations(page)).toEqual([]);

    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await expect(map.panel).toHaveCount(0);
    const row = map.tree.locator('[role="treeitem"][tabindex="0"]');
    await expect(row).toHaveCount(1);
    await expect(row).toBeFocused();
  });

  test('Delete Service says at once that it is gone, and Delete does nothing; closed, the panel goes', async ({
    page,
    cluster,
  }) => {
    const map = new MapPage(page);
    await map.open('?focus=default/external-web');
    await map.panel.getByRole('button', { name: 'Delete Service…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Service default/external-web' });
    const confirm = dialog.getByLabel('Type external-web to confirm');
    await confirm.fill('external-web');
    const remove = dialog.getByRole('button', { name: 'Delete', exact: true });
    await expect(remove).toBeEnabled();
    await remove.focus();

    await kubectlOk(cluster, 'delete', 'service', 'external-web');
    await expect(dialog.getByRole('alert')).toHaveText(
      'Service default/external-web no longer exists in the cluster: it was deleted while this ' +
        'dialog was open. There is nothing left to delete: close the dialog.',
    );
    await expect(map.panel.getByTestId('service-gone')).toContainText('No longer in the cluster');
    // Delete keeps the focus it had, says it is off, and pressing it sends nothing.
    await expect(remove).toBeFocused();
    await expect(remove).toHaveAttribute('aria-disabled', 'true');
    await expect(confirm).toHaveAccessibleDescription(
      'Delete is off: the Service is already gone.',
    );
    const deletes: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'DELETE') deletes.push(r.url());
    });
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('status')).toHaveText('');
    expect(deletes).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);

    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await expect(map.panel).toHaveCount(0);
  });
});
