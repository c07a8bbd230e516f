/**
 * History on PostgreSQL through the built server (`node server.js`, as shipped), the two claims
 * a team deployment relies on:
 * - two dashboards on one database watching one cluster derive the same keys for the same facts,
 *   so every fact is stored once (not once per replica), and each replica's timeline agrees with
 *   the database;
 * - the database down for 30 s while the cluster changes: the live side (the stream, the trail in
 *   memory) moves on while the database is still down, the timeline reports the gap, and once
 *   the database answers the facts of the outage and later ones are stored; the Service panel
 *   says while it lasts that the database is not answering and what a restart would lose.
 * The API and the stream are what these claims are about; a browser only reads that note.
 */
import { test, expect } from '@playwright/test';
import pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../lib/history/testing/postgres-server';
import { startCluster, startDashboard, type Dashboard, type EmbeddedCluster } from './harness';
import { kubectlOk } from './kubectl';
import { StreamClient } from './stream-client';

const SERVICE = 'default/ingress-nginx';

interface Timeline {
  retainedSince?: string;
  entries: {
    at: string;
    type: string;
    change?: string;
    address?: string;
    to?: string;
    initial?: boolean;
  }[];
  historyGap?: { droppedFacts: number; backlog: number; storeUnavailable: boolean };
}

async function timeline(dashboard: Dashboard): Promise<Timeline> {
  const response = await fetch(`${dashboard.url}/api/services/${SERVICE}/timeline`);
  expect(response.status).toBe(200);
  return (await response.json()) as Timeline;
}

/** The timeline once the trail is restored from the database and attached (its baseline set). */
async function attachedTimeline(dashboard: Dashboard): Promise<Timeline> {
  let last: Timeline | undefined;
  await expect
    .poll(async () => (last = await timeline(dashboard).catch(() => undefined))?.retainedSince, {
      timeout: 60_000,
    })
    .toBeTruthy();
  return last!;
}

/** The entries the database holds for the Service, as `type/change/address` keys. */
async function storedEntries(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ entry: Timeline['entries'][number] }>(
      'SELECT entry FROM timeline_entries WHERE service = $1 ORDER BY at_ms, id',
      [SERVICE],
    );
    return result.rows.map((row) => describe(row.entry));
  } finally {
    await client.end();
  }
}

function describe(entry: Timeline['entries'][number]): string {
  return [entry.type, entry.change ?? '', entry.address ?? ''].join('/');
}

const sorted = (list: string[]) => [...list].sort();

async function withHistoryOnPostgres(
  body: (ctx: {
    db: TestPostgres;
    cluster: EmbeddedCluster;
    start: () => Promise<Dashboard>;
  }) => Promise<void>,
): Promise<void> {
  const db = await startTestPostgres();
  const cluster = await startCluster('seed');
  const running: Dashboard[] = [];
  const env = { SWITCHBOARD_NO_HISTORY: '', SWITCHBOARD_DATABASE_URL: db.url };
  const start = async () => {
    const dashboard = await startDashboard(cluster.kubeconfig, { env });
    running.push(dashboard);
    return dashboard;
  };
  try {
    await body({ db, cluster, start });
  } catch (error) {
    for (const dashboard of running) console.log(dashboard.logs());
    throw error;
  } finally {
    for (const dashboard of running) await dashboard.stop();
    await cluster.stop();
    await db.stop();
  }
}

test('two dashboards on one PostgreSQL store every fact once', async () => {
  test.setTimeout(180_000);
  await withHistoryOnPostgres(async ({ db, cluster, start }) => {
    const [first, second] = await Promise.all([start(), start()]);
    await Promise.all([attachedTimeline(first), attachedTimeline(second)]);
    await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=0');
    for (const dashboard of [first, second]) {
      await expect
        .poll(async () => (await timeline(dashboard)).entries.filter((e) => e.change === 'removed'))
        .toHaveLength(2);
    }
    await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=1');
    // Both replicas saw every change and the database holds each of their entries exactly once:
    // had the keys differed between replicas, the rows would be (nearly) twice the entries.
    // The poll waits for the last change (the new pod turning ready) on both replicas and in the
    // database, and for agreement; the three lists would also agree before that change, so
    // without it the poll could stop early and compare a write in flight. The assertions after
    // it name the entries that differ.
    const lists = async () => {
      const [a, b, rows] = await Promise.all([
        timeline(first),
        timeline(second),
        storedEntries(db.url),
      ]);
      return {
        added: a.entries.filter((e) => e.change === 'added' && !e.initial).length,
        // The new pod turning ready: the last change scaling to 1 makes.
        readyAgain: [a, b].every((t) =>
          t.entries.some((e) => e.change === 'changed' && e.to === 'ready'),
        ),
        first: sorted(a.entries.map(describe)),
        second: sorted(b.entries.map(describe)),
        stored: sorted(rows),
      };
    };
    let settled = await lists();
    await expect
      .poll(
        async () => {
          settled = await lists();
          return (
            settled.added === 1 &&
            settled.readyAgain &&
            JSON.stringify(settled.first) === JSON.stringify(settled.second) &&
            JSON.stringify(settled.stored) === JSON.stringify(settled.first)
          );
        },
        { timeout: 30_000 },
      )
      .toBe(true)
      .catch(() => undefined);
    expect(settled.added).toBe(1);
    expect(settled.readyAgain).toBe(true);
    expect(settled.second).toEqual(settled.first);
    expect(settled.stored).toEqual(settled.first);
    const rows = await storedEntries(db.url);
    expect(rows.filter((r) => r.startsWith('endpoint/removed/'))).toHaveLength(2);
  });
});

test('the database down for 30 s: the live side moves on, the gap is reported, facts resume', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await withHistoryOnPostgres(async ({ db, cluster, start }) => {
    const dashboard = await start();
    await attachedTimeline(dashboard);
    const stream = new StreamClient(`${dashboard.url}/api/stream`);
    await stream.open();
    try {
      await expect.poll(() => stream.count('snapshot')).toBeGreaterThan(0);
      await db.pause();
      const downAt = Date.now();
      let databaseDown = true;
      try {
        const deltasBefore = stream.count('delta');
        await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=0');
        // The map's stream and the trail in memory carry the change while the database is down.
        await expect.poll(() => stream.count('delta')).toBeGreaterThan(deltasBefore);
        await expect
          .poll(async () =>
            (await timeline(dashboard)).entries.filter((e) => e.change === 'removed'),
          )
          .toHaveLength(2);
        await expect
          .poll(async () => (await timeline(dashboard)).historyGap?.storeUnavailable, {
            timeout: 30_000,
          })
          .toBe(true);
        // The person reading the Service's timeline is told, in words.
        await page.goto(`${dashboard.url}/?focus=${SERVICE}`);
        const note = page.getByTestId('history-store-gap');
        await expect(note).toContainText(/^⚠ The history database is not answering: \d+ recorded/, {
          timeout: 15_000,
        });
        await expect(note).toContainText('a restart now would lose them');
        await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=1');
        await expect
          .poll(async () =>
            (await timeline(dashboard)).entries.some((e) => e.change === 'added' && !e.initial),
          )
          .toBe(true);
        // Still down: everything above happened without the database.
        expect(databaseDown).toBe(true);
        const left = 30_000 - (Date.now() - downAt);
        if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
      } finally {
        await db.resume();
        databaseDown = false;
      }
      // Writing resumes on its own: the outage's facts are stored, and so is a later one.
      await expect
        .poll(async () => (await timeline(dashboard)).historyGap?.storeUnavailable ?? false, {
          timeout: 30_000,
        })
        .toBe(false);
      // Nothing was dropped, so once the backlog is written there is nothing left to say.
      await expect(page.getByTestId('history-store-gap')).toBeHidden({ timeout: 15_000 });
      await kubectlOk(cluster, 'scale', 'deployment', 'nginx-deployment', '--replicas=2');
      await expect
        .poll(
          async () => {
            const [entries, rows] = await Promise.all([
              timeline(dashboard).then((t) => t.entries.map(describe)),
              storedEntries(db.url),
            ]);
            return {
              added: entries.filter((e) => e.startsWith('endpoint/added/')).length,
              stored: JSON.stringify(sorted(rows)) === JSON.stringify(sorted(entries)),
            };
          },
          { timeout: 30_000 },
        )
        .toEqual({ added: 2, stored: true });
      const gap = (await timeline(dashboard)).historyGap;
      expect(gap?.droppedFacts ?? 0).toBe(0);
    } finally {
      stream.close();
    }
  });
});
