import 'server-only';
/**
 * The embedded driver: PGlite (PostgreSQL compiled to WASM) in a data directory, under the
 * directory lock (dir-lock.ts), since PGlite itself lets a second process open the same files
 * and lose its writes.
 *
 * Contract: `openPglite(dir)` takes the lock first (throws `DirLockedError` without touching the
 * database when another live process holds it), then opens `<dir>/pgdata` (its first open runs
 * initdb: seconds, about 40 MB); `close()` closes the database, then releases the lock. One
 * PGlite instance serves one query at a time; it queues the rest itself.
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { acquireDirLock } from './dir-lock';
import type { Queryable, SqlDriver } from './driver';

function queryable(db: Pick<PGlite, 'query'>): Queryable {
  return {
    query: async <Row>(sql: string, params: unknown[] = []) =>
      (await db.query<Row>(sql, params)).rows,
  };
}

export async function openPglite(dir: string): Promise<SqlDriver> {
  const lock = acquireDirLock(dir);
  let db: PGlite;
  try {
    db = await PGlite.create(join(dir, 'pgdata'));
  } catch (error) {
    lock.release();
    throw error;
  }
  let closed = false;
  return {
    name: 'pglite',
    ...queryable(db),
    transaction: (fn) => db.transaction((tx) => fn(queryable(tx))),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        lock.release();
      }
    },
  };
}
