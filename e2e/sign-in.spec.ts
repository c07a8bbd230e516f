/**
 * Sign-in end to end, as a team would run it: the standalone server inside a "pod" of the
 * embedded cluster (RBAC on, audit log on) with the `sign-in-oidc` overlay — its ServiceAccount
 * may read every kind, review access and impersonate, and may write nothing itself — and a real
 * OpenID provider (oidc-provider) on loopback. People sign in through the provider's pages in
 * the browser:
 * - alice (`oidc:alice@example.com`, group `oidc:team-a`, as the overlay's prefixes name her; `edit` and the external-service writer role in
 *   team-a only) sees team-a and nothing of team-b — on the page and in her stream's bytes, while
 *   team-b changes; she creates an external Service in team-a through the form (the cluster's
 *   audit log shows the dashboard's ServiceAccount impersonating her) and is refused in team-b
 *   with the cluster's own 403 text;
 * - bob (`oidc:bob@example.com`, group `oidc:sre`, cluster-wide `view`) sees both namespaces and cannot
 *   write;
 * - a RoleBinding added for alice shows team-b on her open page within the access cache bound;
 * - signing out ends the session in the browser.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { startOidcProvider, type TestOidcProvider } from '../lib/auth/testing/oidc-provider';
import { freePort } from './harness';
import { SERVICE_ACCOUNT, startInCluster, type InClusterRun } from './in-cluster-server';
import { STREAM_PROTOCOL_VERSION, type StreamEvent } from '../lib/stream/protocol';
import { SseParser } from '../lib/stream/sse';

test.describe.configure({ mode: 'serial' });

/** Short, so a new RoleBinding is seen quickly; the product caps it at 60 s. */
const ACCESS_CACHE_SECONDS = 3;
// The overlay maps names as an API server run with `--oidc-username-prefix=oidc:` and
// `--oidc-groups-prefix=oidc:` names them, so RoleBindings name the prefixed subjects.
const ALICE = 'oidc:alice@example.com';
const BOB = 'oidc:bob@example.com';

const RBAC = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    ...['team-a', 'team-b'].flatMap((namespace) => {
      const app = namespace === 'team-a' ? 'cart' : 'ledger';
      return [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: app, namespace },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app } },
            template: {
              metadata: { labels: { app } },
              spec: { containers: [{ name: app, image: 'nginx:1.27' }] },
            },
          },
        },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: app, namespace },
          spec: { selector: { app }, ports: [{ port: 80, protocol: 'TCP' }] },
        },
      ];
    }),
    // The external-service form writes Services, Endpoints and EndpointSlices; `edit` has not
    // granted Endpoints/EndpointSlices writes since Kubernetes 1.22, so teams bind a role for it.
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'external-services', namespace: 'team-a' },
      rules: [
        {
          apiGroups: [''],
          resources: ['services', 'endpoints'],
          verbs: ['get', 'list', 'create', 'delete'],
        },
        {
          apiGroups: ['discovery.k8s.io'],
          resources: ['endpointslices'],
          verbs: ['get', 'list', 'create', 'delete'],
        },
      ],
    },
    roleBinding('team-a', 'alice-edit', 'ClusterRole', 'edit', ALICE),
    roleBinding('team-a', 'alice-external-services', 'Role', 'external-services', ALICE),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'sre-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'oidc:sre' }],
    },
  ],
};

function roleBinding(namespace: string, name: string, kind: string, role: string, user: string) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  };
}

let run: InClusterRun | undefined;
let provider: TestOidcProvider | undefined;
let dir = '';

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = mkdtempSync(join(tmpdir(), 'switchboard-sign-in-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({
    redirectUris: [`${publicUrl}/api/auth/oidc/callback`],
    postLogoutRedirectUris: [publicUrl, `${publicUrl}/`, `${publicUrl}/sign-in`],
  });
  const secretFile = join(dir, 'client-secret');
  writeFileSync(secretFile, provider.clientSecret, { mode: 0o644 });
  // The overlay mounts the session keys from a Secret; here, a file with one key (`id password`).
  const keyFile = join(dir, 'session-keys');
  writeFileSync(keyFile, `1 ${randomBytes(32).toString('hex')}\n`, { mode: 0o644 });
  run = await startInCluster('sign-in-oidc', {
    port,
    env: {
      SWITCHBOARD_AUTH: 'oidc',
      SWITCHBOARD_OIDC_ISSUER: provider.issuer,
      SWITCHBOARD_OIDC_CLIENT_ID: provider.clientId,
      SWITCHBOARD_OIDC_CLIENT_SECRET_FILE: secretFile,
      SWITCHBOARD_PUBLIC_URL: publicUrl,
      SWITCHBOARD_SESSION_KEY_FILE: keyFile,
      SWITCHBOARD_ACCESS_CACHE_SECONDS: String(ACCESS_CACHE_SECONDS),
    },
  });
  const applied = await run.cluster.kubectlWithEnv({}, 'apply', '-f', writeJson('rbac', RBAC));
  expect(applied.code, applied.stderr).toBe(0);
});

test.afterAll(async () => {
  await run?.stop();
  await provider?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function writeJson(name: string, value: unknown): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

/** Through the dashboard's sign-in page and the provider's own login and consent pages. */
async function signIn(page: Page, account: 'alice' | 'bob'): Promise<void> {
  await page.goto(`${run!.dashboard.url}/`);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByRole('link', { name: /Sign in with/ }).click();
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  // The provider's consent page (first sign-in of this account to this client).
  const consent = page.locator('button[type="submit"]');
  if (await consent.isVisible().catch(() => false)) await consent.click();
  await expect(page.getByTestId('service-map')).toBeVisible();
}

async function cookieHeader(context: BrowserContext): Promise<string> {
  const cookies = await context.cookies(run!.dashboard.url);
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** The form's preview request for an external Service, as the person signed in to `context`. */
async function previewAs(
  context: BrowserContext,
  namespace: string,
  name: string,
  address: string,
) {
  return fetch(`${run!.dashboard.url}/api/external-services/preview`, {
    method: 'POST',
    headers: {
      cookie: await cookieHeader(context),
      origin: run!.dashboard.url,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      input: { namespace, name, addresses: [address], ports: [{ port: '80' }] },
    }),
  });
}

/** Reads `/api/stream` as this person for `ms`, while `during` runs; answers the bytes. */
async function streamBytes(cookie: string, during: () => Promise<void>, ms: number) {
  const abort = new AbortController();
  const response = await fetch(`${run!.dashboard.url}/api/stream?v=${STREAM_PROTOCOL_VERSION}`, {
    headers: { cookie },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      text += decoder.decode(value, { stream: true });
    }
  })();
  await during();
  await new Promise((resolve) => setTimeout(resolve, ms));
  abort.abort();
  await reading;
  return text;
}

test('alice sees team-a only: the page, and her stream while both namespaces change', async ({
  page,
  context,
}) => {
  await signIn(page, 'alice');
  const who = page.getByRole('group', { name: 'Sign-in' });
  await expect(who).toContainText(ALICE);
  await expect(who).toContainText('oidc:team-a');
  const tree = page.getByRole('tree', { name: /Outline of the map/ });
  await expect(tree.getByRole('treeitem', { name: /^Service team-a\/cart/ })).toBeVisible();
  await expect(page.getByText('ledger')).toHaveCount(0);
  await expect(page.getByText('team-b')).toHaveCount(0);

  const cluster = run!.cluster;
  const bytes = await streamBytes(
    await cookieHeader(context),
    async () => {
      for (const namespace of ['team-b', 'team-a']) {
        const app = namespace === 'team-a' ? 'cart' : 'ledger';
        const r = await cluster.kubectl(
          'annotate',
          'service',
          app,
          '-n',
          namespace,
          `touched=${namespace}`,
        );
        expect(r.code, r.stderr).toBe(0);
      }
    },
    3000,
  );
  expect(bytes).toContain('event: snapshot');
  // Her own namespace's change arrived as a delta after the snapshot (who changed it rides along;
  // annotations themselves are not streamed)...
  const events = new SseParser().push(bytes).map((m) => JSON.parse(m.data) as StreamEvent);
  const snapshot = events.find((e) => e.type === 'snapshot');
  const cart = snapshot?.type === 'snapshot' ? snapshot.records : [];
  const uid = cart.find((r) => r.kind === 'Service' && r.meta.name === 'cart')?.meta.uid;
  expect(uid).toBeTruthy();
  const deltas = JSON.stringify(events.filter((e) => e.type === 'delta'));
  expect(deltas).toContain(uid);
  expect(deltas).toContain('kubectl-annotate');
  // ...and nothing of team-b ever did, neither in the snapshot nor in a delta.
  expect(bytes).not.toContain('team-b');
  expect(bytes).not.toContain('ledger');
});

test('alice creates an external Service in team-a as herself, and team-b refuses her with the cluster’s words', async ({
  page,
  context,
}) => {
  await signIn(page, 'alice');
  await page.getByRole('button', { name: 'Add external service' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add external service' });
  await expect(dialog).toBeVisible();
  await expect(page.getByLabel('Namespace')).toHaveValue('team-a');
  await page.getByLabel('Name', { exact: true }).fill('billing-db');
  await page.getByLabel('Address', { exact: true }).fill('10.30.0.15');
  await page.getByLabel('Port', { exact: true }).fill('5432');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('status')).toContainText('Preview ready');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('write-notice')).toContainText('Created team-a/billing-db');
  const created = await run!.cluster.kubectl('get', 'service', 'billing-db', '-n', 'team-a');
  expect(created.code, created.stderr).toBe(0);

  // team-b is not offered to her; asked directly, the cluster's RBAC answers as for her.
  const refused = await previewAs(context, 'team-b', 'sneaky', '10.30.0.16');
  expect(refused.status).toBe(403);
  const problem = (await refused.json()) as { detail: string };
  expect(problem.detail).toContain('team-b');
  expect((await run!.cluster.kubectl('get', 'service', 'sneaky', '-n', 'team-b')).code).not.toBe(0);
});

test('bob (cluster view) sees every namespace and cannot write', async ({ page, context }) => {
  await signIn(page, 'bob');
  await expect(page.getByRole('group', { name: 'Sign-in' })).toContainText(BOB);
  const tree = page.getByRole('tree', { name: /Outline of the map/ });
  await expect(tree.getByRole('treeitem', { name: /^Service team-a\/cart/ })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: /^Service team-b\/ledger/ })).toBeVisible();
  const refused = await previewAs(context, 'team-a', 'bobs', '10.30.0.17');
  expect(refused.status).toBe(403);
});

test('a RoleBinding added for alice shows team-b on her open page within the cache bound', async ({
  page,
}) => {
  await signIn(page, 'alice');
  const tree = page.getByRole('tree', { name: /Outline of the map/ });
  await expect(tree.getByRole('treeitem', { name: /^Service team-b\/ledger/ })).toHaveCount(0);
  const bound = await run!.cluster.kubectl(
    'apply',
    '-f',
    writeJson('alice-view-b', roleBinding('team-b', 'alice-view', 'ClusterRole', 'view', ALICE)),
  );
  expect(bound.code, bound.stderr).toBe(0);
  // No reload: the open stream is re-scoped (the cache holds an answer at most this long).
  await expect(tree.getByRole('treeitem', { name: /^Service team-b\/ledger/ })).toBeVisible({
    timeout: (ACCESS_CACHE_SECONDS + 20) * 1000,
  });
});

test('signing out ends the session in the browser: back to sign-in, nothing readable', async ({
  page,
  context,
}) => {
  await signIn(page, 'alice');
  const loggedOut = page.waitForResponse((r) => r.url().endsWith('/api/auth/logout'));
  await page.getByRole('button', { name: 'Sign out' }).click();
  expect((await loggedOut).ok()).toBe(true);
  // The page goes on to the provider's end-session page by itself; let it get there before
  // navigating again (a navigation started meanwhile is aborted by it).
  await page.waitForURL((url) => url.href.startsWith(provider!.issuer));
  await page.goto(`${run!.dashboard.url}/`);
  await expect(page).toHaveURL(/\/sign-in/);
  const graph = await fetch(`${run!.dashboard.url}/api/graph`, {
    headers: { cookie: await cookieHeader(context) },
  });
  expect(graph.status).toBe(401);
});

test('the audit log shows alice’s write made by the ServiceAccount impersonating her', async () => {
  const events = await run!.stop();
  run = undefined;
  const create = events.find(
    (e) =>
      e.verb === 'create' &&
      e.objectRef?.resource === 'services' &&
      e.objectRef.namespace === 'team-a' &&
      e.impersonatedUser !== undefined &&
      e.responseStatus?.code === 201 &&
      !(e.requestURI ?? '').includes('dryRun'),
  );
  expect(
    create,
    JSON.stringify(
      events.filter((e) => e.objectRef?.namespace === 'team-a' && e.verb === 'create'),
    ),
  ).toBeTruthy();
  expect(create!.user.username).toBe(SERVICE_ACCOUNT);
  expect(create!.impersonatedUser?.username).toBe(ALICE);
  expect(create!.impersonatedUser?.groups).toContain('oidc:team-a');
});
