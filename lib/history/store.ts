import 'server-only';
/**
 * The history store of one cluster on either driver: writes facts idempotently, reads them back
 * to rebuild the Service trails, and enforces retention and the size cap.
 *
 * Contract:
 * - `openHistoryStore` applies the migrations (migrations.ts) before anything else;
 * - `write(facts)` stores one batch in one transaction: entries with `ON CONFLICT DO NOTHING`
 *   on their key (facts.ts), so replicas and retries store each fact once; a baseline replaces
 *   the stored one only when it starts no later (the earliest record of a Service wins, and a
 *   process cannot move a baseline forward — only retention does);
 * - `load()` returns every baseline and every entry of the cluster, entries ordered by
 *   (time, id), read in pages so no single result holds the whole table;
 * - `enforceRetention(cutoffMs, maxBytes)` folds the endpoint entries older than the cutoff into
 *   their Service's baseline (so `stateAt` stays exact after the cutoff and says "before retained
 *   history" before it) and deletes every entry older than the cutoff; when the cluster's entries
 *   exceed `maxBytes` the cutoff moves forward until about 90 % of the cap remains; the record
 *   journal's tables get the same cutoff and cap of their own (journal-store.ts);
 * - record facts and checkpoints (record-facts.ts) are written in the same transaction as the
 *   trail's facts of their batch, in the order the batch holds them; a periodic checkpoint is
 *   not packed or written when the cluster already has one taken after the feed's previous one
 *   (another replica's): a rebuild needs a checkpoint near it, not one per replica, and every
 *   fact is stored either way.
 */
import type { EndpointSnapshot, TimelineEntry } from '../api/diagnostics';
import type { EndpointSet } from '../diagnostics/endpoint-sets';
import type { TrailItem } from '../diagnostics/service-history';
import { foldEntry } from '../diagnostics/endpoint-changes';
import type { Queryable, SqlDriver } from './driver';
import type { BaselineFact, EntryFact, HistoryFact, StoredHistory } from './facts';
import { insertCheckpointParts, packCheckpoint, type HeldRecords } from './checkpoint-parts';
import { enforceJournalRetention, insertRecordFacts } from './journal-store';
import { migrate } from './migrations';
import type { CheckpointFact, RecordFact } from './record-facts';

const INSERT_CHUNK = 500;
const LOAD_PAGE = 5000;

export interface HistoryStore {
  readonly driver: SqlDriver;
  readonly cluster: string;
  write(facts: readonly HistoryFact[]): Promise<void>;
  load(): Promise<StoredHistory>;
  /** Every Service's entries with from < time ≤ to, oldest first (time, then as written). */
  entriesBetween(from: number, to: number): Promise<TrailItem[]>;
  enforceRetention(cutoffMs: number, maxBytes?: number): Promise<{ removed: number }>;
  close(): Promise<void>;
}

interface EntryRow {
  id: string | number;
  service: string;
  at_ms: string | number;
  source_uid: string;
  source_version: string;
  entry_key: string;
  entry: TimelineEntry;
}

interface BaselineRow {
  service: string;
  at_ms: string | number;
  trimmed: boolean;
  created_at_ms: string | number | null;
  endpoints: EndpointSnapshot[];
}

async function insertEntries(tx: Queryable, cluster: string, entries: EntryFact[]): Promise<void> {
  for (let start = 0; start < entries.length; start += INSERT_CHUNK) {
    const chunk = entries.slice(start, start + INSERT_CHUNK);
    const params: unknown[] = [];
    const rows = chunk.map((fact) => {
      const base = params.length;
      params.push(
        cluster,
        fact.service,
        fact.time,
        fact.sourceUid,
        fact.sourceVersion,
        fact.entryKey,
        fact.entry.type,
        JSON.stringify(fact.entry),
      );
      const p = (i: number) => `$${base + i}`;
      return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}::jsonb)`;
    });
    await tx.query(
      `INSERT INTO timeline_entries
         (cluster, service, at_ms, source_uid, source_version, entry_key, type, entry)
       VALUES ${rows.join(', ')}
       ON CONFLICT DO NOTHING`,
      params,
    );
  }
}

async function upsertBaseline(tx: Queryable, cluster: string, fact: BaselineFact): Promise<void> {
  await tx.query(
    `INSERT INTO service_baselines AS b
       (cluster, service, at_ms, trimmed, created_at_ms, endpoints)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb)
     ON CONFLICT (cluster, service) DO UPDATE SET
       at_ms = excluded.at_ms,
       trimmed = excluded.trimmed,
       endpoints = excluded.endpoints,
       created_at_ms = coalesce(excluded.created_at_ms, b.created_at_ms)
     WHERE excluded.at_ms <= b.at_ms`,
    [
      cluster,
      fact.service,
      fact.at,
      fact.trimmed,
      fact.createdAt ?? null,
      JSON.stringify(fact.endpoints),
    ],
  );
}

function toBaseline(row: BaselineRow): BaselineFact {
  return {
    kind: 'baseline',
    service: row.service,
    at: Number(row.at_ms),
    trimmed: row.trimmed,
    ...(row.created_at_ms !== null ? { createdAt: Number(row.created_at_ms) } : {}),
    endpoints: row.endpoints,
  };
}

async function loadEntries(driver: SqlDriver, cluster: string): Promise<EntryFact[]> {
  const out: EntryFact[] = [];
  let after: [number, number] = [Number.MIN_SAFE_INTEGER, 0];
  for (;;) {
    const rows = await driver.query<EntryRow>(
      `SELECT id, service, at_ms, source_uid, source_version, entry_key, entry
         FROM timeline_entries
        WHERE cluster = $1 AND (at_ms > $2 OR (at_ms = $2 AND id > $3))
        ORDER BY at_ms, id
        LIMIT ${LOAD_PAGE}`,
      [cluster, after[0], after[1]],
    );
    for (const row of rows)
      out.push({
        kind: 'entry',
        service: row.service,
        time: Number(row.at_ms),
        sourceUid: row.source_uid,
        sourceVersion: row.source_version,
        entryKey: row.entry_key,
        entry: row.entry,
      });
    const last = rows[rows.length - 1];
    if (!last || rows.length < LOAD_PAGE) return out;
    after = [Number(last.at_ms), Number(last.id)];
  }
}

async function entriesBetween(
  driver: SqlDriver,
  cluster: string,
  from: number,
  to: number,
): Promise<TrailItem[]> {
  const out: TrailItem[] = [];
  // bigint columns: infinite bounds become the widest finite ones.
  const clamp = (ms: number) =>
    Math.min(Math.max(ms, Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
  let after: [number, number] = [clamp(from), Number.MAX_SAFE_INTEGER];
  to = clamp(to);
  for (;;) {
    const rows = await driver.query<EntryRow>(
      `SELECT id, service, at_ms, entry FROM timeline_entries
        WHERE cluster = $1 AND at_ms <= $4 AND (at_ms > $2 OR (at_ms = $2 AND id > $3))
        ORDER BY at_ms, id
        LIMIT ${LOAD_PAGE}`,
      [cluster, after[0], after[1], to],
    );
    for (const row of rows) {
      const slash = row.service.indexOf('/');
      out.push({
        namespace: row.service.slice(0, slash),
        name: row.service.slice(slash + 1),
        time: Number(row.at_ms),
        entry: row.entry,
      });
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < LOAD_PAGE) return out;
    after = [Number(last.at_ms), Number(last.id)];
  }
}

/** The cutoff that brings the cluster's entries back under ~90 % of `maxBytes`. */
async function sizeCutoff(driver: SqlDriver, cluster: string, maxBytes: number): Promise<number> {
  const [size] = await driver.query<{ bytes: string | number; rows: string | number }>(
    `SELECT coalesce(sum(pg_column_size(t.*)), 0) AS bytes, count(*) AS rows
       FROM timeline_entries t WHERE cluster = $1`,
    [cluster],
  );
  const bytes = Number(size?.bytes ?? 0);
  const rows = Number(size?.rows ?? 0);
  if (bytes <= maxBytes || rows === 0) return -Infinity;
  const drop = Math.min(rows - 1, Math.ceil(rows * (1 - (maxBytes * 0.9) / bytes)));
  const [row] = await driver.query<{ at_ms: string | number }>(
    `SELECT at_ms FROM timeline_entries WHERE cluster = $1 ORDER BY at_ms, id OFFSET $2 LIMIT 1`,
    [cluster, drop],
  );
  return row ? Number(row.at_ms) : -Infinity;
}

/** Folds one Service's entries older than `cutoff` into its baseline and deletes them. */
async function trimService(
  tx: Queryable,
  cluster: string,
  service: string,
  cutoff: number,
): Promise<number> {
  const [baseline] = await tx.query<BaselineRow>(
    `SELECT service, at_ms, trimmed, created_at_ms, endpoints FROM service_baselines
      WHERE cluster = $1 AND service = $2 FOR UPDATE`,
    [cluster, service],
  );
  const old = await tx.query<{ at_ms: string | number; entry: TimelineEntry }>(
    `SELECT at_ms, entry FROM timeline_entries
      WHERE cluster = $1 AND service = $2 AND at_ms < $3 ORDER BY at_ms, id`,
    [cluster, service, cutoff],
  );
  if (old.length === 0) return 0;
  const state: EndpointSet = new Map((baseline?.endpoints ?? []).map((e) => [e.address, e]));
  for (const row of old) foldEntry(state, row.entry);
  const at = Math.max(Number(baseline?.at_ms ?? 0), Number(old[old.length - 1]!.at_ms));
  await tx.query(
    `INSERT INTO service_baselines (cluster, service, at_ms, trimmed, created_at_ms, endpoints)
     VALUES ($1, $2, $3, true, $4, $5::jsonb)
     ON CONFLICT (cluster, service) DO UPDATE SET
       at_ms = excluded.at_ms, trimmed = true, endpoints = excluded.endpoints`,
    [cluster, service, at, baseline?.created_at_ms ?? null, JSON.stringify([...state.values()])],
  );
  await tx.query(
    `DELETE FROM timeline_entries WHERE cluster = $1 AND service = $2 AND at_ms < $3`,
    [cluster, service, cutoff],
  );
  return old.length;
}

/** Whether another writer took a checkpoint after this feed's previous one. */
async function checkpointedSince(
  db: Queryable,
  cluster: string,
  checkpoint: CheckpointFact,
): Promise<boolean> {
  if (checkpoint.after === undefined) return false;
  const rows = await db.query(
    'SELECT 1 FROM record_checkpoints WHERE cluster = $1 AND at_ms > $2 LIMIT 1',
    [cluster, checkpoint.after],
  );
  return rows.length > 0;
}

export async function openHistoryStore(
  driver: SqlDriver,
  cluster: string,
  /** Records this process holds, taken instead of decoding the same version (journal-store.ts). */
  held?: HeldRecords,
): Promise<HistoryStore> {
  await migrate(driver);
  return {
    driver,
    cluster,
    write: async (facts) => {
      if (facts.length === 0) return;
      const entries: EntryFact[] = [];
      const baselines = new Map<string, BaselineFact>();
      // Record facts in runs between checkpoints, so each checkpoint lands after what preceded it.
      const journal: (RecordFact[] | CheckpointFact)[] = [];
      for (const fact of facts) {
        if (fact.kind === 'entry') entries.push(fact);
        else if (fact.kind === 'baseline') baselines.set(fact.service, fact);
        else if (fact.kind === 'checkpoint') journal.push(fact);
        else {
          const run = journal[journal.length - 1];
          if (Array.isArray(run)) run.push(fact);
          else journal.push([fact]);
        }
      }
      const needed: typeof journal = [];
      for (const item of journal)
        if (Array.isArray(item) || !(await checkpointedSince(driver, cluster, item)))
          needed.push(item);
      const packed = await Promise.all(
        needed.map((item) => (Array.isArray(item) ? item : packCheckpoint(item))),
      );
      await driver.transaction(async (tx) => {
        await insertEntries(tx, cluster, entries);
        for (const baseline of baselines.values()) await upsertBaseline(tx, cluster, baseline);
        for (const item of packed) {
          if (Array.isArray(item)) await insertRecordFacts(tx, cluster, item);
          else await insertCheckpointParts(tx, cluster, item);
        }
      });
    },
    load: async () => {
      const baselines = await driver.query<BaselineRow>(
        `SELECT service, at_ms, trimmed, created_at_ms, endpoints
           FROM service_baselines WHERE cluster = $1`,
        [cluster],
      );
      return { baselines: baselines.map(toBaseline), entries: await loadEntries(driver, cluster) };
    },
    entriesBetween: (from, to) => entriesBetween(driver, cluster, from, to),
    enforceRetention: async (cutoffMs, maxBytes) => {
      const cutoff =
        maxBytes === undefined
          ? cutoffMs
          : Math.max(cutoffMs, await sizeCutoff(driver, cluster, maxBytes));
      const services = await driver.query<{ service: string }>(
        `SELECT DISTINCT service FROM timeline_entries WHERE cluster = $1 AND at_ms < $2`,
        [cluster, cutoff],
      );
      let removed = 0;
      for (const { service } of services)
        removed += await driver.transaction((tx) => trimService(tx, cluster, service, cutoff));
      removed += (await enforceJournalRetention(driver, cluster, cutoffMs, maxBytes, held)).removed;
      return { removed };
    },
    close: () => driver.close(),
  };
}
