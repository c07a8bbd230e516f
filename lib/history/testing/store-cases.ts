/**
 * The history store's test cases, defined once and run against every driver (embedded PGlite
 * and a real PostgreSQL: store.pglite.test.ts, store.postgres.test.ts). Each case writes under
 * a cluster name of its own, so the cases share one database without seeing each other.
 *
 * Contract: call `storeCases(() => driver)` inside a `describe` whose `before` opened the
 * driver. Test-only.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceHistory } from '../../diagnostics/service-history';
import type { EndpointSliceRecord, PodRecord, SlimRecord } from '../../topology/records';
import { syntheticSnapshot } from '../../topology/testing/synthetic';
import type { Queryable, SqlDriver } from '../driver';
import type { HistoryFact } from '../facts';
import { StoreJournal } from '../journal-store';
import { migrate } from '../migrations';
import { deleteFact, upsertFact, type RecordFact } from '../record-facts';
import { openHistoryStore, type HistoryStore } from '../store';
import { HistoryWriter } from '../writer';
import { playChurn, sorted } from './journal-cases';
import { answers, playScenario, SERVICE, testClock } from './scenario';

let clusters = 0;

/** The scenario recorded through a writer into a store of a cluster of its own. */
export async function recordScenario(driver: SqlDriver) {
  const store = await openHistoryStore(driver, `test-cluster-${process.pid}-${++clusters}`);
  const writer = new HistoryWriter(store, { batchSize: 7, flushMs: 1 });
  const facts: HistoryFact[] = [];
  const clock = testClock();
  const history = new ServiceHistory({
    now: clock.now,
    sink: (fact) => {
      facts.push(fact);
      writer.push(fact);
    },
  });
  const instants = playScenario(history, clock);
  await writer.flush();
  assert.equal(writer.gap().droppedFacts, 0);
  return { store, history, instants, clock, facts };
}

export async function restoredFrom(store: HistoryStore, now: () => number) {
  const restored = new ServiceHistory({ now });
  restored.restore(await store.load());
  return restored;
}

async function count(driver: SqlDriver, cluster: string): Promise<number> {
  const [row] = await driver.query<{ n: string | number }>(
    'SELECT count(*) AS n FROM timeline_entries WHERE cluster = $1',
    [cluster],
  );
  return Number(row?.n);
}

export function storeCases(driver: () => SqlDriver): void {
  it('a failed statement rolls its transaction back and keeps its SQLSTATE code', async () => {
    const db = driver();
    const table = `tx_case_${process.pid}`;
    await db.query(`CREATE TABLE IF NOT EXISTS ${table} (k text PRIMARY KEY)`);
    await db.query(`DELETE FROM ${table}`);
    await db.query(`INSERT INTO ${table} (k) VALUES ($1)`, ['kept']);
    const error = await db
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (k) VALUES ($1)`, ['rolled back']);
        await tx.query(`INSERT INTO ${table} (k) VALUES ($1)`, ['kept']);
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof Error, 'the duplicate key rejects the transaction');
    assert.equal((error as Error & { code?: string }).code, '23505'); // unique_violation
    assert.match(error.message, /duplicate key/);
    // A statement that throws in `fn` (not in the database) rolls back too.
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (k) VALUES ($1)`, ['also rolled back']);
        throw new Error('fn failed');
      }),
      /fn failed/,
    );
    const committed = await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (k) VALUES ($1)`, ['committed']);
      return (await tx.query<{ k: string }>(`SELECT k FROM ${table} ORDER BY k`)).map((r) => r.k);
    });
    assert.deepEqual(committed, ['committed', 'kept']);
    const rows = await db.query<{ k: string }>(`SELECT k FROM ${table} ORDER BY k`);
    assert.deepEqual(
      rows.map((r) => r.k),
      ['committed', 'kept'],
    );
    await db.query(`DROP TABLE ${table}`);
  });

  it('stores a batch of large record facts whole and in order over several INSERTs', async () => {
    // Fewer facts than one INSERT's count but more than two INSERTs' share of record JSON (as a
    // burst of EndpointSlice changes is), several changes of one record within a millisecond
    // (their order is what a rebuild folds), and a deletion.
    const snapshot = syntheticSnapshot({ pods: 2000 });
    const size = (r: SlimRecord) => JSON.stringify(r).length;
    const largest = [...snapshot.endpointSlices].sort((a, b) => size(b) - size(a)).slice(0, 10);
    const base = Date.parse('2026-12-01T00:00:00Z');
    const facts: RecordFact[] = [];
    for (let v = 0; v < 40; v++)
      for (const slice of largest)
        facts.push(
          upsertFact({ ...slice, meta: { ...slice.meta, resourceVersion: `v${v}` } }, base + v),
        );
    const slice = largest[0] as EndpointSliceRecord;
    for (const version of ['x1', 'x2', 'x3'])
      facts.push(
        upsertFact({ ...slice, meta: { ...slice.meta, resourceVersion: version } }, base + 40),
      );
    facts.push(deleteFact({ kind: 'Pod', ...snapshot.pods[0]!.meta }, base + 40));
    const chars = facts.reduce((n, f) => n + (f.record ? size(f.record) : 0), 0);
    assert.ok(facts.length < 500 && chars > 600_000, `${facts.length} facts, ${chars} characters`);
    let inserts = 0;
    const counting = (tx: Queryable): Queryable => ({
      query: (sql, params) => {
        if (sql.includes('INSERT INTO record_facts')) inserts++;
        return tx.query(sql, params);
      },
    });
    const db = driver();
    const cluster = `large-facts-${process.pid}-${++clusters}`;
    const store = await openHistoryStore(
      { ...db, transaction: (fn) => db.transaction((tx) => fn(counting(tx))) },
      cluster,
    );
    await store.write(facts);
    assert.ok(inserts > 1, `one batch went in ${inserts} INSERT(s)`);
    const read = await new StoreJournal(async () => db, cluster).factsBetween(-Infinity, Infinity);
    assert.deepEqual(read.facts, JSON.parse(JSON.stringify(facts)));
  });

  it('applies the migrations once and records them', async () => {
    await openHistoryStore(driver(), 'migrations');
    assert.deepEqual(await migrate(driver()), [], 'a second run applies nothing');
    const rows = await driver().query<{ version: number }>(
      'SELECT version FROM history_migrations ORDER BY version',
    );
    assert.deepEqual(
      rows.map((r) => Number(r.version)),
      [1, 2, 3, 4, 5, 6],
    );
  });

  it('rebuilds every instant exactly when it takes the records it holds from memory', async () => {
    const store = await openHistoryStore(driver(), `held-${process.pid}-${++clusters}`);
    const writer = new HistoryWriter(store, { batchSize: 7, flushMs: 1 });
    const { truth, end } = playChurn(5, 120, (f) => writer.push(f), 25);
    await writer.flush();
    // What a process holds: the records of the last instant (the live cache).
    const live = new Map(truth.get(end)!.map((r) => [`${r.kind}/${r.meta.uid}`, r]));
    let asked = 0;
    const journal = new StoreJournal(
      async () => driver(),
      store.cluster,
      (kind, uid) => {
        asked++;
        return live.get(`${kind}/${uid}`);
      },
    );
    let taken = 0;
    let decoded = 0;
    for (const [time, expected] of truth) {
      const answer = await journal.recordsAt(time);
      assert.ok('records' in answer, `${time} is retained`);
      assert.deepStrictEqual(sorted(answer.records), expected, `at ${time}`);
      for (const record of answer.records) {
        if (live.get(`${record.kind}/${record.meta.uid}`) === record) taken++;
        else decoded++;
      }
    }
    assert.ok(asked > 0 && taken > 0, 'records held at the same version are taken');
    assert.ok(decoded > 0, 'the others are decoded');
    // Retention rebuilds the state at its cutoff the same way.
    const instants = [...truth.keys()];
    const cutoff = instants[Math.floor(instants.length / 2)]!;
    const retaining = await openHistoryStore(driver(), store.cluster, (kind, uid) =>
      live.get(`${kind}/${uid}`),
    );
    await retaining.enforceRetention(cutoff);
    for (const [time, expected] of truth) {
      const answer = await journal.recordsAt(time);
      if (time < cutoff) assert.ok(!('records' in answer), `${time} is before retention`);
      else {
        assert.ok('records' in answer, `${time} is retained`);
        assert.deepStrictEqual(sorted(answer.records), expected, `after retention, at ${time}`);
      }
    }
  });

  it('lists the entries of a time range as the trail that wrote them does', async () => {
    const { store, history, instants } = await recordScenario(driver());
    const whole = await store.entriesBetween(-Infinity, Infinity);
    assert.deepEqual(whole, history.entriesBetween(-Infinity, Infinity));
    assert.ok(whole.length >= 5);
    const from = instants[1]!;
    const to = instants[instants.length - 2]!;
    const part = await store.entriesBetween(from, to);
    assert.deepEqual(part, history.entriesBetween(from, to));
    assert.ok(part.length > 0 && part.length < whole.length);
    assert.ok(part.every((e) => e.time > from && e.time <= to));
  });

  it('reads back a trail that answers as the one that wrote it', async () => {
    const { store, history, instants, clock } = await recordScenario(driver());
    const restored = await restoredFrom(store, clock.now);
    assert.deepEqual(answers(restored, instants), answers(history, instants));
    assert.ok(restored.entries(...SERVICE).length >= 5);
  });

  it('skips a periodic checkpoint when another writer took one after its previous one', async () => {
    const [pod, other] = syntheticSnapshot({ pods: 30 }).pods as [PodRecord, PodRecord];
    const cluster = `replica-checkpoints-${process.pid}-${++clusters}`;
    const store = await openHistoryStore(driver(), cluster);
    const moved = { ...pod, ready: !pod.ready, meta: { ...pod.meta, resourceVersion: 'r2' } };
    // Replica A's first (10) and replica B's first (20); then A's periodic ones.
    await store.write([{ kind: 'checkpoint', time: 10, records: [pod, other] }]);
    await store.write([{ kind: 'checkpoint', time: 20, records: [pod, other] }]);
    await store.write([upsertFact(moved, 25, pod)]);
    await store.write([{ kind: 'checkpoint', time: 30, records: [moved, other], after: 10 }]);
    await store.write([{ kind: 'checkpoint', time: 40, records: [moved, other], after: 30 }]);
    const rows = await driver().query<{ at_ms: string | number }>(
      'SELECT at_ms FROM record_checkpoints WHERE cluster = $1 ORDER BY at_ms',
      [cluster],
    );
    assert.deepEqual(
      rows.map((r) => Number(r.at_ms)),
      [10, 20, 40],
      "A's checkpoint at 30 was not needed: B's at 20 is after A's previous one (10)",
    );
    const journal = new StoreJournal(async () => driver(), cluster);
    for (const [time, records] of [
      [22, [pod, other]],
      [35, [moved, other]],
    ] as const) {
      const answer = await journal.recordsAt(time);
      assert.ok('records' in answer);
      assert.deepStrictEqual(sorted(answer.records), sorted(records), `at ${time}`);
    }
  });

  it('stores a fact once however many writers send it, and keeps the earliest baseline', async () => {
    const { store, facts, history } = await recordScenario(driver());
    const entries = history.entries(...SERVICE).length;
    const again = facts.map((f) => (f.kind === 'baseline' ? { ...f, at: f.at + 60_000 } : f));
    const replicas = [new HistoryWriter(store), new HistoryWriter(store)];
    for (const replica of replicas) for (const fact of again) replica.push(fact);
    await Promise.all(replicas.map((r) => r.flush()));
    await Promise.all([store.write(facts), store.write(facts)]);
    assert.equal(await count(driver(), store.cluster), entries);
    const loaded = await store.load();
    const baseline = loaded.baselines.find((b) => b.service === SERVICE.join('/'));
    const first = facts.find((f) => f.kind === 'baseline' && f.service === SERVICE.join('/'));
    assert.equal(baseline?.at, first?.kind === 'baseline' ? first.at : NaN);
  });

  it('retention folds old endpoint entries into the baseline and says so before it', async () => {
    const { store, history, instants, clock } = await recordScenario(driver());
    const cutoff = instants[3]!;
    const before = await count(driver(), store.cluster);
    const { removed } = await store.enforceRetention(cutoff);
    assert.ok(removed > 0);
    assert.equal(await count(driver(), store.cluster), before - removed);
    const restored = await restoredFrom(store, clock.now);
    for (const t of instants.filter((i) => i >= cutoff))
      assert.deepEqual(restored.stateAt(...SERVICE, t), history.stateAt(...SERVICE, t));
    assert.equal(
      restored.stateAt(...SERVICE, instants[1]!).noData?.reason,
      'before-retained-history',
    );
    assert.ok(Date.parse(restored.retainedSince(...SERVICE)!) < cutoff);
    assert.deepEqual(await store.enforceRetention(cutoff), { removed: 0 }, 'idempotent');
  });

  it('the size cap drops the oldest entries first', async () => {
    const { store } = await recordScenario(driver());
    const before = await store.load();
    await store.enforceRetention(Number.MIN_SAFE_INTEGER, 600);
    const after = await store.load();
    assert.ok(after.entries.length > 0 && after.entries.length < before.entries.length);
    assert.deepEqual(after.entries, before.entries.slice(-after.entries.length));
  });
}
