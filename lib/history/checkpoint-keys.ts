import 'server-only';
/**
 * The keys of a checkpoint's parts (each record's uid and resourceVersion, by part), read from
 * the database once per checkpoint and kept in the process for the rebuilds that follow.
 *
 * Why: every rebuild checks each record of its checkpoint against the facts that replace it and
 * against the records the live cache holds. At large:150000 that is 210,284 uids and
 * resourceVersions (about 12 MB of JSON) fetched from the database and parsed on every rebuild,
 * though a checkpoint never changes once written: its row and parts are inserted in one
 * transaction (`ON CONFLICT DO NOTHING`) and only retention deletes them, never rewrites them.
 * Rebuilds come in runs (an instant, then the ones around it), mostly from the newest
 * checkpoints, so the last few are kept.
 *
 * Contract: `checkpointKeys(db, cluster, time, count)` resolves to the parts of the checkpoint of
 * `cluster` at `time` in part order, with their keys as stored (uid, resourceVersion, uid…).
 * An answer is kept per database handle, cluster and instant for the `KEPT` most recently used
 * checkpoints, and dropped after `IDLE_MS` without a rebuild; one whose record count differs from
 * `count` (the checkpoint's row) is read again; a failed read is not kept.
 */
import type { RecordKind } from '../topology/records';
import type { Queryable } from './driver';

/** Checkpoints whose keys are kept (about 20 MB of heap each at 210,000 records). */
const KEPT = 2;
/** Kept keys are dropped after this long without a rebuild (ms). */
const IDLE_MS = 10 * 60 * 1000;

export interface PartKeys {
  part: number;
  kind: RecordKind;
  /** uid, resourceVersion, uid, resourceVersion… in the order of the part's records. */
  keys: string[];
}

interface Kept {
  count: number;
  parts: PartKeys[];
}

const databases = new WeakMap<Queryable, number>();
let nextDatabase = 1;
const kept = new Map<string, Kept>();
let idle: ReturnType<typeof setTimeout> | undefined;

function keepAlive(): void {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => kept.clear(), IDLE_MS);
  idle.unref?.();
}

export async function checkpointKeys(
  db: Queryable,
  cluster: string,
  time: number,
  count: number,
): Promise<PartKeys[]> {
  let id = databases.get(db);
  if (id === undefined) databases.set(db, (id = nextDatabase++));
  const key = `${id}\u0000${cluster}\u0000${time}`;
  keepAlive();
  const found = kept.get(key);
  if (found && found.count === count) {
    // Most recently used last.
    kept.delete(key);
    kept.set(key, found);
    return found.parts;
  }
  const rows = await db.query<{ part: number; kind: RecordKind; keys: string }>(
    `SELECT part, kind, keys FROM record_checkpoint_parts
      WHERE cluster = $1 AND at_ms = $2 ORDER BY part`,
    [cluster, time],
  );
  const parts = rows.map((row) => ({
    part: Number(row.part),
    kind: row.kind,
    keys: JSON.parse(row.keys) as string[],
  }));
  const read = parts.reduce((sum, part) => sum + part.keys.length / 2, 0);
  // A checkpoint whose parts do not add up to its count is not kept (read again next time).
  if (read === count) {
    kept.delete(key);
    kept.set(key, { count, parts });
    while (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  }
  return parts;
}
