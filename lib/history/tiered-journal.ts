/**
 * The record journal of a durable history as the routes read it: two tiers fed by the same
 * feed — what this process has seen, in memory (journal.ts, bounded), and the database
 * (journal-store.ts, everything retained).
 *
 * Why: rebuilding an instant from the database means reading and unpacking a checkpoint of every
 * record plus the facts after it (seconds to tens of seconds on a big cluster, bench/history.ts);
 * the instants on-call engineers ask about are mostly the recent ones, which this process holds
 * in memory already, sharing the record objects with the live cache.
 *
 * Contract (RecordJournal, journal.ts):
 * - an instant at or after the memory tier's `retainedSince()` is answered from memory, so is a
 *   range of facts that starts there; everything older from the database. Both tiers are fed the
 *   very same facts (one feed, same times), so they agree on every instant both hold;
 * - `retainedSince()` is the database's (how far back history goes), or the memory tier's when
 *   the database has none or does not answer; answers from memory carry the same value;
 * - what the writer has not written yet (the last ~200 ms, or a backlog while the database is
 *   down) is in the memory tier, so recent instants are exact even then.
 */
import type { RangeFacts, RecordJournal, RecordsAtAnswer } from './journal';
import type { SlimRecord } from '../topology/records';

export class TieredJournal implements RecordJournal {
  constructor(
    private readonly memory: RecordJournal,
    private readonly database: RecordJournal,
  ) {}

  async retainedSince(): Promise<number | undefined> {
    const [memory, database] = await Promise.all([
      this.memory.retainedSince(),
      this.database.retainedSince().catch(() => undefined),
    ]);
    if (database === undefined) return memory;
    return memory === undefined ? database : Math.min(memory, database);
  }

  async recordsAt(time: number): Promise<RecordsAtAnswer> {
    const held = await this.memory.retainedSince();
    if (held === undefined || time < held) return this.database.recordsAt(time);
    const answer = await this.memory.recordsAt(time);
    if (!('records' in answer)) return this.database.recordsAt(time);
    const retainedSince = (await this.retainedSince()) ?? answer.retainedSince;
    return { records: answer.records, retainedSince };
  }

  async factsBetween(from: number, to: number, start?: readonly SlimRecord[]): Promise<RangeFacts> {
    const held = await this.memory.retainedSince();
    if (held !== undefined && from >= held) return this.memory.factsBetween(from, to);
    return this.database.factsBetween(from, to, start);
  }
}
