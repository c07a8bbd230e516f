/**
 * Two dashboards' durable trails starting together on one PostgreSQL (server.ts), their caches
 * listing the Service and its pods before its EndpointSlices, as kinds may: each reads the
 * database back and attaches only once its cluster is listed, so neither takes the endpoints
 * listed late for changes, both trails hold the same entries and the database holds each once.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { ClusterCache } from '../k8s/cache';
import type { TimelineEntry } from '../api/diagnostics';
import { controllerSlices } from '../topology/testing/endpoints';
import { deploymentPods, serviceRecord } from '../topology/testing/objects';
import type { RecordKind, SlimRecord } from '../topology/records';
import { migrate } from './migrations';
import { openPostgres } from './pg-driver';
import { startServerHistory, type HistoryHub, type ServerHistory } from './server';
import { startTestPostgres, type TestPostgres } from './testing/postgres-server';
import { SERVICE } from './testing/scenario';

/** A hub whose kinds are listed when the test says, and synced when it says. */
function listingHub(name: string) {
  const cache = new ClusterCache();
  let synced = false;
  const waiting: (() => void)[] = [];
  const hub: HistoryHub = {
    cache,
    clusterId: name,
    info: { name, simulated: true, readOnly: false },
    recordedTrail: undefined,
    isSynced: () => synced,
    waitForSync: (timeoutMs) =>
      synced
        ? Promise.resolve(true)
        : new Promise((resolve) => {
            const timer = setTimeout(() => resolve(false), timeoutMs);
            waiting.push(() => {
              clearTimeout(timer);
              resolve(true);
            });
          }),
  };
  return {
    hub,
    list: (kind: RecordKind, records: SlimRecord[]) => cache.replace(kind, records),
    synced() {
      synced = true;
      for (const wake of waiting.splice(0)) wake();
    },
  };
}

const describe = (e: TimelineEntry) =>
  [e.type, 'change' in e ? e.change : '', 'address' in e ? e.address : ''].join('/');

let db: TestPostgres;
before(async () => {
  db = await startTestPostgres();
  // The tables, so the test can look at them before either dashboard opens the store.
  const driver = openPostgres(db.url);
  await migrate(driver);
  await driver.close();
});
after(async () => {
  await db?.stop();
});

async function storedEntries(): Promise<{ baselines: number; entries: string[] }> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const baselines = await client.query('SELECT 1 FROM service_baselines');
    const rows = await client.query<{ entry: TimelineEntry }>(
      'SELECT entry FROM timeline_entries ORDER BY at_ms, id',
    );
    return { baselines: baselines.rows.length, entries: rows.rows.map((r) => describe(r.entry)) };
  } finally {
    await client.end();
  }
}

it('replicas starting together before the EndpointSlices are listed derive and store the same trail', async () => {
  const env = { SWITCHBOARD_DATABASE_URL: db.url, SWITCHBOARD_HISTORY_CLUSTER: 'replicas' };
  const svc = serviceRecord(...SERVICE, { selector: { app: 'nginx' } });
  const pods = deploymentPods('default', 'nginx-deployment', 2, { labels: { app: 'nginx' } });
  const hubs = [listingHub('a'), listingHub('b')];
  for (const h of hubs) {
    h.list('Service', [svc]);
    h.list('Pod', pods);
  }
  const histories: ServerHistory[] = [];
  try {
    histories.push(startServerHistory(hubs[0]!.hub, env, 'https://127.0.0.1:1'));
    // Time for the first to write whatever it would of a half-listed cluster (a baseline
    // without endpoints was written within ~200 ms): the second reads the database after it.
    for (let waited = 0; waited < 1500 && (await storedEntries()).baselines === 0; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    histories.push(startServerHistory(hubs[1]!.hub, env, 'https://127.0.0.1:1'));
    const slices = controllerSlices(svc, pods);
    for (const h of hubs) {
      h.list('EndpointSlice', slices);
      h.list('Endpoints', []);
      h.synced();
    }
    await Promise.all(histories.map((h) => h.ready));
    // One change after both are attached: the first pod turns not-ready.
    const unready = pods.map((p, i) => (i === 0 ? { ...p, ready: false } : p));
    const changed = controllerSlices(svc, unready);
    for (const h of hubs) h.list('EndpointSlice', changed);
    for (const history of histories) {
      assert.deepEqual(
        history
          .current()
          .entries(...SERVICE)
          .map(describe),
        [`endpoint/changed/${pods[0]!.podIP}`],
        'the listing is the baseline, not changes',
      );
    }
  } finally {
    for (const h of histories) await h.close();
  }
  const stored = await storedEntries();
  assert.equal(stored.baselines, 1);
  assert.deepEqual(stored.entries, [`endpoint/changed/${pods[0]!.podIP}`]);
});
