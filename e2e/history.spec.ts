/**
 * Durable history through the built server (`node server.js`, as shipped): with a PGlite data
 * directory, a Service's timeline and its endpoints `?at=` an instant survive a restart; the
 * directory is named after the cluster; a second server on the same directory refuses to run
 * with a message naming it; the standalone output carries PGlite's WASM and data files (else the
 * first server could not have opened the database at all); the whole map at an instant before the
 * restart, rebuilt from the database, is the map the first server had at it.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { startCluster, startDashboard, type Dashboard } from './harness';
import { kubectlOk } from './kubectl';

interface Timeline {
  retainedSince?: string;
  entries: { at: string; type: string; change?: string }[];
  state?: { endpoints: { address: string }[]; noData?: unknown };
}

async function timeline(dashboard: Dashboard, at?: string): Promise<Timeline> {
  const query = at ? `?at=${encodeURIComponent(at)}` : '';
  const response = await fetch(
    `${dashboard.url}/api/services/default/ingress-nginx/timeline${query}`,
  );
  expect(response.status).toBe(200);
  return (await response.json()) as Timeline;
}

/** Every record at `at` (/api/records), in a fixed order. */
async function recordsAt(dashboard: Dashboard, at: string): Promise<unknown[]> {
  const response = await fetch(`${dashboard.url}/api/records?at=${encodeURIComponent(at)}`);
  expect(response.status).toBe(200);
  const { records } = (await response.json()) as {
    records: { kind: string; meta: { uid: string } }[];
  };
  const key = (r: (typeof records)[number]) => `${r.kind}/${r.meta.uid}`;
  return records.sort((a, b) => key(a).localeCompare(key(b)));
}

function stopped(dashboard: Dashboard): Promise<number | null> {
  return new Promise((resolve) => {
    if (dashboard.child.exitCode !== null) resolve(dashboard.child.exitCode);
    else dashboard.child.once('exit', resolve);
  });
}

test('the timeline and ?at= survive a restart; a second server on the directory is refused', async () => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-history-e2e-'));
  const cluster = await startCluster('seed');
  const env = {
    SWITCHBOARD_NO_HISTORY: '',
    SWITCHBOARD_DATA_DIR: dir,
    NEXT_MANUAL_SIG_HANDLE: '1',
  };
  const running: Dashboard[] = [];
  try {
    const first = await startDashboard(cluster.kubeconfig, { env });
    running.push(first);
    // The trail is restored (empty) and attached before it records: wait for its baseline. The
    // first open of a directory runs PGlite's initdb, which holds the event loop for seconds: a
    // kept-alive connection can be reset then (docs/HISTORY.md), so a failed request is retried.
    await expect
      .poll(async () => (await timeline(first).catch(() => undefined))?.retainedSince, {
        // initdb on a loaded machine: up to 30 s measured.
        timeout: 90_000,
      })
      .toBeTruthy();
    await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=0');
    await expect
      .poll(async () => (await timeline(first)).entries.filter((e) => e.change === 'removed'))
      .toHaveLength(2);
    const before = await timeline(first);
    // The two pods may leave at different instants: before the first, and after the last.
    const removals = before.entries
      .filter((e) => e.change === 'removed')
      .map((e) => Date.parse(e.at));
    const instants = [Math.min(...removals) - 1, Math.max(...removals) + 1].map((t) =>
      new Date(t).toISOString(),
    );
    const statesBefore = await Promise.all(instants.map((t) => timeline(first, t)));
    // The whole map before the pods left, as this process saw it (its memory tier).
    const mapBefore = await recordsAt(first, instants[0]!);
    expect(mapBefore.length).toBeGreaterThan(0);
    expect(statesBefore[0]!.state!.endpoints).toHaveLength(2);
    expect(statesBefore[1]!.state!.endpoints).toHaveLength(0);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^127\.0\.0\.1-\d+-[0-9a-f]{12}$/)]);

    const refused = await startDashboard(cluster.kubeconfig, { env }).then(
      (second) => {
        running.push(second);
        return '';
      },
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/history directory .* is in use by another Switchboard process/);

    first.child.kill('SIGTERM');
    expect(await stopped(first)).toBe(0);
    const restarted = await startDashboard(cluster.kubeconfig, { env });
    running.push(restarted);
    await expect
      .poll(async () => (await timeline(restarted).catch(() => undefined))?.entries.length ?? 0, {
        timeout: 60_000,
      })
      .toBeGreaterThanOrEqual(before.entries.length);
    const after = await timeline(restarted);
    expect(after.retainedSince).toBe(before.retainedSince);
    // Intact: every entry from before, in its order. The new server may add Events the first
    // one could not attribute yet when it listed them (their workload listed after them).
    expect(
      after.entries.filter((e) => before.entries.some((b) => isDeepStrictEqual(b, e))),
    ).toEqual(before.entries);
    const statesAfter = await Promise.all(instants.map((t) => timeline(restarted, t)));
    expect(statesAfter.map((s) => s.state)).toEqual(statesBefore.map((s) => s.state));
    // The same instant rebuilt from the database by the new process: from a checkpoint packed on
    // the checkpoint thread, with the records that changed since (the pods, gone now) decoded
    // from the database rather than taken from its live cache.
    expect(await recordsAt(restarted, instants[0]!)).toEqual(mapBefore);
  } catch (error) {
    for (const dashboard of running) console.log(dashboard.logs());
    throw error;
  } finally {
    for (const dashboard of running) await dashboard.stop();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
