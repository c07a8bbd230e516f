import 'server-only';
/**
 * Checkpoints of the record journal as parts (table `record_checkpoint_parts`, migrations 3
 * and 4): how a checkpoint is packed, written and read back.
 *
 * Why parts: a checkpoint of a 150,000-pod cluster is ~200 MB of JSON. As one gzipped blob
 * (migration 2) it was packed with the event loop held for the whole JSON step, and read back
 * whole — bytea transfer, gunzip, one JSON.parse — in seconds. Here each part holds up to
 * `PART_SIZE` records (and about 1 MB of JSON) of one kind as JSON lines, and a separate `keys`
 * column with each record's uid and resourceVersion. The lines are compressed on a thread of
 * their own (checkpoint-packer.ts), off the event loop, and stored in base64 text (PGlite turns bytea into
 * hex in JavaScript, and would compress plain text on the server's own thread).
 *
 * Why blocks (migration 5): a rebuild needs only the records that changed after its instant,
 * scattered over every part of pods; inflating a whole part to read a few of its lines was most
 * of a rebuild's time. So a part's lines are compressed in blocks of `BLOCK_LINES`, each a raw
 * deflate stream of its own, and `blocks` says where each block starts: a reader inflates only
 * the blocks holding lines it needs. Small blocks compress poorly alone, so every block after
 * the first is deflated with the part's first line (block 0, alone) as its preset dictionary —
 * the records of one kind share most of their text. Parts of migration 4 are one gzip stream
 * (`gzipped`), of migration 3 plain text; both are still read.
 *
 * Contract:
 * - `packCheckpoint` serialises one part at a time, in slices (loop-slices.ts), and yields to
 *   the event loop between parts and between slices;
 * - `readCheckpoint` returns every record of the checkpoint, in the order packed, but those the
 *   caller's `replaced` lookup names (records it will take from elsewhere). The parts' `keys`
 *   are read once per checkpoint and kept for the next rebuilds (checkpoint-keys.ts). A record
 *   whose uid and resourceVersion the caller's `held` lookup has in memory (the live cache) is
 *   that object: a resourceVersion names one state of one object, and records are immutable, so
 *   it is the record that was packed. A part is fetched, and of it only the blocks inflated (on
 *   the checkpoint thread) and the lines parsed, for the records not held; parts are read a few
 *   at a time (the next few fetched and inflated while the lines of these are parsed) with the
 *   event loop free after each part;
 * - `insertCheckpointParts` writes the checkpoint's row in `record_checkpoints` (`records` null:
 *   its records are in the parts) and its parts, on the caller's transaction.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { RecordKind, SlimRecord } from '../topology/records';
import { checkpointKeys } from './checkpoint-keys';
import { BLOCK_LINES, packBlocks, unpackLines } from './checkpoint-packer';
import type { Queryable } from './driver';
import { loopSlices, yieldToLoop } from './loop-slices';
import type { CheckpointFact } from './record-facts';

/** At most this many records per part, and a part ends once its JSON reaches `PART_CHARS`. */
const PART_SIZE = 2000;
/** About 1 MB of JSON: serialised or parsed in a few milliseconds. */
const PART_CHARS = 1_000_000;
/** Parts fetched per query when reading. */
const READ_PARTS = 8;

/** The records of this process's memory that a rebuild may take instead of decoding. */
export type HeldRecords = (kind: RecordKind, uid: string) => SlimRecord | undefined;

export interface CheckpointPart {
  part: number;
  kind: RecordKind;
  count: number;
  /** JSON array: uid, resourceVersion, uid, resourceVersion… in the order of `records`. */
  keys: string;
  /** One JSON record per line, compressed in blocks (`blocks`), in base64. */
  records: string;
  /** JSON: `{ lines, offsets }` — lines per block after the first, and each block's first byte. */
  blocks: string;
}

/** Where the blocks of a part are, as `blocks` stores it. */
interface BlockIndex {
  /** Lines per block after block 0 (the part's first line alone, the others' dictionary). */
  lines: number;
  /** Each block's first byte in the decoded `records`, and its end. */
  offsets: number[];
}

export interface PackedCheckpoint {
  time: number;
  count: number;
  parts: CheckpointPart[];
}

const gunzipAsync = promisify(gunzip);
export async function packCheckpoint(fact: CheckpointFact): Promise<PackedCheckpoint> {
  const byKind = new Map<RecordKind, SlimRecord[]>();
  for (const record of fact.records) {
    const same = byKind.get(record.kind);
    if (same) same.push(record);
    else byKind.set(record.kind, [record]);
  }
  const parts: Promise<CheckpointPart>[] = [];
  const slices = loopSlices();
  for (const [kind, records] of byKind) {
    let keys: string[] = [];
    let lines: string[] = [];
    let chars = 0;
    const flush = async () => {
      const part = parts.length;
      const count = lines.length;
      const joined = JSON.stringify(keys);
      // Compressed on the packer's thread while the next part is serialised.
      const packed = packBlocks(lines);
      parts.push(
        packed.then(({ records, offsets }) => {
          const index: BlockIndex = { lines: BLOCK_LINES, offsets };
          return { part, kind, count, keys: joined, records, blocks: JSON.stringify(index) };
        }),
      );
      keys = [];
      lines = [];
      chars = 0;
      await yieldToLoop();
    };
    for (const record of records) {
      const line = JSON.stringify(record);
      keys.push(record.meta.uid, record.meta.resourceVersion);
      lines.push(line);
      chars += line.length;
      if (lines.length >= PART_SIZE || chars >= PART_CHARS) await flush();
      else if (slices.due()) await slices.next();
    }
    if (lines.length > 0) await flush();
  }
  return { time: fact.time, count: fact.records.length, parts: await Promise.all(parts) };
}

export async function insertCheckpointParts(
  tx: Queryable,
  cluster: string,
  checkpoint: PackedCheckpoint,
): Promise<void> {
  await tx.query(
    `INSERT INTO record_checkpoints (cluster, at_ms, count, records) VALUES ($1, $2, $3, NULL)
     ON CONFLICT DO NOTHING`,
    [cluster, checkpoint.time, checkpoint.count],
  );
  for (const part of checkpoint.parts) {
    await tx.query(
      `INSERT INTO record_checkpoint_parts
         (cluster, at_ms, part, kind, count, keys, records, blocks)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT DO NOTHING`,
      [
        cluster,
        checkpoint.time,
        part.part,
        part.kind,
        part.count,
        part.keys,
        part.records,
        part.blocks,
      ],
    );
  }
}

interface PartRow {
  part: number;
  records: string;
  gzipped: boolean;
  blocks: string | null;
}

/** Where the line starting at byte `from` ends (its newline, or the end of the bytes). */
function lineEnd(bytes: Buffer, from: number): number {
  const end = bytes.indexOf(10, from);
  return end < 0 ? bytes.length : end;
}

/** Parses the lines `lack` (ascending) of a whole part's text into `records`. */
function decodeLines(
  text: string | Buffer,
  lack: readonly number[],
  records: (SlimRecord | undefined)[],
): void {
  if (typeof text === 'string') {
    const lines = text.split('\n');
    for (const i of lack) records[i] = JSON.parse(lines[i]!) as SlimRecord;
    return;
  }
  // Only the lines needed are decoded from the bytes (a newline byte is never inside a UTF-8
  // sequence, nor inside JSON text).
  let line = 0;
  let from = 0;
  for (const i of lack) {
    for (; line < i; line++) from = lineEnd(text, from) + 1;
    records[i] = JSON.parse(text.toString('utf8', from, lineEnd(text, from))) as SlimRecord;
  }
}

/** Every record of the checkpoint of `cluster` at `time` but the `replaced` (see the header). */
export async function readCheckpoint(
  db: Queryable,
  cluster: string,
  checkpoint: { time: number; count: number },
  held?: HeldRecords,
  replaced?: (kind: RecordKind, uid: string) => boolean,
): Promise<SlimRecord[]> {
  const { time } = checkpoint;
  const parts = await checkpointKeys(db, cluster, time, checkpoint.count);
  const out: (SlimRecord | undefined)[][] = [];
  // Per part that has records not held: their positions in it.
  const missing = new Map<number, number[]>();
  for (const { part, kind, keys } of parts) {
    const records: (SlimRecord | undefined)[] = new Array<SlimRecord | undefined>(keys.length / 2);
    const lack: number[] = [];
    for (let i = 0; i < records.length; i++) {
      const uid = keys[2 * i]!;
      if (replaced?.(kind, uid)) continue;
      const record = held?.(kind, uid);
      if (record && record.meta.resourceVersion === keys[2 * i + 1]) records[i] = record;
      else lack.push(i);
    }
    out[part] = records;
    if (lack.length > 0) missing.set(part, lack);
  }
  const wanted = [...missing.keys()];
  // A few parts: fetched, then decompressed — inflated on the checkpoint thread, or (parts
  // before migration 5) gunzipped on the thread pool — as soon as their rows arrive.
  const fetchAndUnpack = async (start: number) => {
    const rows = await db.query<PartRow>(
      `SELECT part, records, gzipped, blocks FROM record_checkpoint_parts
        WHERE cluster = $1 AND at_ms = $2 AND part = ANY($3::int[])`,
      [cluster, time, wanted.slice(start, start + READ_PARTS)],
    );
    const whole = rows.filter((row) => row.blocks === null);
    const inBlocks = rows.filter((row) => row.blocks !== null);
    return Promise.all([
      whole,
      Promise.all(
        whole.map((row) =>
          row.gzipped ? gunzipAsync(Buffer.from(row.records, 'base64')) : row.records,
        ),
      ),
      inBlocks,
      Promise.all(
        inBlocks.map((row) => {
          const index = JSON.parse(row.blocks!) as BlockIndex;
          const part = { records: row.records, offsets: index.offsets, lines: index.lines };
          return unpackLines(part, missing.get(Number(row.part))!);
        }),
      ),
    ]);
  };
  const start = (at: number) => {
    const unpacked = fetchAndUnpack(at);
    // Awaited below; a failure while the previous parts are parsed is not unhandled.
    unpacked.catch(() => undefined);
    return unpacked;
  };
  // The next parts are fetched and decompressed (on the database's and the checkpoint's
  // threads) while the lines of these are parsed here.
  let next = wanted.length > 0 ? start(0) : undefined;
  for (let at = 0; next; at += READ_PARTS) {
    const [whole, texts, inBlocks, lines] = await next;
    next = at + READ_PARTS < wanted.length ? start(at + READ_PARTS) : undefined;
    for (const [k, row] of whole.entries()) {
      const part = Number(row.part);
      decodeLines(texts[k]!, missing.get(part)!, out[part]!);
    }
    // Parts in blocks: the lines parsed a part at a time.
    for (const [k, row] of inBlocks.entries()) {
      const part = Number(row.part);
      const records = out[part]!;
      const got = lines[k]!;
      for (const [j, i] of missing.get(part)!.entries()) {
        records[i] = JSON.parse(got[j]!) as SlimRecord;
      }
      await yieldToLoop();
    }
    await yieldToLoop();
  }
  // Replaced records stay undefined.
  return out.flat().filter((record) => record !== undefined);
}
