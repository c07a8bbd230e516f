import 'server-only';
/**
 * Reading the record journal back from the history database: the records at an instant from a
 * checkpoint and the facts after it, and the facts of a range in order, with every fact stored
 * as a change (journal-patches.ts) turned back into its whole record.
 *
 * Contract:
 * - `recordsFrom` gives the records at `time` from a checkpoint at or before it: the checkpoint's
 *   records that no fact in (checkpoint, time] replaces, plus each replaced record at its newest
 *   version in that range (the same state as folding every fact in order), in no particular
 *   order. The facts' keys are read first, so checkpoint records they replace are neither
 *   fetched nor parsed, and a record this process holds at the same version (`held`) is taken,
 *   not decoded. A newest fact stored as a change is rebuilt from the facts of that record
 *   before it in the range, down to a whole one, or to the checkpoint's record of it, or to
 *   older rows read by version;
 * - `readFacts` gives every fact in (from, to], oldest first, each with its whole record: a
 *   change is applied to the record's previous fact in the range, else to its record at `from`
 *   (`start`), else to the rows read by version. A checkpoint inside the range adds, at its
 *   instant, what it holds that the facts before it do not give (checkpoint-changes.ts: a
 *   restart's relist — what changed while no dashboard watched — is only in the new process's
 *   first checkpoint, and that process's first changes are stored against those versions), so
 *   folding the range onto the records at `from` gives the records at `to`, as `recordsFrom`
 *   rebuilds them;
 * - a change whose base is found nowhere (a replica that skipped versions, whose base retention
 *   then deleted) is not guessed: the rebuild keeps the older record it has, the range leaves
 *   the fact out and counts it (`unrebuilt`, which /api/changes passes on), and both say so in
 *   the server's log.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { RecordKind, SlimRecord } from '../topology/records';
import type { Queryable } from './driver';
import type { RangeFacts } from './journal';
import { checkpointChanges } from './checkpoint-changes';
import { readCheckpoint, type HeldRecords } from './checkpoint-parts';
import {
  applyStored,
  storedVersions,
  versionKey,
  type StoredChange,
  type VersionWanted,
} from './journal-patches';
import { recordKey, type RecordFact } from './record-facts';

const gunzipAsync = promisify(gunzip);

const READ_PAGE = 5000;
/** Records whose facts are fetched per query when only some records are needed. */
const FETCH_UIDS = 5000;

// bigint columns: infinite bounds become the widest finite ones.
const clamp = (ms: number) =>
  Math.min(Math.max(ms, Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));

function warnUnresolved(count: number, what: string): void {
  if (count === 0) return;
  console.warn(
    `[switchboard] history: ${count} record change(s) ${what} are stored against a version ` +
      'no longer stored (a replica that skipped it, then retention)',
  );
}

/** A checkpoint of migration 2: the records as one gzipped JSON array. */
async function unpackLegacy(blob: Uint8Array): Promise<SlimRecord[]> {
  return JSON.parse((await gunzipAsync(blob)).toString('utf8')) as SlimRecord[];
}

export interface CheckpointRow {
  at_ms: string | number;
  count: string | number;
  records: Uint8Array | null;
}

/** One fact in a range, without its record. */
interface RangeFact {
  id: string;
  time: number;
  version: string;
  gone: boolean;
  /** Set when the row stores a change from this version. */
  base?: string;
}

const newer = (a: RangeFact, b: RangeFact) =>
  a.time > b.time || (a.time === b.time && Number(a.id) > Number(b.id));

/**
 * Every fact's key with from < time ≤ to, per kind and uid. The database hands them over as one
 * text (one row, no sort: a DISTINCT ON over up to 50,000 facts sorted them on every rebuild,
 * and each row crossed as an object of its own). Kinds, uids and versions never hold a tab or a
 * newline; `base` is last, so `concat_ws` leaving out a null one shifts nothing.
 */
async function factsInRange(
  db: Queryable,
  cluster: string,
  from: number,
  to: number,
): Promise<Map<RecordKind, Map<string, RangeFact[]>>> {
  const [row] = await db.query<{ keys: string | null }>(
    `SELECT string_agg(concat_ws(E'\t', kind, uid, version, at_ms, id, (record IS NULL)::int, base), E'\n')
            AS keys
       FROM record_facts
      WHERE cluster = $1 AND at_ms > $2 AND at_ms <= $3`,
    [cluster, clamp(from), clamp(to)],
  );
  const range = new Map<RecordKind, Map<string, RangeFact[]>>();
  const text = row?.keys ?? '';
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const [kind, uid, version, atMs, id, gone, base] = text.slice(start, end).split('\t') as [
      RecordKind,
      string,
      string,
      string,
      string,
      string,
      string | undefined,
    ];
    start = end + 1;
    const fact: RangeFact = { id, time: Number(atMs), version, gone: gone === '1' };
    if (base !== undefined) fact.base = base;
    let ofKind = range.get(kind);
    if (!ofKind) range.set(kind, (ofKind = new Map()));
    const facts = ofKind.get(uid);
    if (facts) facts.push(fact);
    else ofKind.set(uid, [fact]);
  }
  return range;
}

/** How one record's newest version in a range is rebuilt. */
interface Rebuild {
  kind: RecordKind;
  uid: string;
  /** The facts to apply, newest first; the last is whole unless `outside` is set. */
  chain: RangeFact[];
  /** The version below the chain, from outside the range (the checkpoint, or older rows). */
  outside?: string;
}

function rebuildOf(kind: RecordKind, uid: string, facts: RangeFact[], newest: RangeFact): Rebuild {
  const chain = [newest];
  let at = newest;
  while (at.base !== undefined && chain.length <= facts.length) {
    const base = at.base;
    const below = facts.find((f) => f.version === base && !f.gone);
    if (!below) return { kind, uid, chain, outside: base };
    chain.push(below);
    at = below;
  }
  return { kind, uid, chain };
}

/**
 * The stored JSON of the facts of `uids` with from < time ≤ to, by id: read by uid (the unique
 * key's prefix) in a few statements, rather than by id, a row per id, in many.
 */
async function factTexts(
  db: Queryable,
  cluster: string,
  from: number,
  to: number,
  uids: readonly string[],
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (let start = 0; start < uids.length; start += FETCH_UIDS) {
    const rows = await db.query<{ id: string | number; record: string }>(
      `SELECT id, record FROM record_facts
        WHERE cluster = $1 AND uid = ANY($2::text[]) AND at_ms > $3 AND at_ms <= $4
          AND record IS NOT NULL`,
      [cluster, uids.slice(start, start + FETCH_UIDS), clamp(from), clamp(to)],
    );
    for (const row of rows) texts.set(String(row.id), row.record);
  }
  return texts;
}

/** The records at `time` from `checkpoint` (at or before it) and the facts after it. */
export async function recordsFrom(
  db: Queryable,
  cluster: string,
  time: number,
  checkpoint: CheckpointRow,
  held?: HeldRecords,
): Promise<SlimRecord[]> {
  const at = Number(checkpoint.at_ms);
  // The facts first: a checkpoint record that a fact in (at, time] replaces is never decoded.
  const range = await factsInRange(db, cluster, at, time);
  const taken: SlimRecord[] = [];
  const rebuilds: Rebuild[] = [];
  // Per kind, the uids whose rebuild starts from the checkpoint's record (or below it).
  const fromCheckpoint = new Map<RecordKind, Set<string>>();
  for (const [kind, ofKind] of range) {
    for (const [uid, facts] of ofKind) {
      const newest = facts.reduce((a, b) => (newer(b, a) ? b : a));
      if (newest.gone) continue;
      const record = held?.(kind, uid);
      if (record && record.meta.resourceVersion === newest.version) {
        taken.push(record);
        continue;
      }
      const rebuild = rebuildOf(kind, uid, facts, newest);
      rebuilds.push(rebuild);
      if (rebuild.outside === undefined) continue;
      const uids = fromCheckpoint.get(kind);
      if (uids) uids.add(uid);
      else fromCheckpoint.set(kind, new Set([uid]));
    }
  }
  const isReplaced = (kind: RecordKind, uid: string) =>
    range.get(kind)?.has(uid) === true && fromCheckpoint.get(kind)?.has(uid) !== true;
  const [fromPoint, texts] = await Promise.all([
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
    factTexts(
      db,
      cluster,
      at,
      time,
      rebuilds.map((r) => r.uid),
    ),
  ]);
  // The checkpoint's records of the uids rebuilt from it are bases, not answers.
  let records = fromPoint;
  const bases = new Map<string, SlimRecord>();
  if (fromCheckpoint.size > 0) {
    records = fromPoint.filter((record) => {
      if (fromCheckpoint.get(record.kind)?.has(record.meta.uid) !== true) return true;
      bases.set(recordKey(record.kind, record.meta.uid), record);
      return false;
    });
  }
  const known = (kind: RecordKind, uid: string, version: string) => {
    const base = bases.get(recordKey(kind, uid));
    return base?.meta.resourceVersion === version ? base : undefined;
  };
  const below: VersionWanted[] = [];
  for (const { kind, uid, outside } of rebuilds)
    if (outside !== undefined && !known(kind, uid, outside))
      below.push({ kind, uid, version: outside });
  const older = below.length > 0 ? await storedVersions(db, cluster, below, known) : undefined;
  let unresolved = 0;
  for (const { kind, uid, chain, outside } of rebuilds) {
    const bottom =
      outside === undefined
        ? (JSON.parse(texts.get(chain.pop()!.id)!) as SlimRecord)
        : (known(kind, uid, outside) ?? older?.get(versionKey(kind, uid, outside)));
    let record = bottom;
    for (let i = chain.length - 1; i >= 0 && record; i--) {
      const fact = chain[i]!;
      const change: StoredChange = {
        uid,
        version: fact.version,
        base: fact.base!,
        text: texts.get(fact.id)!,
      };
      record = applyStored(record, change);
    }
    if (record) records.push(record);
    else {
      unresolved++;
      const kept = bases.get(recordKey(kind, uid));
      if (kept) records.push(kept);
    }
  }
  warnUnresolved(unresolved, `at ${iso(time)}`);
  for (const record of taken) records.push(record);
  return records;
}

interface FactRow {
  id: string | number;
  at_ms: string | number;
  kind: RecordKind;
  uid: string;
  version: string;
  namespace: string;
  name: string;
  record: string | null;
  base: string | null;
}

/**
 * The facts with from < time ≤ to, oldest first, each with its whole record (see the header).
 * `start` gives the records at `from`, asked for only when a change's base is before `from` or
 * a checkpoint is inside the range.
 */
export async function readFacts(
  db: Queryable,
  cluster: string,
  from: number,
  to: number,
  start: () => Promise<readonly SlimRecord[]>,
  held?: HeldRecords,
): Promise<RangeFacts> {
  const rows: FactRow[] = [];
  let after: [number, number] = [clamp(from), Number.MAX_SAFE_INTEGER];
  to = clamp(to);
  for (let first = true; ; first = false) {
    // The first page takes every id at `from` + 1 ms on; later pages resume after the last row.
    const page = await db.query<FactRow>(
      `SELECT id, at_ms, kind, uid, version, namespace, name, record, base FROM record_facts
        WHERE cluster = $1 AND at_ms <= $4 AND (at_ms > $2 OR (at_ms = $2 AND id > $3))
        ORDER BY at_ms, id
        LIMIT ${READ_PAGE}`,
      [cluster, after[0], first ? Number.MAX_SAFE_INTEGER : after[1], to],
    );
    rows.push(...page);
    const last = page[page.length - 1];
    if (!last || page.length < READ_PAGE) break;
    after = [Number(last.at_ms), Number(last.id)];
  }
  const checkpoints = await db.query<CheckpointRow>(
    `SELECT at_ms, count, records FROM record_checkpoints
      WHERE cluster = $1 AND at_ms > $2 AND at_ms <= $3 ORDER BY at_ms`,
    [cluster, clamp(from), to],
  );
  // The bases before `from`: the first change of each record whose base no earlier row has.
  const versions = new Set<string>();
  const below: VersionWanted[] = [];
  for (const row of rows) {
    if (row.base !== null && !versions.has(versionKey(row.kind, row.uid, row.base)))
      below.push({ kind: row.kind, uid: row.uid, version: row.base });
    versions.add(versionKey(row.kind, row.uid, row.version));
  }
  // The newest record of each uid so far: of every record when a checkpoint is to be compared
  // with it, else of those the range has changed.
  const latest = new Map<string, SlimRecord>();
  const older = new Map<string, SlimRecord>();
  if (below.length > 0 || checkpoints.length > 0) {
    const atFrom = new Map((await start()).map((r) => [recordKey(r.kind, r.meta.uid), r]));
    if (checkpoints.length > 0) for (const [key, record] of atFrom) latest.set(key, record);
    const known = (kind: RecordKind, uid: string, version: string) => {
      const record = atFrom.get(recordKey(kind, uid));
      return record?.meta.resourceVersion === version ? record : undefined;
    };
    if (below.length > 0)
      for (const [key, record] of await storedVersions(db, cluster, below, known))
        older.set(key, record);
  }
  const out: RecordFact[] = [];
  const fold = (fact: RecordFact) => {
    const key = recordKey(fact.recordKind, fact.uid);
    if (fact.record) latest.set(key, fact.record);
    else latest.delete(key);
    out.push(fact);
  };
  // Each checkpoint comes after every fact at or before its time (record-facts.ts).
  let nextCheckpoint = 0;
  const passCheckpoints = async (before: number) => {
    for (; nextCheckpoint < checkpoints.length; nextCheckpoint++) {
      const row = checkpoints[nextCheckpoint]!;
      const time = Number(row.at_ms);
      if (time >= before) return;
      const checkpoint = { time, count: Number(row.count) };
      const legacy = row.records ? { legacy: await unpackLegacy(row.records) } : {};
      const changes = await checkpointChanges(
        db,
        cluster,
        { ...checkpoint, ...legacy },
        latest,
        held,
      );
      for (const fact of changes) fold(fact);
    }
  };
  let unresolved = 0;
  for (const row of rows) {
    await passCheckpoints(Number(row.at_ms));
    let record: SlimRecord | null = null;
    if (row.record !== null && row.base === null) record = JSON.parse(row.record) as SlimRecord;
    else if (row.record !== null && row.base !== null) {
      const previous = latest.get(recordKey(row.kind, row.uid));
      const base =
        previous?.meta.resourceVersion === row.base
          ? previous
          : older.get(versionKey(row.kind, row.uid, row.base));
      const change = { uid: row.uid, version: row.version, base: row.base, text: row.record };
      record = (base && applyStored(base, change)) ?? null;
      if (!record) {
        unresolved++;
        continue;
      }
    }
    fold({
      kind: 'record',
      time: Number(row.at_ms),
      recordKind: row.kind,
      uid: row.uid,
      version: row.version,
      namespace: row.namespace,
      name: row.name,
      record,
    });
  }
  await passCheckpoints(Infinity);
  if (unresolved > 0) warnUnresolved(unresolved, `between ${iso(from)} and ${iso(to)}`);
  return { facts: out, unrebuilt: unresolved };
}
