/**
 * The history schema as ordered SQL migrations, and the runner that applies the missing ones.
 *
 * Contract: migrations are append-only (never edit a shipped one: add the next version); each
 * runs once, in order, inside one transaction with its row in `history_migrations`, so a
 * migration is either wholly applied and recorded or not at all. Several replicas starting at
 * once on one PostgreSQL serialise on a transaction-scoped advisory lock, so each version is
 * applied by exactly one of them. Running it again is a no-op.
 *
 * Tables (facts.ts says why these shapes):
 * - `timeline_entries`: one row per trail entry, unique on (cluster, service, source_uid,
 *   source_version, entry_key) — the idempotency key every writer inserts with
 *   `ON CONFLICT DO NOTHING`; `id` orders entries stored in the same millisecond as written.
 * - `service_baselines`: per (cluster, service), the endpoints at `at_ms`.
 * - `record_facts` (2): one row per change of a slim record, unique on (cluster, uid, version)
 *   — version is the resourceVersion or `deleted` (record-facts.ts); `record` is null for a
 *   deletion; `id` orders the changes of one millisecond as written.
 * - `record_checkpoints` (2): per (cluster, at_ms), one checkpoint: its record count, and (until
 *   migration 3) every record at that instant as gzipped JSON; from 3 `records` is null;
 * - `record_checkpoint_parts` (3): per (cluster, at_ms, part), up to 2,000 records of one kind as
 *   JSON lines, with their uids and resourceVersions in `keys` (checkpoint-parts.ts says why);
 * - (3) `record_facts.record` is JSON text rather than `jsonb`: it is only ever read back whole,
 *   and text costs the database no parsing on the way in or out.
 * - (4) a part's `records` may be gzipped JSON lines in base64 (`gzipped`): compressed and
 *   decompressed on libuv's thread pool, not by the database (PGlite does that work on the
 *   server's own thread), and stored as it is.
 * - (5) `record_checkpoint_parts.blocks`: where the part's compressed blocks start, so a reader
 *   inflates only the blocks of the lines it needs (checkpoint-parts.ts); null for earlier parts.
 * - (6) `record_facts.base`: when set, `record` is not the whole record but the change from the
 *   record's version `base` (journal-patches.ts); null for a whole record and for every row
 *   written before.
 */
import type { SqlDriver } from './driver';

export interface Migration {
  version: number;
  name: string;
  sql: string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'timeline entries and baselines',
    sql: [
      `CREATE TABLE timeline_entries (
         id bigserial PRIMARY KEY,
         cluster text NOT NULL,
         service text NOT NULL,
         at_ms bigint NOT NULL,
         source_uid text NOT NULL,
         source_version text NOT NULL,
         entry_key text NOT NULL,
         type text NOT NULL,
         entry jsonb NOT NULL,
         UNIQUE (cluster, service, source_uid, source_version, entry_key)
       )`,
      `CREATE INDEX timeline_entries_time ON timeline_entries (cluster, at_ms, id)`,
      `CREATE INDEX timeline_entries_service ON timeline_entries (cluster, service, at_ms)`,
      `CREATE TABLE service_baselines (
         cluster text NOT NULL,
         service text NOT NULL,
         at_ms bigint NOT NULL,
         trimmed boolean NOT NULL DEFAULT false,
         created_at_ms bigint,
         endpoints jsonb NOT NULL,
         PRIMARY KEY (cluster, service)
       )`,
    ],
  },
  {
    version: 2,
    name: 'record journal and checkpoints',
    sql: [
      `CREATE TABLE record_facts (
         id bigserial PRIMARY KEY,
         cluster text NOT NULL,
         at_ms bigint NOT NULL,
         kind text NOT NULL,
         uid text NOT NULL,
         version text NOT NULL,
         namespace text NOT NULL,
         name text NOT NULL,
         record jsonb,
         UNIQUE (cluster, uid, version)
       )`,
      `CREATE INDEX record_facts_time ON record_facts (cluster, at_ms, id)`,
      `CREATE TABLE record_checkpoints (
         cluster text NOT NULL,
         at_ms bigint NOT NULL,
         count integer NOT NULL,
         records bytea NOT NULL,
         PRIMARY KEY (cluster, at_ms)
       )`,
    ],
  },
  {
    version: 3,
    name: 'checkpoints in parts, facts as text',
    sql: [
      `ALTER TABLE record_checkpoints ALTER COLUMN records DROP NOT NULL`,
      `CREATE TABLE record_checkpoint_parts (
         cluster text NOT NULL,
         at_ms bigint NOT NULL,
         part integer NOT NULL,
         kind text NOT NULL,
         count integer NOT NULL,
         keys text NOT NULL,
         records text NOT NULL,
         PRIMARY KEY (cluster, at_ms, part)
       )`,
      `ALTER TABLE record_facts ALTER COLUMN record TYPE text USING record::text`,
    ],
  },
  {
    version: 4,
    name: 'checkpoint parts gzipped by the application',
    sql: [
      `ALTER TABLE record_checkpoint_parts ADD COLUMN gzipped boolean NOT NULL DEFAULT false`,
      // Already compressed: the database stores it as it is instead of trying to compress it.
      `ALTER TABLE record_checkpoint_parts ALTER COLUMN records SET STORAGE EXTERNAL`,
    ],
  },
  {
    version: 5,
    name: 'checkpoint parts compressed in blocks',
    sql: [`ALTER TABLE record_checkpoint_parts ADD COLUMN blocks text`],
  },
  {
    version: 6,
    name: 'record facts as changes from the version before',
    sql: [`ALTER TABLE record_facts ADD COLUMN base text`],
  },
];

/** An arbitrary constant: the advisory lock key the migration runners of every replica share. */
const MIGRATION_LOCK = 7_140_514;

/** Applies the migrations not yet recorded; returns the versions it applied. */
export async function migrate(
  driver: SqlDriver,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return driver.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS history_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM history_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.sql) await tx.query(statement);
      await tx.query('INSERT INTO history_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}
