/**
 * The durable record journal of a fresh cluster on a driver, fed through the batching writer as
 * the server feeds it, for the shared journal cases (journal-cases.ts). Test-only.
 */
import type { Queryable, SqlDriver } from '../driver';
import { StoreJournal } from '../journal-store';
import { openHistoryStore } from '../store';
import { HistoryWriter } from '../writer';
import type { OpenedJournal } from './journal-cases';

let clusters = 0;

export async function openStoreJournal(driver: SqlDriver): Promise<OpenedJournal> {
  const store = await openHistoryStore(driver, `journal-${process.pid}-${++clusters}`);
  const writer = new HistoryWriter(store, { batchSize: 7, flushMs: 1 });
  return {
    journal: new StoreJournal(async () => driver, store.cluster),
    sink: (fact) => writer.push(fact),
    flush: async () => {
      await writer.flush();
      if (writer.gap().droppedFacts > 0) throw new Error('the writer dropped facts');
    },
    retain: async (cutoffMs) => {
      await store.enforceRetention(cutoffMs);
    },
    overtaken: (before, meanwhile) => {
      let ran = false;
      const db: Queryable = {
        query: async <Row>(sql: string, params?: unknown[]) => {
          if (!ran && before.test(sql)) {
            ran = true;
            await meanwhile();
          }
          return driver.query<Row>(sql, params);
        },
      };
      return new StoreJournal(async () => db, store.cluster);
    },
  };
}
