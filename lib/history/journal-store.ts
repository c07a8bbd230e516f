import 'server-only';
/**
 * The record journal in the history database (tables `record_facts` and `record_checkpoints`,
 * migration 2): writing the feed's facts, rebuilding the records at an instant, the changes
 * between two, and retention. The same contract as the memory journal (journal.ts).
 *
 * Contract:
 * - facts are inserted with `ON CONFLICT DO NOTHING` on (cluster, uid, version): replicas, and a
 *   process relisting after a restart, store each change once (the first writer's time wins);
 *   checkpoints on (cluster, at_ms);
 * - `recordsAt(T)` starts from the newest checkpoint at or before T and the facts after it, and
 *   `factsBetween` reads every fact of a range in (time, id) order, with the differences of
 *   the checkpoints inside it (journal-read.ts; a range that starts before the oldest
 *   checkpoint is read from it); with no checkpoint at or before T `recordsAt` answers `before`,
 *   with the oldest checkpoint as `retainedSince`;
 * - retention at a cutoff first writes a checkpoint of the state at the cutoff, then deletes the
 *   facts at or before it and the older checkpoints, so every instant from the cutoff on is
 *   rebuilt exactly as before and earlier ones answer "before retained history"; the size cap
 *   (over the journal's two tables) moves the cutoff forward until about 90 % of it remains.
 *   A rebuild that retention (this replica's or another's) cuts while it reads is read again
 *   from the checkpoint at the cutoff, never answered from what was left half-deleted;
 * - checkpoints are written in parts (checkpoint-parts.ts), packed off the watch path (the writer
 *   calls `write` in the background) one part at a time; a rebuild takes the records this
 *   process holds at the same resourceVersion from its `held` lookup instead of decoding them.
 *   Checkpoints written before migration 3 (one gzipped JSON blob in `record_checkpoints`) are
 *   still read;
 * - a fact's record is stored as JSON text (migration 3; `jsonb` before): whole, or (migration 6)
 *   as the change from the version it replaced (journal-patches.ts);
 * - a batch of facts is serialised on the server's thread in slices of about 0.25 ms,
 *   between which the event loop runs, and inserted in statements of at most 500 facts and
 *   about 256 KiB of record JSON, in the order given.
 */
import type { SlimRecord } from '../topology/records';
import type { Queryable, SqlDriver } from './driver';
import type { RangeFacts, RecordJournal, RecordsAtAnswer } from './journal';
import { insertCheckpointParts, packCheckpoint, type HeldRecords } from './checkpoint-parts';
import { readFacts, recordsFrom, type CheckpointRow } from './journal-read';
import { storedRecord } from './journal-patches';
import { loopSlices } from './loop-slices';
import type { RecordFact } from './record-facts';

/** Most facts per INSERT (each takes 9 parameters). */
const INSERT_CHUNK = 500;
/**
 * Most characters of record JSON per INSERT. Each INSERT is one message to PGlite's thread,
 * cloned whole on the server's thread as it is posted: 500 EndpointSlice facts made one of
 * several MB that held the event loop for milliseconds at once, and big buffers on the
 * database thread to collect.
 */
const INSERT_CHARS = 256 * 1024;
/** Reads of one instant that retention may cut before the rebuild gives up (see recordsAtIn). */
const READ_ATTEMPTS = 3;

export async function insertRecordFacts(
  tx: Queryable,
  cluster: string,
  facts: readonly RecordFact[],
): Promise<void> {
  let params: unknown[] = [];
  let rows: string[] = [];
  let chars = 0;
  const insert = async () => {
    const values = rows.join(', ');
    const sent = params;
    params = [];
    rows = [];
    chars = 0;
    await tx.query(
      `INSERT INTO record_facts (cluster, at_ms, kind, uid, version, namespace, name, record, base)
       VALUES ${values}
       ON CONFLICT DO NOTHING`,
      sent,
    );
  };
  // By time, not by count: one EndpointSlice fact is a hundred times a Namespace's.
  const slices = loopSlices();
  for (const fact of facts) {
    const { text, base } = storedRecord(fact);
    const at = params.length;
    params.push(
      cluster,
      fact.time,
      fact.recordKind,
      fact.uid,
      fact.version,
      fact.namespace,
      fact.name,
      text,
      base,
    );
    const p = (k: number) => `$${at + k}`;
    rows.push(`(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)})`);
    chars += text?.length ?? 0;
    if (rows.length >= INSERT_CHUNK || chars >= INSERT_CHARS) await insert();
    else if (slices.due()) await slices.next();
  }
  if (rows.length > 0) await insert();
}

async function oldestCheckpoint(db: Queryable, cluster: string): Promise<number | undefined> {
  const [row] = await db.query<{ at_ms: string | number | null }>(
    'SELECT min(at_ms) AS at_ms FROM record_checkpoints WHERE cluster = $1',
    [cluster],
  );
  return row?.at_ms === null || row?.at_ms === undefined ? undefined : Number(row.at_ms);
}

/**
 * The records at `time` (see the header), read again when retention — this process's or another
 * replica's — deleted the checkpoint they were being read from.
 *
 * Why looking once every read is done is enough: retention deletes the facts at or before its
 * cutoff and the checkpoints before it in one transaction, and each statement reads what was
 * committed when it began. If the checkpoint is still there after the last read, that
 * transaction had not committed when any read began, so every read saw the journal whole; if it
 * is gone, what was read may be partly deleted (parts and facts missing, not an error), and the
 * next attempt starts from the checkpoint retention wrote at its cutoff.
 */
async function recordsAtIn(
  db: Queryable,
  cluster: string,
  time: number,
  held?: HeldRecords,
): Promise<RecordsAtAnswer> {
  for (let attempt = 1; ; attempt++) {
    const [checkpoint] = await db.query<CheckpointRow>(
      `SELECT at_ms, count, records FROM record_checkpoints
        WHERE cluster = $1 AND at_ms <= $2 ORDER BY at_ms DESC LIMIT 1`,
      [cluster, time],
    );
    const retainedSince = await oldestCheckpoint(db, cluster);
    if (!checkpoint || retainedSince === undefined) return { before: true, retainedSince };
    const at = Number(checkpoint.at_ms);
    try {
      const records = await recordsFrom(db, cluster, time, checkpoint, held);
      if (await checkpointStands(db, cluster, at)) return { records, retainedSince };
    } catch (error) {
      if (await checkpointStands(db, cluster, at)) throw error;
    }
    if (attempt === READ_ATTEMPTS) {
      throw new Error(
        `the history at ${new Date(time).toISOString()} was cut by retention ` +
          `${READ_ATTEMPTS} times while it was read`,
      );
    }
  }
}

async function checkpointStands(db: Queryable, cluster: string, at: number): Promise<boolean> {
  const rows = await db.query(
    'SELECT 1 FROM record_checkpoints WHERE cluster = $1 AND at_ms = $2',
    [cluster, at],
  );
  return rows.length > 0;
}

export class StoreJournal implements RecordJournal {
  constructor(
    private readonly db: () => Promise<Queryable>,
    private readonly cluster: string,
    /** Records this process holds (the live cache), taken instead of decoding the same version. */
    private readonly held?: HeldRecords,
  ) {}

  async retainedSince(): Promise<number | undefined> {
    return oldestCheckpoint(await this.db(), this.cluster);
  }

  async recordsAt(time: number): Promise<RecordsAtAnswer> {
    return recordsAtIn(await this.db(), this.cluster, time, this.held);
  }

  async factsBetween(from: number, to: number, start?: readonly SlimRecord[]): Promise<RangeFacts> {
    const db = await this.db();
    // Before the oldest checkpoint retention left no facts, and no state to compare the
    // checkpoints in the range with: the range is read from where the history starts.
    const since = await oldestCheckpoint(db, this.cluster);
    if (since !== undefined && from < since) {
      from = since;
      start = undefined;
    }
    return readFacts(
      db,
      this.cluster,
      from,
      to,
      async () => {
        if (start) return start;
        const answer = await recordsAtIn(db, this.cluster, from, this.held);
        if ('records' in answer) return answer.records;
        throw new Error(`the history at ${new Date(from).toISOString()} is no longer retained`);
      },
      this.held,
    );
  }
}

/** The cutoff that brings the journal's tables back under ~90 % of `maxBytes`. */
async function journalSizeCutoff(
  driver: SqlDriver,
  cluster: string,
  maxBytes: number,
): Promise<number> {
  const [size] = await driver.query<{
    facts: string | number;
    checkpoints: string | number;
    parts: string | number;
  }>(
    `SELECT
       (SELECT coalesce(sum(pg_column_size(f.*)), 0) FROM record_facts f WHERE cluster = $1) AS facts,
       (SELECT coalesce(sum(pg_column_size(c.*)), 0) FROM record_checkpoints c WHERE cluster = $1) AS checkpoints,
       (SELECT coalesce(sum(pg_column_size(p.keys) + pg_column_size(p.records)), 0)
          FROM record_checkpoint_parts p WHERE cluster = $1) AS parts`,
    [cluster],
  );
  const bytes =
    Number(size?.facts ?? 0) + Number(size?.checkpoints ?? 0) + Number(size?.parts ?? 0);
  if (bytes <= maxBytes) return -Infinity;
  // Drop the oldest share of the window (by time) that matches the share of bytes over the cap.
  const [span] = await driver.query<{ lo: string | number | null; hi: string | number | null }>(
    `SELECT min(at_ms) AS lo, max(at_ms) AS hi FROM record_checkpoints WHERE cluster = $1`,
    [cluster],
  );
  const lo = Number(span?.lo ?? 0);
  const hi = Number(span?.hi ?? 0);
  return lo + Math.ceil((hi - lo) * (1 - (maxBytes * 0.9) / bytes));
}

/** Moves the start of the journal to `cutoffMs` (or later, for the size cap); see the header. */
export async function enforceJournalRetention(
  driver: SqlDriver,
  cluster: string,
  cutoffMs: number,
  maxBytes?: number,
  held?: HeldRecords,
): Promise<{ removed: number }> {
  const cutoff =
    maxBytes === undefined
      ? cutoffMs
      : Math.max(cutoffMs, await journalSizeCutoff(driver, cluster, maxBytes));
  const answer = await recordsAtIn(driver, cluster, cutoff, held);
  if (!('records' in answer)) {
    // Nothing is retained before the cutoff; facts older than every checkpoint rebuild nothing.
    if (answer.retainedSince === undefined) return { removed: 0 };
    const rows = await driver.query<{ n: string | number }>(
      `WITH gone AS (DELETE FROM record_facts WHERE cluster = $1 AND at_ms < $2 RETURNING 1)
       SELECT count(*) AS n FROM gone`,
      [cluster, answer.retainedSince],
    );
    return { removed: Number(rows[0]?.n ?? 0) };
  }
  const packed = await packCheckpoint({
    kind: 'checkpoint',
    time: cutoff,
    records: answer.records,
  });
  return driver.transaction(async (tx) => {
    await insertCheckpointParts(tx, cluster, packed);
    const rows = await tx.query<{ n: string | number }>(
      `WITH gone AS (DELETE FROM record_facts WHERE cluster = $1 AND at_ms <= $2 RETURNING 1)
       SELECT count(*) AS n FROM gone`,
      [cluster, cutoff],
    );
    await tx.query('DELETE FROM record_checkpoints WHERE cluster = $1 AND at_ms < $2', [
      cluster,
      cutoff,
    ]);
    await tx.query('DELETE FROM record_checkpoint_parts WHERE cluster = $1 AND at_ms < $2', [
      cluster,
      cutoff,
    ]);
    return { removed: Number(rows[0]?.n ?? 0) };
  });
}
