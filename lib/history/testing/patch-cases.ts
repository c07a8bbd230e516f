/**
 * The history store's cases for record facts stored as changes (journal-patches.ts), run against
 * every driver like store-cases.ts: which facts are stored as changes, and every way a change is
 * read back — from the facts before it, from a checkpoint, from another replica's rows, and what
 * happens when its base is stored nowhere.
 *
 * Contract: call `patchCases(() => driver)` inside a `describe` whose `before` opened the driver.
 * Test-only.
 */
import { it, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { PodRecord, SlimRecord } from '../../topology/records';
import { syntheticSnapshot } from '../../topology/testing/synthetic';
import type { SqlDriver } from '../driver';
import { StoreJournal } from '../journal-store';
import { upsertFact, type JournalFact } from '../record-facts';
import { openHistoryStore } from '../store';
import { HistoryWriter } from '../writer';
import { playChurn, sorted } from './journal-cases';

let clusters = 0;

async function storedForms(driver: SqlDriver, cluster: string) {
  const [row] = await driver.query<{ changes: string | number; whole: string | number }>(
    `SELECT count(*) FILTER (WHERE base IS NOT NULL) AS changes,
            count(*) FILTER (WHERE base IS NULL AND record IS NOT NULL) AS whole
       FROM record_facts WHERE cluster = $1`,
    [cluster],
  );
  return { changes: Number(row?.changes), whole: Number(row?.whole) };
}

const at = (pod: PodRecord, version: string, change: Partial<PodRecord> = {}): PodRecord => ({
  ...pod,
  ...change,
  meta: { ...pod.meta, resourceVersion: version },
});

/** One pod at three versions: v1 flips its readiness, v2 also moves it to another node. */
function threeVersions(): [PodRecord, PodRecord, PodRecord] {
  const pod = syntheticSnapshot({ pods: 30 }).pods[0]!;
  return [
    at(pod, 'v0'),
    at(pod, 'v1', { ready: !pod.ready }),
    at(pod, 'v2', { ready: !pod.ready, nodeName: 'node-elsewhere' }),
  ];
}

export function patchCases(driver: () => SqlDriver): void {
  it('stores a changed record as its change, and rebuilds every instant and range exactly', async () => {
    const cluster = `changes-${process.pid}-${++clusters}`;
    const store = await openHistoryStore(driver(), cluster);
    const writer = new HistoryWriter(store, { batchSize: 5, flushMs: 1 });
    const { truth } = playChurn(11, 150, (f) => writer.push(f), 40);
    await writer.flush();
    const forms = await storedForms(driver(), cluster);
    assert.ok(forms.changes > 50, `${forms.changes} facts stored as changes`);
    assert.ok(forms.whole > 0, `${forms.whole} whole (new records, or no smaller change)`);
    const journal = new StoreJournal(async () => driver(), cluster);
    const times = [...truth.keys()];
    for (const time of times) {
      const answer = await journal.recordsAt(time);
      assert.ok('records' in answer, `${time} is retained`);
      assert.deepStrictEqual(sorted(answer.records), truth.get(time), `at ${time}`);
    }
    // A range whose first changes are based before it: with the records at `from` given, and
    // without (the store rebuilds them).
    const from = times[Math.floor(times.length / 4)]!;
    const to = times[times.length - 1]!;
    const start = await journal.recordsAt(from);
    assert.ok('records' in start);
    const atFrom: SlimRecord[] = start.records;
    for (const given of [atFrom, undefined]) {
      const state = new Map(atFrom.map((r) => [`${r.kind}/${r.meta.uid}`, r]));
      const { facts, unrebuilt } = await journal.factsBetween(from, to, given);
      assert.equal(unrebuilt, 0);
      for (const f of facts) {
        if (f.record) state.set(`${f.recordKind}/${f.uid}`, f.record);
        else state.delete(`${f.recordKind}/${f.uid}`);
      }
      assert.deepStrictEqual(sorted([...state.values()]), truth.get(to));
    }
  });

  it('rebuilds a change from another replica’s row when the checkpoint holds another version', async () => {
    // Replica A saw v0 → v1 → v2; replica B skipped v1, and its checkpoint at 30 holds v0.
    const [v0, v1, v2] = threeVersions();
    const cluster = `replicas-${process.pid}-${++clusters}`;
    const store = await openHistoryStore(driver(), cluster);
    const facts: JournalFact[] = [
      { kind: 'checkpoint', time: 10, records: [v0] },
      upsertFact(v1, 20, v0),
      { kind: 'checkpoint', time: 30, records: [v0] },
      upsertFact(v2, 40, v1),
    ];
    await store.write(facts);
    assert.deepEqual(await storedForms(driver(), cluster), { changes: 2, whole: 0 });
    const journal = new StoreJournal(async () => driver(), cluster);
    const answer = await journal.recordsAt(45);
    assert.ok('records' in answer);
    assert.deepStrictEqual(answer.records, [v2]);
    const start = await journal.recordsAt(30);
    assert.ok('records' in start);
    const range = await journal.factsBetween(30, 45, start.records);
    assert.equal(range.unrebuilt, 0);
    assert.deepStrictEqual(
      range.facts.map((f) => f.record),
      [v2],
    );
  });

  it('keeps the older record and says so when a change’s base is stored nowhere', async () => {
    const [v0, v1, v2] = threeVersions();
    const cluster = `unresolved-${process.pid}-${++clusters}`;
    const store = await openHistoryStore(driver(), cluster);
    // v1 was never stored (as a replica that skipped it, after retention deleted its row).
    await store.write([{ kind: 'checkpoint', time: 10, records: [v0] }, upsertFact(v2, 20, v1)]);
    const warn = mock.method(console, 'warn', () => {});
    try {
      const journal = new StoreJournal(async () => driver(), cluster);
      const answer = await journal.recordsAt(25);
      assert.ok('records' in answer);
      assert.deepStrictEqual(answer.records, [v0]);
      assert.deepStrictEqual(await journal.factsBetween(10, 25, [v0]), { facts: [], unrebuilt: 1 });
      assert.equal(warn.mock.callCount(), 2);
      assert.match(String(warn.mock.calls[0]!.arguments[0]), /1 record change\(s\) at /);
    } finally {
      warn.mock.restore();
    }
  });

  it('writes a record whole again after a fact of it was dropped', async () => {
    const pods = syntheticSnapshot({ pods: 30 }).pods.slice(0, 2);
    const cluster = `dropped-${process.pid}-${++clusters}`;
    const store = await openHistoryStore(driver(), cluster);
    let failing = true;
    const writer = new HistoryWriter(
      {
        write: (facts) => (failing ? Promise.reject(new Error('down')) : store.write(facts)),
      },
      { batchSize: 100, flushMs: 1, retryMs: 1, maxBacklog: 3 },
    );
    const versions = (pod: PodRecord) =>
      [0, 1, 2, 3].map((n) => at(pod, `${pod.meta.uid}-v${n}`, { ready: n % 2 === 0 }));
    const [a, b] = pods.map(versions) as [PodRecord[], PodRecord[]];
    writer.push({ kind: 'checkpoint', time: 1, records: [a[0]!, b[0]!] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    // While the store is down the backlog (3) drops the checkpoint and a's first change, whose
    // next one (a2) is then written whole: the chain goes on from it.
    for (const [time, n] of [
      [2, 1],
      [3, 2],
    ] as const)
      writer.push(upsertFact(a[n]!, time, a[n - 1]));
    writer.push(upsertFact(a[3]!, 4, a[2]));
    writer.push(upsertFact(b[1]!, 4, b[0]));
    assert.equal(writer.gap().droppedFacts, 2);
    failing = false;
    // The writer retries on its own (every 1 ms here); flush() waits once it is not failing.
    while (writer.gap().storeUnavailable) await new Promise((resolve) => setTimeout(resolve, 2));
    await writer.flush();
    const rows = await driver().query<{ version: string; base: string | null }>(
      'SELECT version, base FROM record_facts WHERE cluster = $1 ORDER BY id',
      [cluster],
    );
    assert.deepEqual(
      rows.map((r) => [r.version, r.base]),
      [
        [a[2]!.meta.resourceVersion, null],
        [a[3]!.meta.resourceVersion, a[2]!.meta.resourceVersion],
        [b[1]!.meta.resourceVersion, b[0]!.meta.resourceVersion],
      ],
    );
  });
}
