/**
 * The embedded database's own thread: PGlite (PostgreSQL compiled to WASM) runs here, in a
 * `worker_threads` Worker started by pglite-driver.ts, so that its queries — a batch of facts,
 * a checkpoint part, retention, initdb on a new directory — never hold the event loop that
 * carries the watch → cache → stream path.
 *
 * Contract (the messages are `PgliteRequest` / `PgliteReply` in pglite-protocol.ts):
 * - opens `workerData.dataDir` at start and posts id 0: `ok`, or the error it failed with;
 * - `query` runs one statement, on the open transaction `tx` when given, else on its own (PGlite
 *   queues it behind an open transaction, as it does in one thread);
 * - `begin` opens a transaction and answers with its id; `commit` / `rollback` end it. The
 *   transaction is PGlite's own (`db.transaction`), held open across messages;
 * - every answer carries the request's id; a database error keeps its message and the fields
 *   PostgreSQL reports (SQLSTATE `code`, `detail`, `constraint`…);
 * - `close` closes the database and answers; the driver then ends the thread;
 * - the thread runs at a lower priority (nice 5) than the server's own thread.
 * The directory lock is not taken here: the driver holds it in the process's main thread.
 * Plain JavaScript: a thread's entry is loaded by Node as it is (no TypeScript loader runs in a
 * worker on Node 20), and by the server build as its own chunk.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** This thread's nice value (the server's stays as it is). */
const NICE = 5;

/** What PostgreSQL's error (PGlite's DatabaseError) reports besides the message. */
const FIELDS = [
  'code',
  'severity',
  'detail',
  'hint',
  'position',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'routine',
];

/** @returns {import('./pglite-protocol').SerializedError} */
function serializeError(error) {
  if (!(error instanceof Error)) return { message: String(error), fields: {} };
  /** @type {Record<string, string>} */
  const fields = {};
  for (const field of FIELDS) {
    const value = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (error))[field];
    if (typeof value === 'string') fields[field] = value;
  }
  return { message: error.message, name: error.name, fields };
}

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { dataDir } = /** @type {{ dataDir: string }} */ (workerData);

/**
 * Open transactions by id: PGlite's transaction object, how to end it, and its outcome.
 * @type {Map<number, { tx: import('@electric-sql/pglite').Transaction, end: (commit: boolean) => void, done: Promise<void> }>}
 */
const open = new Map();
let nextTx = 1;

/** A transaction held open until `commit` or `rollback` names it. */
function begin(/** @type {PGlite} */ db) {
  return new Promise((resolveBegun, rejectBegun) => {
    const id = nextTx++;
    /** @type {(commit: boolean) => void} */
    let end = () => {};
    const ended = new Promise((resolve) => (end = resolve));
    const done = db
      .transaction(async (tx) => {
        open.set(id, { tx, end, done });
        resolveBegun(id);
        if (!(await ended)) await tx.rollback();
      })
      .then(
        () => undefined,
        (error) => {
          rejectBegun(error);
          throw error;
        },
      )
      .finally(() => open.delete(id));
    // Awaited by `commit`/`rollback`; a transaction that failed to begin is answered above.
    done.catch(() => {});
  });
}

/** @param {PGlite} db @param {import('./pglite-protocol').PgliteRequest} request */
async function handle(db, request) {
  switch (request.op) {
    case 'query': {
      const on = request.tx === undefined ? db : open.get(request.tx)?.tx;
      if (!on) throw new Error(`no open transaction ${request.tx}`);
      const result = await on.query(request.sql, request.params);
      return { id: request.id, ok: true, rows: result.rows };
    }
    case 'begin':
      return { id: request.id, ok: true, tx: await begin(db) };
    case 'commit':
    case 'rollback': {
      const tx = open.get(request.tx);
      if (!tx) throw new Error(`no open transaction ${request.tx}`);
      tx.end(request.op === 'commit');
      await tx.done;
      return { id: request.id, ok: true };
    }
    case 'close':
      await db.close();
      return { id: request.id, ok: true };
    default:
      throw new Error(`unknown request ${JSON.stringify(request)}`);
  }
}

async function main() {
  try {
    // The live path is latency, the database throughput with a bounded backlog behind it: when
    // the cores are contended this thread yields to the server's. On Linux the nice value is
    // per thread and 0 names the calling one, so only this thread is lowered.
    setPriority(0, NICE);
  } catch {
    // Not permitted or not supported: the thread runs at the process's priority.
  }
  let db;
  try {
    db = await PGlite.create(dataDir);
  } catch (error) {
    port.postMessage({ id: 0, ok: false, error: serializeError(error) });
    return;
  }
  const opened = db;
  port.on('message', (/** @type {import('./pglite-protocol').PgliteRequest} */ request) => {
    handle(opened, request).then(
      (reply) => port.postMessage(reply),
      (error) => port.postMessage({ id: request.id, ok: false, error: serializeError(error) }),
    );
  });
  port.postMessage({ id: 0, ok: true });
}

void main();
