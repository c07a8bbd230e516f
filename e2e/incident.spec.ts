/**
 * The first minute of an incident, in a browser against the embedded cluster (seed scenario:
 * Deployment nginx-deployment behind Service ingress-nginx), each cause made with real kubectl
 * while the page is open: the panel leads with the cause (not its symptom), says what changed
 * and who, offers one suggested fix marked as a change, and clears live once kubectl fixes it.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import type { EmbeddedCluster } from './harness';
import { axeViolations } from './axe';
import { kubectlOk } from './kubectl';
import { MapPage } from './pages/map-page';

test.use({ scenario: 'seed' });

async function readyEndpoints(cluster: EmbeddedCluster): Promise<number> {
  const out = await cluster.kubectl(
    'get',
    'endpoints',
    'ingress-nginx',
    '-o',
    'jsonpath={.subsets[*].addresses[*].ip}',
  );
  return out.stdout.trim().split(/\s+/).filter(Boolean).length;
}

async function openIngress(map: MapPage, cluster: EmbeddedCluster) {
  await expect.poll(() => readyEndpoints(cluster), { timeout: 30_000 }).toBe(2);
  await map.open('?focus=default/ingress-nginx');
  await expect(map.panel).toContainText('Service default/ingress-nginx');
  await expect(map.panel).toContainText('Routes: every check passed.');
}

/** The panel's top-level reasons (causes, and symptoms nothing explains). */
const rootReasons = (map: MapPage) =>
  map.panel.locator('[data-testid="diagnosis-reasons"] > li[data-code]');

test('scale to zero: the cause leads, names the Deployment, when and who, and clears when scaled back', async ({
  page,
  cluster,
}) => {
  const map = new MapPage(page);
  await openIngress(map, cluster);
  await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=0');

  const first = rootReasons(map).first();
  await expect(first).toHaveAttribute('data-code', 'scaled-to-zero', { timeout: 30_000 });
  await expect(first).toContainText(/nginx-deployment was scaled to 0 replicas/);
  await expect(first).toContainText(/by kubectl/);
  // The symptom sits under its cause, not beside it.
  await expect(
    first.locator('[data-testid="diagnosis-symptoms"] [data-code="no-endpoints"]'),
  ).toBeVisible();
  await expect(rootReasons(map).and(page.locator('[data-code="no-endpoints"]'))).toHaveCount(0);
  const fix = first.getByTestId('diagnosis-fix');
  await expect(fix).toContainText('Suggested fix — changes the cluster');
  await expect(fix).toContainText('kubectl scale');
  await expect(fix).toContainText('--replicas=');

  const timeline = map.panel.getByRole('list', {
    name: 'Timeline of default/ingress-nginx, newest first',
  });
  await expect(timeline).toContainText(
    'Deployment nginx-deployment scaled: replicas 2 → 0 · by kubectl',
  );

  // The "Changed:" line is a link to that entry of the timeline, reached and followed with the
  // keyboard: focus lands on the entry's row, and the page does not navigate.
  const changed = first.getByRole('link', {
    name: /^Deployment nginx-deployment scaled: replicas 2 → 0 at .+ by kubectl .*\(in the timeline below\)$/,
  });
  await expect(changed).toBeVisible({ timeout: 30_000 });
  await map.panel.getByRole('heading', { name: 'Service default/ingress-nginx' }).focus();
  const onLink = () => changed.evaluate((link) => link === document.activeElement);
  for (let i = 0; i < 60 && !(await onLink()); i++) await page.keyboard.press('Tab');
  expect(await onLink(), 'the "Changed:" link is reached with Tab').toBe(true);
  const url = page.url();
  await page.keyboard.press('Enter');
  const row = timeline.locator('li:focus');
  await expect(row).toContainText(
    'Deployment nginx-deployment scaled: replicas 2 → 0 · by kubectl',
  );
  await expect(row).toBeInViewport();
  expect(page.url()).toBe(url);
  // The link among the reason's text, and the focused row, pass axe (a link not told by colour
  // alone, a focusable row in a list).
  expect(await axeViolations(page)).toEqual([]);

  await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=2');
  await expect(map.panel.locator('[data-code="scaled-to-zero"]')).toHaveCount(0, {
    timeout: 30_000,
  });
  await expect(map.panel).toContainText('Routes: every check passed.', { timeout: 30_000 });
  await map.assertNoReload();
});

test('a bad image rollout: rollout-stuck names the new ReplicaSet and offers rollout undo', async ({
  page,
  cluster,
}) => {
  const map = new MapPage(page);
  await openIngress(map, cluster);
  await kubectlOk(
    cluster,
    'set',
    'image',
    'deployment/nginx-deployment',
    'nginx-container=nginx:image-pull-error',
  );
  const stuck = map.panel.locator('[data-code="rollout-stuck"]');
  await expect(stuck).toBeVisible({ timeout: 30_000 });
  await expect(stuck).toContainText(
    /ReplicaSet nginx-deployment-[a-z0-9]+, nginx:image-pull-error/,
  );
  await expect(stuck).toContainText(/still serve/);
  await expect(stuck.getByTestId('diagnosis-fix')).toContainText('kubectl rollout undo');
  // The workload between endpoints and pods, expanded: the new revision 0/N ready beside the
  // old one serving.
  const workload = page.locator('[data-testid="graph-svg"] g[data-kind="workload"]').filter({
    hasText: /Deployment nginx-deployment · rev \d+ · \d+\/2 ready/,
  });
  await workload.click();
  await expect(workload).toHaveAttribute('data-expanded', 'true');
  const revisions = page.locator('[data-testid="graph-svg"] g[data-kind="workload-revision"]');
  await expect(
    revisions.filter({ hasText: /rev \d+ \(new\): 0\/\d+ ready · image nginx:image-pull-error/ }),
  ).toBeVisible();
  await expect(
    revisions.filter({ hasText: /rev \d+: (\d+)\/\1 ready · image nginx/ }),
  ).toBeVisible();

  await kubectlOk(cluster, 'rollout', 'undo', 'deployment/nginx-deployment');
  await expect(stuck).toHaveCount(0, { timeout: 60_000 });
  await map.assertNoReload();
});

test('a selector typo made with kubectl edit: ghosts with the differing label, the change and its editor, cleared when fixed', async ({
  page,
  cluster,
}) => {
  const map = new MapPage(page);
  await openIngress(map, cluster);
  // kubectl edit with a scripted editor: the selector value nginx becomes ngnix.
  const dir = mkdtempSync(join(tmpdir(), 'incident-editor-'));
  const editor = join(dir, 'edit.sh');
  writeFileSync(editor, '#!/bin/sh\nsed -i "s/^    app: nginx$/    app: ngnix/" "$1"\n');
  chmodSync(editor, 0o755);
  const edited = await cluster.kubectlWithEnv(
    { KUBE_EDITOR: editor, EDITOR: editor },
    'edit',
    'service',
    'ingress-nginx',
  );
  expect(edited.code, edited.stderr).toBe(0);
  expect(
    (
      await kubectlOk(
        cluster,
        'get',
        'service',
        'ingress-nginx',
        '-o',
        'jsonpath={.spec.selector.app}',
      )
    ).trim(),
  ).toBe('ngnix');

  // The near-miss pods are on the map as ghosts, each with its outline twin naming the label.
  await expect(
    map
      .treeitem(
        /^Near-miss Pod default\/nginx-deployment-.+, not selected by the Service: app: nginx ≠ ngnix$/,
      )
      .first(),
  ).toBeVisible({ timeout: 30_000 });
  await expect(
    page.locator('[data-testid="graph-svg"] g[data-kind="ghost"]').first(),
  ).toBeVisible();

  // The diagnosis names the change and who made it.
  const cause = map.panel.locator('[data-code="selector-matches-no-pods"]');
  await expect(cause).toBeVisible();
  await expect(cause).toContainText(
    /selector changed app=nginx → app=ngnix at .+ by kubectl-edit/,
    {
      timeout: 30_000,
    },
  );
  await expect(cause.getByTestId('diagnosis-fix')).toContainText('"app":"nginx"');
  // The panel's timeline lists the change with its editor, and the endpoint removals it caused.
  const timeline = map.panel.getByRole('list', {
    name: 'Timeline of default/ingress-nginx, newest first',
  });
  await expect(timeline).toContainText(
    'Service selector changed app=nginx → app=ngnix · by kubectl-edit (Update)',
  );
  await expect(
    timeline
      .getByRole('listitem')
      .filter({ hasText: /^.*endpoint .* removed/ })
      .first(),
  ).toBeVisible();

  await kubectlOk(
    cluster,
    'patch',
    'service',
    'ingress-nginx',
    '--type=merge',
    '-p',
    '{"spec":{"selector":{"app":"nginx"}}}',
  );
  await expect(map.panel).toContainText('Routes: every check passed.', { timeout: 30_000 });
  await expect(page.locator('[data-testid="graph-svg"] g[data-kind="ghost"]')).toHaveCount(0);
  await map.assertNoReload();
});

test('Preview this fix: scale to zero → the dry run shows spec.replicas 0 → 2, and nothing changed', async ({
  page,
  cluster,
}) => {
  // Applied with kubectl apply, so the last applied configuration names the count to go back to.
  const dir = mkdtempSync(join(tmpdir(), 'incident-preview-'));
  const manifest = join(dir, 'api.yaml');
  writeFileSync(
    manifest,
    `apiVersion: v1
kind: Namespace
metadata: {name: preview}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: preview}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: nginx:1.27, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: preview}
spec:
  selector: {app: api}
  ports: [{port: 80}]
`,
  );
  await kubectlOk(cluster, 'apply', '-f', manifest);
  const map = new MapPage(page);
  await map.open('?focus=preview/api');
  await expect(map.panel).toContainText('Routes: every check passed.', { timeout: 30_000 });
  await kubectlOk(cluster, 'scale', 'deployment/api', '-n', 'preview', '--replicas=0');

  const cause = map.panel.locator('[data-code="scaled-to-zero"]');
  await expect(cause).toBeVisible({ timeout: 30_000 });
  const fix = cause.getByTestId('diagnosis-fix');
  await expect(fix).toContainText('kubectl scale deployment/api -n preview --replicas=2');
  const state = () =>
    kubectlOk(
      cluster,
      'get',
      'deployment',
      'api',
      '-n',
      'preview',
      '-o',
      'jsonpath={.spec.replicas} {.metadata.resourceVersion}',
    );
  const before = await state();
  expect(before).toMatch(/^0 \d+$/);

  await fix.getByRole('button', { name: 'Preview this fix' }).click();
  const heading = fix.getByRole('heading', { name: 'Dry run — nothing was changed' });
  await expect(heading).toBeVisible({ timeout: 30_000 });
  await expect(heading).toBeFocused();
  await expect(
    fix.getByRole('list', { name: 'Fields of Deployment preview/api the fix would change' }),
  ).toHaveText(/change spec\.replicas: 0 → 2/);
  expect(await state()).toBe(before);
  await expect(cause).toBeVisible();
  await map.assertNoReload();
});
