/**
 * The live map, end to end: the built dashboard (standalone `node server.js`) against the
 * embedded cluster, changed with real kubectl while the page is open. Every check reads both the
 * accessible outline (role/name) and the graph (data-id elements).
 */
import { test, expect } from './fixtures';
import type { EmbeddedCluster } from './harness';
import { axeViolations, LANDMARK_RULES } from './axe';
import { kubectlOk } from './kubectl';
import { MapPage } from './pages/map-page';

test.use({ scenario: 'seed' });

interface K8sItem {
  metadata: { uid: string; name: string };
  status?: { podIP?: string };
}

async function kubectlJson<T = { items: K8sItem[] }>(
  cluster: EmbeddedCluster,
  ...args: string[]
): Promise<T> {
  const result = await cluster.kubectl(...args, '-o', 'json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

async function uidOf(cluster: EmbeddedCluster, kind: string, name: string, ns = 'default') {
  const obj = await kubectlJson<{ metadata: { uid: string } }>(
    cluster,
    'get',
    kind,
    name,
    '-n',
    ns,
  );
  return obj.metadata.uid;
}

test('seed: ingress-nginx routes to 2 ready pods, external-web to an external address', async ({
  page,
  cluster,
}) => {
  const map = new MapPage(page);
  await map.open();
  const svcUid = await uidOf(cluster, 'service', 'ingress-nginx');
  const extUid = await uidOf(cluster, 'service', 'external-web');

  // Outline (accessible names carry kind + namespace/name or ip:port).
  await expect(
    map.treeitem(/^Service default\/ingress-nginx, NodePort, 2 of 2 endpoints ready, healthy/),
  ).toBeVisible();
  await expect(
    map.tree.getByRole('treeitem', {
      name: /^Endpoint 10\.244\.[0-9.]+:80 \(http\), ready, Pod default\/nginx-deployment-/,
    }),
  ).toHaveCount(2);
  await expect(
    map.treeitem(
      /^Service default\/external-web, ClusterIP, selector-less, 1 of 1 endpoints ready/,
    ),
  ).toBeVisible();
  await expect(
    map.treeitem(/^External address 10\.10\.50\.53:80 \(apache\), manual endpoints/),
  ).toBeVisible();

  // Graph: the same things as data-id elements, with the edges between them.
  await expect(map.node(`svc:${svcUid}`)).toHaveAttribute('data-kind', 'service');
  await expect(map.nodesWithPrefix(`ep:${svcUid}:`)).toHaveCount(2);
  for (const ep of await map.nodesWithPrefix(`ep:${svcUid}:`).all()) {
    await expect(ep).toHaveAttribute('data-condition', 'ready');
  }
  const pods = await kubectlJson(cluster, 'get', 'pods', '-n', 'default', '-l', 'app=nginx');
  expect(pods.items).toHaveLength(2);
  for (const pod of pods.items) {
    await expect(map.node(`pod:${pod.metadata.uid}`)).toHaveAttribute('data-kind', 'pod');
    await expect(
      map.edge(`ep:${svcUid}:${pod.status?.podIP}->pod:${pod.metadata.uid}`),
    ).toHaveCount(1);
  }
  await expect(map.node('ext:10.10.50.53')).toHaveAttribute('data-kind', 'external');
  await expect(map.node(`ep:${extUid}:10.10.50.53`)).toHaveAttribute('data-condition', 'ready');
  await expect(map.edge(`ep:${extUid}:10.10.50.53->ext:10.10.50.53`)).toHaveCount(1);
});

test('live: scale to 4, a pod turns unready, the Service is deleted — all without a reload', async ({
  page,
  cluster,
}) => {
  const map = new MapPage(page);
  await map.open();
  const svcUid = await uidOf(cluster, 'service', 'ingress-nginx');
  await expect(map.nodesWithPrefix(`ep:${svcUid}:`)).toHaveCount(2);

  const scale = await cluster.kubectl('scale', 'deployment', 'nginx-deployment', '--replicas=4');
  expect(scale.code, scale.stderr).toBe(0);
  await expect(
    map.treeitem(/^Service default\/ingress-nginx, NodePort, 4 of 4 endpoints ready/),
  ).toBeVisible();
  await expect(map.nodesWithPrefix(`ep:${svcUid}:`)).toHaveCount(4);
  await expect(
    map.tree.getByRole('treeitem', {
      name: /^Endpoint 10\.244\.[0-9.]+:80 \(http\), ready, Pod default\/nginx-deployment-/,
    }),
  ).toHaveCount(4);

  const pods = await kubectlJson(cluster, 'get', 'pods', '-n', 'default', '-l', 'app=nginx');
  const victim = pods.items.find((p) => p.status?.podIP)!;
  const ip = victim.status!.podIP!;
  const annotate = await cluster.kubectl(
    'annotate',
    'pod',
    victim.metadata.name,
    'switchboard.dev/simulate=ready=false',
  );
  expect(annotate.code, annotate.stderr).toBe(0);
  await expect(map.node(`ep:${svcUid}:${ip}`)).toHaveAttribute('data-condition', 'not-ready');
  await expect(
    map.treeitem(
      new RegExp(
        `^Endpoint ${ip.replace(/\./g, '\\.')}:80 \\(http\\), not ready, Pod default/${victim.metadata.name}`,
      ),
    ),
  ).toBeVisible();
  await expect(
    map.treeitem(
      /^Service default\/ingress-nginx, NodePort, 3 of 4 endpoints ready, degraded|^Service default\/ingress-nginx, NodePort, 3 of 4 endpoints ready/,
    ),
  ).toBeVisible();
  await expect(map.edge(`svc:${svcUid}->ep:${svcUid}:${ip}`)).toHaveAttribute(
    'data-condition',
    'not-ready',
  );

  const del = await cluster.kubectl('delete', 'service', 'ingress-nginx');
  expect(del.code, del.stderr).toBe(0);
  await expect(map.treeitem(/^Service default\/ingress-nginx/)).toHaveCount(0);
  await expect(map.node(`svc:${svcUid}`)).toHaveCount(0);
  await expect(map.nodesWithPrefix(`ep:${svcUid}:`)).toHaveCount(0);
  await expect(map.treeitem(/^Service default\/external-web/)).toBeVisible();
  await map.assertNoReload();
});

test('cluster restart: reconnecting/stale, then the page shows the fresh truth', async ({
  page,
  cluster,
}) => {
  test.setTimeout(180_000);
  const map = new MapPage(page);
  await map.open();
  const oldUid = await uidOf(cluster, 'service', 'ingress-nginx');
  await expect(map.node(`svc:${oldUid}`)).toBeVisible();
  await expect(map.connection).toHaveAttribute('data-state', 'live');

  // A problem the cluster had when it stopped answering is listed as its last read, not as now.
  const broken = await cluster.kubectl(
    'patch',
    'service',
    'ingress-nginx',
    '-p',
    '{"spec":{"selector":{"app":"no-such-app"}}}',
  );
  expect(broken.code, broken.stderr).toBe(0);
  const rail = page.getByTestId('problems-rail');
  await expect(rail.getByRole('button', { name: /default\/ingress-nginx/ })).toBeVisible();
  await expect(rail.getByTestId('problems-last-known')).toHaveCount(0);

  await cluster.stop();
  await expect(map.connection).toHaveAttribute('data-state', 'reconnecting', { timeout: 60_000 });
  await expect(map.connection).toContainText(/stale since/);
  await expect(rail.getByTestId('problems-last-known')).toContainText(
    /^Last known, before the cluster stopped answering at \d\d:\d\d:\d\d: /,
  );
  await expect(rail.getByRole('button', { name: /default\/ingress-nginx/ })).toBeVisible();

  await cluster.start();
  await expect(map.connection).toHaveAttribute('data-state', 'live', { timeout: 90_000 });
  // The restarted cluster minted fresh uids: the page must match a fresh listing exactly.
  await expect(async () => {
    const services = await kubectlJson(cluster, 'get', 'services', '-A');
    const pods = await kubectlJson(cluster, 'get', 'pods', '-A');
    const expected = [
      ...services.items.map((s) => `svc:${s.metadata.uid}`),
      ...pods.items.filter((p) => p.status?.podIP).map((p) => `pod:${p.metadata.uid}`),
    ].sort();
    const drawn = (await map.graphNodeIds())
      .filter((id) => id.startsWith('svc:') || id.startsWith('pod:'))
      .sort();
    expect(drawn).toEqual(expected);
  }).toPass({ timeout: 60_000 });
  expect(await map.graphNodeIds()).not.toContain(`svc:${oldUid}`);
  await expect(
    map.treeitem(/^Service default\/ingress-nginx, NodePort, 2 of 2 endpoints ready/),
  ).toBeVisible();
  await map.assertNoReload();
});

test('keyboard: tab into the outline, arrow to external-web, Enter opens the panel, Escape closes it', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  await expect(map.treeitem(/^Service default\/external-web/)).toBeVisible();
  const activeRole = () => page.evaluate(() => document.activeElement?.getAttribute('role'));
  // Treeitems are named by their content (WCAG 2.5.3); textContent also holds aria-hidden glyphs.
  const activeName = () => page.evaluate(() => document.activeElement?.textContent ?? '');
  const focused = page.locator(':focus');
  for (let i = 0; i < 40 && (await activeRole()) !== 'treeitem'; i++)
    await page.keyboard.press('Tab');
  expect(await activeRole()).toBe('treeitem');
  // Go to the end and walk back up: proves arrows move through the tree both ways.
  await page.keyboard.press('End');
  for (let i = 0; i < 40 && !(await activeName()).includes('Service default/external-web'); i++)
    await page.keyboard.press('ArrowUp');
  await expect(focused).toHaveAccessibleName(/^Service default\/external-web/);
  await page.keyboard.press('Enter');
  await expect(
    map.panel.getByRole('heading', { name: 'Service default/external-web' }),
  ).toBeVisible();
  await expect(map.panel.getByTestId('endpoint-table')).toContainText('10.10.50.53');
  await expect(page).toHaveURL(/focus=default%2Fexternal-web|focus=default\/external-web/);
  await page.keyboard.press('Escape');
  await expect(map.panel).toHaveCount(0);
  await expect(focused).toHaveAccessibleName(/^Service default\/external-web/);

  // The graph is keyboard-operable too: focus it, move with arrows, open with Enter.
  await page.getByRole('application', { name: /Service map/ }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(map.panel).toBeVisible();
});

test('another Service picked while a panel is open: Escape gives the focus back to its row, not the first', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  const external = map.treeitem(/^Service default\/external-web/);
  const nginx = map.treeitem(/^Service default\/ingress-nginx/);
  await external.click();
  await expect(
    map.panel.getByRole('heading', { name: 'Service default/external-web' }),
  ).toBeFocused();
  await nginx.click();
  const heading = map.panel.getByRole('heading', { name: 'Service default/ingress-nginx' });
  await expect(heading).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(map.panel).toHaveCount(0);
  await expect(nginx).toBeFocused();
});

test('the open Service deleted with kubectl while the focus is in its panel: the outline gets the focus', async ({
  page,
  cluster,
}) => {
  const map = new MapPage(page);
  await map.open();
  await map.treeitem(/^Service default\/ingress-nginx/).click();
  await expect(
    map.panel.getByRole('heading', { name: 'Service default/ingress-nginx' }),
  ).toBeFocused();
  // The row that opened the panel goes with the Service: the focus has nowhere to go back to.
  await kubectlOk(cluster, 'delete', 'service', 'ingress-nginx');
  await expect(page.getByTestId('missing-focus')).toContainText('does not exist');
  await expect(map.panel).toHaveCount(0);
  await expect(map.treeitem(/^Service default\/ingress-nginx/)).toHaveCount(0);
  const row = map.tree.locator('[role="treeitem"][tabindex="0"]');
  await expect(row).toHaveCount(1);
  await expect(row).toBeFocused();
});

test('a deep-linked Service that appears while the user types in the search box leaves the focus there', async ({
  page,
  cluster,
}) => {
  const map = new MapPage(page);
  await map.open('?focus=default/later');
  await expect(page.getByTestId('missing-focus')).toBeVisible();
  const search = page.getByRole('searchbox');
  await search.click();
  await page.keyboard.type('ingr');
  await kubectlOk(cluster, 'create', 'service', 'clusterip', 'later', '--tcp=80:80');
  await expect(map.panel.getByRole('heading', { name: 'Service default/later' })).toBeVisible();
  await page.keyboard.type('ess');
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('ingress');
});

test('deep link: namespace, focus, search and problems filter come from and go to the URL', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open('?ns=default&focus=default/external-web&q=external');
  await expect(
    map.panel.getByRole('heading', { name: 'Service default/external-web' }),
  ).toBeVisible();
  await expect(map.tree.getByRole('treeitem', { level: 1 })).toHaveCount(1);
  await expect(map.treeitem(/^Service default\/ingress-nginx/)).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Only problems' }).check();
  await expect(page).toHaveURL(/problems=1/);
  // Every seed Service is healthy: nothing left to show.
  await expect(map.tree.getByRole('treeitem')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Only problems' }).uncheck();
  await page.getByRole('searchbox').fill('app=nginx');
  await expect(page).toHaveURL(/q=app%3Dnginx/);
  await expect(map.treeitem(/^Service default\/ingress-nginx/)).toBeVisible();
  await map.assertNoReload();
});

test('Back and Forward: each Service opened is a step back, the search typed is not', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  const heading = (name: string) => map.panel.getByRole('heading', { name: `Service ${name}` });
  await map.treeitem(/^Service default\/external-web/).click();
  await expect(heading('default/external-web')).toBeVisible();
  await map.treeitem(/^Service default\/ingress-nginx/).click();
  await expect(heading('default/ingress-nginx')).toBeVisible();
  // Typing replaces the entry: Back does not step through keystrokes.
  await page.getByRole('searchbox').fill('nginx');
  await expect(page).toHaveURL(/q=nginx/);

  await page.goBack();
  await expect(heading('default/external-web')).toBeVisible();
  await expect(page).toHaveURL(/focus=default%2Fexternal-web/);
  // The entry keeps the URL it had when left: no search yet.
  await expect(page).not.toHaveURL(/q=/);
  await expect(page.getByRole('searchbox')).toHaveValue('');
  await page.goBack();
  await expect(map.panel).toHaveCount(0);
  await expect(page).not.toHaveURL(/focus=/);
  await page.goForward();
  await expect(heading('default/external-web')).toBeVisible();
  await page.goForward();
  await expect(heading('default/ingress-nginx')).toBeVisible();
  await expect(page).toHaveURL(/q=nginx/);
  await expect(page.getByRole('searchbox')).toHaveValue('nginx');
  await map.assertNoReload();
});

test('Copy puts the text on the clipboard, also where the Clipboard API is missing (plain http)', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const map = new MapPage(page);
  await map.open('?focus=default/external-web');
  const yamlSection = map.panel.getByRole('region', { name: /^YAML/ });
  await yamlSection.getByText(/^Show \d+ objects?/).click();
  const yaml = (await yamlSection.locator('pre').textContent())!;
  expect(yaml).toContain('name: external-web');
  const copy = yamlSection.getByRole('button', { name: 'Copy YAML' });
  await copy.click();
  await expect(copy).toHaveText('Copied');
  await expect(yamlSection.getByRole('status')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(yaml);

  // Without the API, as over plain http at a cluster's address: the text is still copied.
  await page.evaluate(() => {
    Object.defineProperty(navigator, 'clipboard', { value: undefined });
    const copied: string[] = ((window as unknown as { __copied: string[] }).__copied = []);
    document.addEventListener('copy', (event) =>
      copied.push((event.target as HTMLTextAreaElement).value),
    );
  });
  await expect(copy).toHaveText('Copy');
  await copy.click();
  await expect(copy).toHaveText('Copied');
  expect(await page.evaluate(() => (window as unknown as { __copied: string[] }).__copied)).toEqual(
    [yaml],
  );
  // The focus stays on the button that was pressed.
  await expect(copy).toBeFocused();
});

test('theme and accessibility: dark theme, every graph node has a treeitem, no axe violations', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  await expect(map.treeitem(/^Service default\/ingress-nginx, NodePort, 2 of 2/)).toBeVisible();

  const graphIds = new Set(await map.graphNodeIds());
  const treeIds = new Set(await map.treeNodeIds());
  expect(graphIds.size).toBeGreaterThan(0);
  expect([...graphIds].filter((id) => !treeIds.has(id))).toEqual([]);
  expect([...treeIds].filter((id) => !graphIds.has(id))).toEqual([]);

  const runAxe = () => axeViolations(page);
  expect(await runAxe()).toEqual([]);

  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // Colours really changed (the background follows the token).
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).not.toBe('rgb(246, 247, 249)');
  // With a Service selected (dimmed paths) and the dark theme, still no violations.
  await map.treeitem(/^Service default\/ingress-nginx/).click();
  await expect(map.panel).toBeVisible();
  expect(await runAxe()).toEqual([]);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('title and landmarks: the title names the open Service and the cluster, from the server and as the selection changes; everything sits in a landmark', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  await expect(map.treeitem(/^Service default\/ingress-nginx/)).toBeVisible();
  const cluster = (await page.getByTestId('cluster-name').textContent()) ?? '';
  expect(cluster).not.toBe('');
  await expect(page).toHaveTitle(`Map · ${cluster} — Switchboard`);
  // The banner (simulated-cluster note, h1, cluster name) is a landmark; one h1.
  await expect(page.getByRole('banner').getByTestId('cluster-name')).toHaveText(cluster);
  await expect(page.getByRole('banner').getByTestId('simulated-banner')).toBeVisible();
  expect(await axeViolations(page, LANDMARK_RULES)).toEqual([]);
  // Opening a Service is a History API step, no navigation: the title follows it.
  await map.treeitem(/^Service default\/ingress-nginx/).click();
  await expect(map.panel).toBeVisible();
  await expect(page).toHaveTitle(`default/ingress-nginx · Map · ${cluster} — Switchboard`);
  // The server's first paint says the same for that URL.
  await page.reload();
  await expect(page).toHaveTitle(`default/ingress-nginx · Map · ${cluster} — Switchboard`);
  const served = await page.request.get(page.url());
  expect(await served.text()).toContain(`default/ingress-nginx · Map · ${cluster} — Switchboard`);
  await page.goBack();
  await expect(page).toHaveTitle(`Map · ${cluster} — Switchboard`);
});

test('pause: changes wait with a count while paused and apply on resume', async ({
  page,
  cluster,
}) => {
  const map = new MapPage(page);
  await map.open();
  const svcUid = await uidOf(cluster, 'service', 'ingress-nginx');
  await expect(map.nodesWithPrefix(`ep:${svcUid}:`)).toHaveCount(2);
  await page.getByRole('button', { name: 'Pause live updates' }).click();
  const scale = await cluster.kubectl('scale', 'deployment', 'nginx-deployment', '--replicas=3');
  expect(scale.code, scale.stderr).toBe(0);
  await expect(page.getByTestId('pending-updates')).toContainText(/[1-9][0-9]* updates? waiting/);
  // Frozen: still two endpoints while paused, even once the cluster has three.
  await expect
    .poll(async () => (await kubectlJson(cluster, 'get', 'pods', '-l', 'app=nginx')).items.length)
    .toBe(3);
  await expect(map.nodesWithPrefix(`ep:${svcUid}:`)).toHaveCount(2);
  await page.getByRole('button', { name: /Resume live updates/ }).click();
  await expect(map.nodesWithPrefix(`ep:${svcUid}:`)).toHaveCount(3);
  await expect(page.getByTestId('pending-updates')).toHaveCount(0);
  await map.assertNoReload();
});

test('namespace picker: Escape from inside the popover puts focus back on its button', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  const button = page.getByRole('button', { name: /^All namespaces/ });
  const group = page.getByRole('group', { name: 'Namespaces to show' });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(group).toBeVisible();
  // "Show all", then the first namespace's checkbox: focus is deep inside the popover.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(group.getByRole('checkbox').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(group).toBeHidden();
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'false');
});

test('empty outline: no tree without treeitems, a status says no Service matches, no axe violations', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open('?q=zzz');
  const outline = page.getByRole('navigation', { name: 'Outline' });
  await expect(outline.getByRole('status').filter({ hasText: 'No Services match.' })).toBeVisible();
  await expect(page.getByRole('tree')).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);
  // Clearing the search brings the tree back.
  await page.getByRole('searchbox').fill('');
  await expect(map.treeitem(/^Service default\/ingress-nginx/)).toBeVisible();
});

test('skip link: the first Tab stop, shown on focus, goes to the outline (opening its drawer where narrow)', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open();
  await expect(map.treeitem(/^Service default\/ingress-nginx/)).toBeVisible();
  const skip = page.getByRole('link', { name: 'Skip to the map outline' });
  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  const box = await skip.boundingBox();
  expect(box!.width).toBeGreaterThan(40);
  expect(box!.height).toBeGreaterThan(16);
  await page.keyboard.press('Enter');
  await expect(page.locator(':focus')).toHaveAttribute('role', 'treeitem');
  // One cluster: no overview to go back to.
  await expect(page.getByRole('link', { name: 'All clusters' })).toHaveCount(0);

  // Narrower, the outline is a closed drawer: the link opens it and focus lands inside.
  await page.setViewportSize({ width: 900, height: 700 });
  await expect(map.tree).toBeHidden();
  await skip.focus();
  await page.keyboard.press('Enter');
  await expect(map.tree).toBeVisible();
  await expect(page.locator(':focus')).toHaveAttribute('role', 'treeitem');
});

test('deep link to a missing Service: a polite notice says so, and clears the focus', async ({
  page,
}) => {
  const map = new MapPage(page);
  await map.open('?focus=default/nope');
  const notice = page.getByTestId('missing-focus');
  await expect(notice).toHaveText(
    /Service default\/nope does not exist in this cluster, or is not visible to you\./,
  );
  await expect(page.getByRole('status').filter({ has: notice })).toHaveAttribute(
    'aria-live',
    'polite',
  );
  await expect(map.panel).toHaveCount(0);
  await notice.getByRole('button', { name: 'Clear the focus' }).focus();
  await page.keyboard.press('Enter');
  await expect(notice).toHaveCount(0);
  await expect(page).not.toHaveURL(/focus=/);
  // The button went with the notice: focus goes where the skip link sends it, not to <body>.
  await expect(page.locator(':focus')).toHaveAttribute('role', 'treeitem');
  // A Service that exists: no notice.
  await map.treeitem(/^Service default\/ingress-nginx/).click();
  await expect(map.panel).toBeVisible();
  await expect(notice).toHaveCount(0);
  await map.assertNoReload();
});
