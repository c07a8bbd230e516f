import 'server-only';
/**
 * The embedded driver: PGlite (PostgreSQL compiled to WASM) in a data directory, run on its own
 * thread (pglite-worker.mjs) so that the database's work never holds the server's event loop,
 * under the directory lock (dir-lock.ts), since PGlite itself lets a second process open the
 * same files and lose its writes.
 *
 * Contract:
 * - `openPglite(dir)` takes the lock first, in this thread (throws `DirLockedError` without
 *   starting anything when another live process holds it), then starts the database thread on
 *   `<dir>/pgdata` and resolves once it opened (the first open runs initdb: seconds, about
 *   40 MB, now off the event loop); if it cannot open, the thread is ended, the lock released
 *   and its error thrown;
 * - `query` and `transaction` keep the SqlDriver contract: a transaction is begun, queried and
 *   committed (or rolled back when `fn` throws) by id across the thread boundary, and errors
 *   keep their SQLSTATE `code`, message and details (pglite-protocol.ts). One PGlite instance
 *   serves one query at a time; a query outside a transaction waits for an open one to end;
 * - the thread keeps the process alive only while a request is waiting for it; if it dies,
 *   every waiting and later request fails (the writer counts and retries as for any outage);
 * - `close()` closes the database, ends the thread, then releases the lock. A `kill -9` ends
 *   the thread with the process and the OS releases the lock file's owner (dir-lock.ts).
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { acquireDirLock } from './dir-lock';
import type { Queryable, SqlDriver } from './driver';
import { deserializeError, type PgliteReply, type PgliteRequest } from './pglite-protocol';

type Request = PgliteRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
type Ok = Extract<PgliteReply, { ok: true }>;

interface Waiting {
  resolve: (reply: Ok) => void;
  reject: (error: Error) => void;
}

/** The database thread and its requests in flight. */
class DatabaseThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private dead: Error | undefined;
  readonly opened: Promise<void>;

  constructor(dataDir: string) {
    this.worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
      name: 'switchboard-history-db',
      workerData: { dataDir },
    });
    let open!: Waiting;
    this.opened = new Promise<void>((resolve, reject) => {
      open = { resolve: () => resolve(), reject };
    });
    this.waiting.set(0, open);
    this.worker.on('message', (reply: PgliteReply) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(deserializeError(reply.error));
      this.idle();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) =>
      this.fail(new Error(`the history database thread stopped (exit code ${code})`)),
    );
  }

  request(request: Request): Promise<Ok> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<Ok>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ ...request, id });
    });
  }

  async end(): Promise<void> {
    this.dead ??= new Error('the history database is closed');
    await this.worker.terminate();
  }

  /** No request waiting: the thread alone does not keep the process alive. */
  private idle(): void {
    if (this.waiting.size === 0) this.worker.unref();
  }

  private fail(error: Error): void {
    this.dead ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(this.dead);
    this.waiting.clear();
  }
}

export async function openPglite(dir: string): Promise<SqlDriver> {
  const lock = acquireDirLock(dir);
  let thread: DatabaseThread;
  try {
    thread = new DatabaseThread(join(dir, 'pgdata'));
    try {
      await thread.opened;
    } catch (error) {
      await thread.end();
      throw error;
    }
  } catch (error) {
    lock.release();
    throw error;
  }
  const query = (tx?: number) => ({
    query: async <Row>(sql: string, params: unknown[] = []) =>
      ((await thread.request({ op: 'query', sql, params, tx })).rows ?? []) as Row[],
  });
  let closed = false;
  return {
    name: 'pglite',
    ...query(),
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
      const { tx } = await thread.request({ op: 'begin' });
      let out: T;
      try {
        out = await fn(query(tx));
      } catch (error) {
        await thread.request({ op: 'rollback', tx: tx! }).catch(() => {});
        throw error;
      }
      await thread.request({ op: 'commit', tx: tx! });
      return out;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await thread.request({ op: 'close' });
      } finally {
        await thread.end();
        lock.release();
      }
    },
  };
}
