/**
 * The history store on a real PostgreSQL (a throwaway server this file starts and stops): the
 * shared store cases; two replicas (two connection pools) writing the same facts at once store
 * each once; and the database going down while changes happen — the trail keeps answering at
 * once, the writer's gap is counted and reported, and facts after recovery are stored.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceHistory } from '../diagnostics/service-history';
import type { SqlDriver } from './driver';
import type { HistoryFact } from './facts';
import { openPostgres } from './pg-driver';
import { openHistoryStore } from './store';
import { startTestPostgres, type TestPostgres } from './testing/postgres-server';
import { playScenario, SERVICE, testClock } from './testing/scenario';
import { patchCases } from './testing/patch-cases';
import { journalCases } from './testing/journal-cases';
import { openStoreJournal } from './testing/store-journal';
import { recordScenario, storeCases } from './testing/store-cases';
import { HistoryWriter } from './writer';

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

describe('history store on PostgreSQL', () => {
  let server: TestPostgres;
  let driver: SqlDriver;
  const logged: string[] = [];

  before(async () => {
    server = await startTestPostgres();
    driver = openPostgres(server.url, (m) => logged.push(m));
  });
  after(async () => {
    await driver?.close();
    await server?.stop();
  });

  storeCases(() => driver);
  patchCases(() => driver);
  journalCases(() => openStoreJournal(driver));

  it('two replicas writing the same facts at once store each fact once', async () => {
    const { facts, history, store } = await recordScenario(driver);
    const replica = openPostgres(server.url);
    try {
      const other = await openHistoryStore(replica, store.cluster);
      const writers = [new HistoryWriter(store), new HistoryWriter(other)];
      for (const writer of writers) for (const fact of facts) writer.push(fact);
      await Promise.all(writers.map((w) => w.flush()));
      const [row] = await driver.query<{ n: string }>(
        'SELECT count(*) AS n FROM timeline_entries WHERE cluster = $1',
        [store.cluster],
      );
      assert.equal(Number(row?.n), history.entries(...SERVICE).length);
    } finally {
      await replica.close();
    }
  });

  it('while the database is down the trail answers, the gap is counted, and writing resumes', async () => {
    const store = await openHistoryStore(driver, 'outage');
    const writer = new HistoryWriter(store, { flushMs: 1, retryMs: 20, maxBacklog: 8 });
    const clock = testClock();
    const queued: HistoryFact[] = [];
    const history = new ServiceHistory({
      now: clock.now,
      sink: (fact) => {
        queued.push(fact);
        writer.push(fact);
      },
    });
    await server.pause();
    try {
      playScenario(history, clock);
      // The live side never waited: every change is in the trail already.
      assert.ok(history.entries(...SERVICE).length >= 5);
      await until(() => writer.gap().storeUnavailable);
    } finally {
      await server.resume();
    }
    const gap = writer.gap();
    assert.equal(gap.droppedFacts, queued.length - 8, 'only the bounded backlog was kept');
    assert.ok(gap.since);
    await until(() => writer.gap().backlog === 0 && !writer.gap().storeUnavailable);
    const later: HistoryFact = { ...queued.find((f) => f.kind === 'entry')!, sourceVersion: 'x' };
    writer.push(later);
    await writer.flush();
    const stored = await store.load();
    assert.equal(stored.entries.length + stored.baselines.length, 8 + 1);
    assert.ok(
      stored.entries.some((e) => e.sourceVersion === 'x'),
      'facts after recovery stored',
    );
    assert.equal(writer.gap().droppedFacts, gap.droppedFacts);
  });
});
