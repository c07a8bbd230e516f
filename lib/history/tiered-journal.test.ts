/**
 * The two-tier journal: the shared journal cases hold with a memory tier whose window moves (so
 * both tiers answer), recent instants never reach the database, older ones do, and a database
 * that does not answer leaves the memory tier's window.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryJournal, type RecordJournal } from './journal';
import { journalCases, playChurn } from './testing/journal-cases';
import { TieredJournal } from './tiered-journal';

/** A journal that counts what is asked of it. */
function counted(inner: RecordJournal) {
  const asked = { recordsAt: 0, factsBetween: 0 };
  const journal: RecordJournal = {
    retainedSince: () => inner.retainedSince(),
    recordsAt: (time) => (asked.recordsAt++, inner.recordsAt(time)),
    factsBetween: (from, to) => (asked.factsBetween++, inner.factsBetween(from, to)),
  };
  return { journal, asked };
}

describe('tiered record journal', () => {
  journalCases(async () => {
    const memory = new MemoryJournal({ maxFacts: 40, now: () => 1_000_000 });
    const database = new MemoryJournal({ now: () => 1_000_000 });
    const journal = new TieredJournal(memory, database);
    return {
      journal,
      sink: (fact) => {
        memory.add(fact);
        database.add(fact);
      },
      flush: async () => {},
    };
  });

  it('answers recent instants from memory and older ones from the database', async () => {
    const memory = new MemoryJournal({ maxFacts: 40, now: () => 1_000_000 });
    const store = new MemoryJournal({ now: () => 1_000_000 });
    const database = counted(store);
    const journal = new TieredJournal(memory, database.journal);
    const { truth } = playChurn(11, 150, (f) => (memory.add(f), store.add(f)), 30);
    const held = (await memory.retainedSince())!;
    const since = (await store.retainedSince())!;
    assert.ok(since < held, 'the memory window moved past the start');
    assert.equal(await journal.retainedSince(), since);
    let recent = 0;
    for (const [time, expected] of truth) {
      const before = database.asked.recordsAt;
      const answer = await journal.recordsAt(time);
      assert.ok('records' in answer);
      assert.equal(answer.retainedSince, since);
      assert.equal(answer.records.length, expected.length);
      if (time >= held) {
        recent++;
        assert.equal(database.asked.recordsAt, before, `${time} is answered from memory`);
      } else {
        assert.equal(database.asked.recordsAt, before + 1, `${time} is read from the database`);
      }
    }
    assert.ok(recent > 5 && database.asked.recordsAt > 5);
    await journal.factsBetween(held, Number.MAX_SAFE_INTEGER);
    assert.equal(database.asked.factsBetween, 0);
    await journal.factsBetween(since, held);
    assert.equal(database.asked.factsBetween, 1);
  });

  it('a database that does not answer leaves what memory holds', async () => {
    const memory = new MemoryJournal({ now: () => 1_000_000 });
    const down: RecordJournal = {
      retainedSince: () => Promise.reject(new Error('connection refused')),
      recordsAt: () => Promise.reject(new Error('connection refused')),
      factsBetween: () => Promise.reject(new Error('connection refused')),
    };
    const journal = new TieredJournal(memory, down);
    const { truth } = playChurn(12, 40, (f) => memory.add(f), 1_000_000);
    const held = await memory.retainedSince();
    assert.equal(await journal.retainedSince(), held);
    const [time] = [...truth.keys()].reverse();
    const answer = await journal.recordsAt(time!);
    assert.ok('records' in answer && answer.retainedSince === held);
    await assert.rejects(journal.recordsAt(held! - 1), /connection refused/);
  });
});
