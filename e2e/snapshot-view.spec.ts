/**
 * `switchboard view FILE` end to end, as the postmortem uses it: against the embedded cluster
 * (seed scenario: Deployment nginx-deployment behind Service ingress-nginx) the Service is broken
 * (scaled to 0) and fixed with kubectl, the map is taken back to the broken instant and its
 * snapshot downloaded from the page; then the cluster is stopped and the command started on the
 * downloaded file (a free loopback port, stopped by the test). Its `/api/graph` is the graph the
 * live dashboard answers for that instant, and the page shows the same map — ingress-nginx broken
 * in graph, outline and problems, the same number of nodes — labelled as the snapshot, with no
 * time control, pause or write form, and no axe violations; the Service's panel shows the scale
 * to zero that broke it, from the trail the file carries, and its replay is worded as of the
 * snapshot, not "now (live)". SIGTERM stops it with exit 0.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphAtResponse, GraphResponse } from '../lib/api/history';
import { axeViolations } from './axe';
import { test, expect } from './fixtures';
import { freePort, ROOT } from './harness';
import { kubectlOk } from './kubectl';
import { MapPage } from './pages/map-page';

test.use({ scenario: 'seed' });

const HEALTHY = /^Service default\/ingress-nginx, NodePort, 2 of 2 endpoints ready, healthy/;
const BROKEN = /^Service default\/ingress-nginx, NodePort, 0 of 0 endpoints ready, broken/;

test('a snapshot downloaded at the broken instant opens with switchboard view, no cluster running', async ({
  page,
  cluster,
  dashboard,
}) => {
  test.setTimeout(240_000);
  const map = new MapPage(page);
  await map.open();
  await expect(map.treeitem(HEALTHY)).toBeVisible({ timeout: 30_000 });
  await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=0');
  await expect(map.treeitem(BROKEN)).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(1100);
  const brokenAt = new Date().toISOString();
  await page.waitForTimeout(1100);
  await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=2');
  await expect(map.treeitem(HEALTHY)).toBeVisible({ timeout: 30_000 });

  // Back to the broken instant, and its snapshot from the page.
  await map.open(`?at=${encodeURIComponent(brokenAt)}`);
  await expect(page.getByTestId('history-banner')).toHaveAttribute('data-mode', 'shown', {
    timeout: 30_000,
  });
  await expect(map.treeitem(BROKEN)).toBeVisible();
  const nodes = page.locator('[data-testid="graph-svg"] g.sb-node');
  const nodeCount = await nodes.count();
  expect(nodeCount).toBeGreaterThan(0);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-snapshot').click(),
  ]);
  const file = join(mkdtempSync(join(tmpdir(), 'switchboard-snapshot-')), 'snapshot.json');
  await download.saveAs(file);
  const liveAt = (await (
    await fetch(`${dashboard.url}/api/graph?at=${encodeURIComponent(brokenAt)}`)
  ).json()) as GraphAtResponse;

  // No cluster from here on.
  await cluster.stop();

  const port = await freePort();
  const view = spawn(
    process.execPath,
    [join(ROOT, 'bin/switchboard.mjs'), 'view', file, '--port', String(port)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  );
  let output = '';
  view.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  view.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    view.once('exit', (code) => resolve(code)),
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await expect
      .poll(
        async () => {
          try {
            return (await fetch(`${url}/readyz`)).status;
          } catch {
            return 0;
          }
        },
        { timeout: 120_000, intervals: [500] },
      )
      .toBe(200);
    expect(output).toContain('no cluster is contacted');

    // The same graph and diagnoses as the live dashboard's for that instant.
    const graph = (await (await fetch(`${url}/api/graph`)).json()) as GraphResponse;
    expect(graph.topology).toEqual(liveAt.topology);
    expect(graph.diagnoses).toEqual(liveAt.diagnoses);
    expect(graph.sync.connection).toBe('snapshot');
    expect(Date.parse(graph.cluster.snapshot!.at)).toBe(Date.parse(brokenAt));

    // The page: the same map, labelled as the snapshot.
    await page.goto(`${url}/`);
    await expect(page.getByTestId('service-map')).toBeVisible();
    await expect(page.getByTestId('snapshot-label')).toHaveText(
      `Snapshot — cluster ${liveAt.cluster.name} at ${brokenAt.replace('.000Z', 'Z')}, read-only`,
    );
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'snapshot');
    await expect(page.getByTestId('connection-state')).toContainText('Snapshot');
    await expect(map.treeitem(BROKEN)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('problems-rail')).toContainText('ingress-nginx');
    const svc = page.locator('[data-testid="graph-svg"] g[data-id^="svc:"]', {
      hasText: 'ingress-nginx',
    });
    await expect(svc.locator('title')).toContainText('broken');
    await expect(nodes).toHaveCount(nodeCount);
    // Nothing that belongs to a live cluster: no time travel, no pause, no write form.
    await expect(page.getByTestId('time-travel')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /live updates/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Add external service' })).toHaveCount(0);
    expect(await axeViolations(page)).toEqual([]);
    // The postmortem's first question: what changed just before? The file carries the trail.
    await page.goto(`${url}/?focus=default/ingress-nginx`);
    await expect(
      map.panel.getByRole('list', { name: 'Timeline of default/ingress-nginx, newest first' }),
    ).toContainText('Deployment nginx-deployment scaled: replicas 2 → 0 · by kubectl');
    // Worded for a snapshot: its replay counts back from the snapshot, nothing is "live".
    await expect(map.panel).toContainText('Replay: endpoints as of the snapshot, ');
    await expect(map.panel).not.toContainText('now (live)');
  } finally {
    view.kill('SIGTERM');
  }
  expect(await exited, output).toBe(0);
  await expect(fetch(`${url}/readyz`)).rejects.toThrow();
});
