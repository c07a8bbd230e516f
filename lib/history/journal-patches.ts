import 'server-only';
/**
 * Record facts stored as changes. A fact whose record the cache had before is written as the
 * per-field patch from that version — the stream's own patches (lib/stream/record-patch.ts) —
 * and read back by applying it to the record at that version.
 *
 * Why: a readiness flip changes one field of a pod and one endpoint of an EndpointSlice. Stored
 * whole, the slice was kilobytes of JSON per flip, serialised on the server's thread and parsed
 * by the database; as a change it is about a hundred bytes (bench/history.ts).
 *
 * Contract:
 * - `storedRecord(fact)` gives what a row stores: `base` null and the whole record's JSON (null
 *   for a deletion), or `base` set to the version the record replaced and the JSON of the
 *   change from it (without the uid and versions: the row holds them). A change is stored only
 *   where `diffRecord` gives one: applying it to the record at `base` gives the record exactly;
 * - `applyStored(record, row)` is that record with the row's change applied, or undefined when
 *   `record` is not at the row's base version;
 * - `storedVersions` finds records at given versions from the stored facts alone: a whole
 *   record as stored, a change applied to its base, found in turn (from `known`, the records the
 *   caller has at hand, or the row of that version). A version found nowhere is left out.
 */
import type { RecordKind, SlimRecord } from '../topology/records';
import { applyRecordPatch, diffRecord, type ObjectPatch } from '../stream/record-patch';
import type { Queryable } from './driver';
import type { RecordFact } from './record-facts';

/** A fact's record as its row stores it. */
export interface StoredRecord {
  /** JSON: the whole record when `base` is null, else the change from version `base`. */
  text: string | null;
  base: string | null;
}

export function storedRecord(fact: RecordFact): StoredRecord {
  const { record, replaced } = fact;
  if (!record) return { text: null, base: null };
  if (replaced && replaced.meta.resourceVersion !== record.meta.resourceVersion) {
    const patch = diffRecord(replaced, record);
    if (patch) {
      const { u: _uid, b: base, v: _version, ...change } = patch;
      return { text: JSON.stringify(change), base };
    }
  }
  return { text: JSON.stringify(record), base: null };
}

/** A stored change: the row's uid, version and base, and its JSON. */
export interface StoredChange {
  uid: string;
  version: string;
  base: string;
  text: string;
}

export function applyStored(record: SlimRecord, change: StoredChange): SlimRecord | undefined {
  return applyRecordPatch(record, {
    u: change.uid,
    b: change.base,
    v: change.version,
    ...(JSON.parse(change.text) as ObjectPatch),
  });
}

export interface VersionWanted {
  kind: RecordKind;
  uid: string;
  version: string;
}

export type KnownRecords = (
  kind: RecordKind,
  uid: string,
  version: string,
) => SlimRecord | undefined;

export const versionKey = (kind: string, uid: string, version: string) =>
  `${kind}/${uid}/${version}`;

/** Pairs of (uid, version) per query. */
const VERSIONS_PER_QUERY = 1000;

/** One version being looked for: the changes met on the way down, newest first. */
interface Search {
  want: VersionWanted;
  version: string;
  changes: StoredChange[];
  seen: Set<string>;
}

/** The records at `wanted` versions, keyed by `versionKey` (see the header). */
export async function storedVersions(
  db: Queryable,
  cluster: string,
  wanted: readonly VersionWanted[],
  known: KnownRecords,
): Promise<Map<string, SlimRecord>> {
  const found = new Map<string, SlimRecord>();
  const settle = (search: Search, record: SlimRecord) => {
    let at: SlimRecord | undefined = record;
    for (let i = search.changes.length - 1; i >= 0 && at; i--)
      at = applyStored(at, search.changes[i]!);
    const { kind, uid, version } = search.want;
    if (at) found.set(versionKey(kind, uid, version), at);
  };
  let searching: Search[] = wanted.map((want) => ({
    want,
    version: want.version,
    changes: [],
    seen: new Set(),
  }));
  while (searching.length > 0) {
    const next: Search[] = [];
    const asked: Search[] = [];
    for (const search of searching) {
      const record = known(search.want.kind, search.want.uid, search.version);
      if (record) settle(search, record);
      else if (!search.seen.has(search.version)) {
        search.seen.add(search.version);
        asked.push(search);
      }
    }
    for (let start = 0; start < asked.length; start += VERSIONS_PER_QUERY) {
      const chunk = asked.slice(start, start + VERSIONS_PER_QUERY);
      const rows = await db.query<{
        uid: string;
        version: string;
        base: string | null;
        record: string | null;
      }>(
        `SELECT f.uid, f.version, f.base, f.record
           FROM record_facts f
           JOIN unnest($2::text[], $3::text[]) AS w(uid, version)
             ON f.uid = w.uid AND f.version = w.version
          WHERE f.cluster = $1`,
        [cluster, chunk.map((s) => s.want.uid), chunk.map((s) => s.version)],
      );
      const byKey = new Map(rows.map((row) => [`${row.uid}\t${row.version}`, row]));
      for (const search of chunk) {
        const row = byKey.get(`${search.want.uid}\t${search.version}`);
        if (!row?.record) continue; // not stored, or a deletion: not found
        if (row.base === null) {
          settle(search, JSON.parse(row.record) as SlimRecord);
          continue;
        }
        search.changes.push({
          uid: row.uid,
          version: row.version,
          base: row.base,
          text: row.record,
        });
        search.version = row.base;
        next.push(search);
      }
    }
    searching = next;
  }
  return found;
}
