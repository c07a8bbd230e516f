/**
 * The store's rules without a database, for tests of what sits on either side of it: entries
 * keyed as the SQL unique key keys them (first writer wins), a baseline replaced only by one
 * that starts no later, `load()` ordered by (time, arrival); the record journal's facts are not
 * kept here (journal.ts has its own memory form). Test-only.
 */
import type { BaselineFact, EntryFact, HistoryFact, StoredHistory } from '../facts';

export class MemoryFactStore {
  readonly entries = new Map<string, EntryFact>();
  readonly baselines = new Map<string, BaselineFact>();
  writes = 0;

  async write(facts: readonly HistoryFact[]): Promise<void> {
    this.writes += 1;
    for (const fact of facts) {
      if (fact.kind === 'entry') {
        const key = [fact.service, fact.sourceUid, fact.sourceVersion, fact.entryKey].join('\0');
        if (!this.entries.has(key)) this.entries.set(key, fact);
      } else if (fact.kind === 'baseline') {
        const stored = this.baselines.get(fact.service);
        if (!stored || fact.at <= stored.at)
          this.baselines.set(fact.service, {
            ...fact,
            createdAt: fact.createdAt ?? stored?.createdAt,
          });
      }
    }
  }

  async load(): Promise<StoredHistory> {
    const entries = [...this.entries.values()].map((e, i) => ({ e, i }));
    entries.sort((a, b) => a.e.time - b.e.time || a.i - b.i);
    return { baselines: [...this.baselines.values()], entries: entries.map(({ e }) => e) };
  }
}
