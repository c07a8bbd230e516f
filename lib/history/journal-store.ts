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
 * - `recordsAt(T)` starts from the newest checkpoint at or before T and folds in the newest fact
 *   of each record with checkpoint < time ≤ T (by (time, id): the same state as folding them all
 *   in order), the records in no particular order. The facts' keys are read first, so the
 *   checkpoint records they replace are never fetched or parsed; with no checkpoint at or before
 *   T it answers `before`, with the oldest checkpoint as `retainedSince`; `factsBetween` reads every fact, in (time, id) order, in pages;
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
 * - a fact's record is stored as JSON text (migration 3; `jsonb` before), parsed here.
 * - a batch of facts is serialised on the server's thread in slices of about a millisecond,
 *   between which the event loop runs, and inserted in statements of at most 500 facts and
 *   about 256 KiB of record JSON, in the order given.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { SlimRecord } from '../topology/records';
import type { Queryable, SqlDriver } from './driver';
import type { RecordJournal, RecordsAtAnswer } from './journal';
import {
  insertCheckpointParts,
  packCheckpoint,
  readCheckpoint,
  type HeldRecords,
} from './checkpoint-parts';
import { loopSlices } from './loop-slices';
import type { RecordFact } from './record-facts';

const gunzipAsync = promisify(gunzip);

/** Most facts per INSERT (each takes 8 parameters). */
const INSERT_CHUNK = 500;
/**
 * Most characters of record JSON per INSERT. Each INSERT is one message to PGlite's thread,
 * cloned whole on the server's thread as it is posted: 500 EndpointSlice facts made one of
 * several MB that held the event loop for milliseconds at once, and big buffers on the
 * database thread to collect.
 */
const INSERT_CHARS = 256 * 1024;
const READ_PAGE = 5000;
/** Reads of one instant that retention may cut before the rebuild gives up (see recordsAtIn). */
const READ_ATTEMPTS = 3;

/** A checkpoint of migration 2: the records as one gzipped JSON array. */
async function unpackLegacy(blob: Uint8Array): Promise<SlimRecord[]> {
  return JSON.parse((await gunzipAsync(blob)).toString('utf8')) as SlimRecord[];
}

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
      `INSERT INTO record_facts (cluster, at_ms, kind, uid, version, namespace, name, record)
       VALUES ${values}
       ON CONFLICT DO NOTHING`,
      sent,
    );
  };
  // By time, not by count: one EndpointSlice fact is a hundred times a Namespace's.
  const slices = loopSlices();
  for (const fact of facts) {
    const record = fact.record ? JSON.stringify(fact.record) : null;
    const base = params.length;
    params.push(
      cluster,
      fact.time,
      fact.recordKind,
      fact.uid,
      fact.version,
      fact.namespace,
      fact.name,
      record,
    );
    const p = (k: number) => `$${base + k}`;
    rows.push(`(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)})`);
    chars += record?.length ?? 0;
    if (rows.length >= INSERT_CHUNK || chars >= INSERT_CHARS) await insert();
    else if (slices.due()) await slices.next();
  }
  if (rows.length > 0) await insert();
}

interface FactRow {
  id: string | number;
  at_ms: string | number;
  kind: RecordFact['recordKind'];
  uid: string;
  version: string;
  namespace: string;
  name: string;
  record: string | null;
}

function toFact(row: FactRow): RecordFact {
  return {
    kind: 'record',
    time: Number(row.at_ms),
    recordKind: row.kind,
    uid: row.uid,
    version: row.version,
    namespace: row.namespace,
    name: row.name,
    record: row.record === null ? null : (JSON.parse(row.record) as SlimRecord),
  };
}

// bigint columns: infinite bounds become the widest finite ones.
const clamp = (ms: number) =>
  Math.min(Math.max(ms, Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);

/** Records fetched by id per query when only some facts' records are needed. */
const FETCH_IDS = 1000;

/** A fact as `latestFacts` reads it: its record is null until `factRecords` sets it. */
interface LatestFact {
  id: string;
  gone: boolean;
  fact: RecordFact;
}

/**
 * The newest fact of each record with from < time ≤ to, without its record: folding them (in
 * any order) into the state at `from` gives the state at `to`, as folding every fact in order
 * does. Only keys are read here, so the caller learns which checkpoint records are superseded
 * before it decodes any; `factRecords` fills in the records.
 *
 * The database hands over every fact's key in the range as one text (one row, no sort: a
 * DISTINCT ON over up to 50,000 facts sorted them on every rebuild, and each row crossed to the
 * server as an object of its own); the newest per record, by (time, id), is kept here. Kinds,
 * uids and versions never hold a tab or a newline.
 */
async function latestFacts(
  db: Queryable,
  cluster: string,
  from: number,
  to: number,
): Promise<LatestFact[]> {
  const [row] = await db.query<{ keys: string | null }>(
    `SELECT string_agg(concat_ws(E'\t', kind, uid, version, at_ms, id, (record IS NULL)::int), E'\n')
            AS keys
       FROM record_facts
      WHERE cluster = $1 AND at_ms > $2 AND at_ms <= $3`,
    [cluster, clamp(from), clamp(to)],
  );
  // Per kind, per uid: the newest fact.
  const newest = new Map<string, Map<string, LatestFact>>();
  const text = row?.keys ?? '';
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const [kind, uid, version, atMs, id, gone] = text.slice(start, end).split('\t') as [
      RecordFact['recordKind'],
      string,
      string,
      string,
      string,
      string,
    ];
    start = end + 1;
    const time = Number(atMs);
    let ofKind = newest.get(kind);
    if (!ofKind) newest.set(kind, (ofKind = new Map()));
    const seen = ofKind.get(uid);
    if (
      seen &&
      (seen.fact.time > time || (seen.fact.time === time && Number(seen.id) > Number(id)))
    )
      continue;
    ofKind.set(uid, {
      id,
      gone: gone === '1',
      fact: {
        kind: 'record',
        time,
        recordKind: kind,
        uid,
        version,
        // Not read: the fold needs only the kind, uid and record.
        namespace: '',
        name: '',
        record: null,
      },
    });
  }
  return [...newest.values()].flatMap((ofKind) => [...ofKind.values()]);
}

/**
 * Sets the record of each fact that is not a deletion: the one `held` has at that version, else
 * the stored one (fetched by id). A record changed a hundred times in the range is read once.
 */
async function factRecords(
  db: Queryable,
  cluster: string,
  latest: readonly LatestFact[],
  held?: HeldRecords,
): Promise<void> {
  const need = new Map<string, RecordFact>();
  for (const { id, gone, fact } of latest) {
    if (gone) continue;
    const record = held?.(fact.recordKind, fact.uid);
    if (record && record.meta.resourceVersion === fact.version) fact.record = record;
    else need.set(id, fact);
  }
  const ids = [...need.keys()];
  for (let start = 0; start < ids.length; start += FETCH_IDS) {
    const found = await db.query<{ id: string | number; record: string }>(
      `SELECT id, record FROM record_facts WHERE cluster = $1 AND id = ANY($2::bigint[])`,
      [cluster, ids.slice(start, start + FETCH_IDS)],
    );
    for (const row of found)
      need.get(String(row.id))!.record = JSON.parse(row.record) as SlimRecord;
  }
}

/** The facts with from < time ≤ to, oldest first, in pages. */
async function readFacts(
  db: Queryable,
  cluster: string,
  from: number,
  to: number,
): Promise<RecordFact[]> {
  const out: RecordFact[] = [];
  let after: [number, number] = [clamp(from), Number.MAX_SAFE_INTEGER];
  to = clamp(to);
  let first = true;
  for (;;) {
    // The first page takes every id at `from` + 1 ms on; later pages resume after the last row.
    const rows = await db.query<FactRow>(
      `SELECT id, at_ms, kind, uid, version, namespace, name, record FROM record_facts
        WHERE cluster = $1 AND at_ms <= $4 AND (at_ms > $2 OR (at_ms = $2 AND id > $3))
        ORDER BY at_ms, id
        LIMIT ${READ_PAGE}`,
      [cluster, after[0], first ? Number.MAX_SAFE_INTEGER : after[1], to],
    );
    first = false;
    for (const row of rows) out.push(toFact(row));
    const last = rows[rows.length - 1];
    if (!last || rows.length < READ_PAGE) return out;
    after = [Number(last.at_ms), Number(last.id)];
  }
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

interface CheckpointRow {
  at_ms: string | number;
  count: string | number;
  records: Uint8Array | null;
}

/** The records at `time` from `checkpoint` (at or before it) and the facts after it. */
async function recordsFrom(
  db: Queryable,
  cluster: string,
  time: number,
  checkpoint: CheckpointRow,
  held?: HeldRecords,
): Promise<SlimRecord[]> {
  const at = Number(checkpoint.at_ms);
  // The facts first: a checkpoint record that a fact in (at, time] replaces is never decoded.
  const latest = await latestFacts(db, cluster, at, time);
  // Per kind, the uids a fact replaces (checked for every checkpoint record: no key strings).
  const replaced = new Map<string, Set<string>>();
  for (const { fact } of latest) {
    const uids = replaced.get(fact.recordKind);
    if (uids) uids.add(fact.uid);
    else replaced.set(fact.recordKind, new Set([fact.uid]));
  }
  const isReplaced = (kind: string, uid: string) => replaced.get(kind)?.has(uid) === true;
  const [records] = await Promise.all([
    checkpoint.records
      ? unpackLegacy(checkpoint.records).then((all) =>
          all.filter((record) => !isReplaced(record.kind, record.meta.uid)),
        )
      : readCheckpoint(
          db,
          cluster,
          { time: at, count: Number(checkpoint.count) },
          held,
          isReplaced,
        ),
    factRecords(db, cluster, latest, held),
  ]);
  // The checkpoint's records but those replaced, and the newest fact of each record (one per
  // record): no record twice, so no state map keyed by record is built (210,284 keys at
  // large:150000).
  for (const { fact } of latest) if (fact.record) records.push(fact.record);
  return records;
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

  async factsBetween(from: number, to: number): Promise<RecordFact[]> {
    return readFacts(await this.db(), this.cluster, from, to);
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
