import 'server-only';
/**
 * One coalesced batch of cache changes as stream frames (lib/stream/protocol.ts), the same way
 * for the hub's own fan-out and for every scope's (lib/k8s/scoped-streams.ts).
 *
 * Contract:
 * - the batch is diffed once (`deltaBatch`), however many scopes and tabs then send it: a record
 *   the streams already had goes as a patch against that version when the patch is smaller
 *   (lib/stream/record-patch.ts), anything else whole;
 * - version 2 sends a batch as `delta` frames of at most `per` entries (one frame for any batch
 *   of up to `per` changes: related changes of a pod, its slice and its Endpoints stay together);
 *   version 1 (`upsert` and `delete` frames of whole records) is kept as the benchmark's baseline;
 * - with nobody listening, a batch bigger than a resume should replay (a relist) is not encoded:
 *   the fan-out starts a new id window instead, as before.
 */
import type { RecordKind, SlimRecord } from '../topology/records';
import { diffRecord, type RecordPatch } from '../stream/record-patch';
import type { RecordRef } from './cache';
import type { Fanout } from './fanout';

/** Which frames the streams carry: 2 (patches, `delta`) or 1 (whole records; a baseline). */
export type FrameVersion = 1 | 2;

export interface DeltaBatch {
  /** Records sent whole (new, or a patch would not be smaller). */
  upserts: SlimRecord[];
  /** Patches, each with the record it produces (for scope filtering). */
  patches: { patch: RecordPatch; record: SlimRecord }[];
  deletes: RecordRef[];
}

/** The batch with every record the streams already had diffed against that version. */
export function deltaBatch(
  upserts: readonly SlimRecord[],
  deletes: readonly RecordRef[],
  previous: ReadonlyMap<string, SlimRecord>,
  version: FrameVersion,
): DeltaBatch {
  const out: DeltaBatch = { upserts: [], patches: [], deletes: [...deletes] };
  for (const record of upserts) {
    const before = version === 2 ? previous.get(record.meta.uid) : undefined;
    const patch = before && diffRecord(before, record);
    if (patch) out.patches.push({ patch, record });
    else out.upserts.push(record);
  }
  return out;
}

/** The part of a batch one scope sees. */
export function visiblePart(
  batch: DeltaBatch,
  seesRecord: (r: SlimRecord) => boolean,
  seesRef: (r: RecordRef) => boolean,
): DeltaBatch {
  return {
    upserts: batch.upserts.filter(seesRecord),
    patches: batch.patches.filter((p) => seesRecord(p.record)),
    deletes: batch.deletes.filter(seesRef),
  };
}

/** What a delete frame carries: the kind and uid only. */
export function wireRef(ref: RecordRef): { kind: RecordKind; uid: string } {
  return { kind: ref.kind, uid: ref.uid };
}

/** Publishes a batch on `fanout` as frames of at most `per` entries. */
export function publishBatch(
  fanout: Fanout,
  batch: DeltaBatch,
  per: number,
  version: FrameVersion,
): void {
  const { upserts, patches, deletes } = batch;
  const total = upserts.length + patches.length + deletes.length;
  if (total === 0) return;
  if (fanout.size === 0 && total > 5 * per) {
    fanout.newWindow();
    return;
  }
  if (version === 1) {
    // Whole records: patches are never made for version 1, so every change is an upsert.
    for (let i = 0; i < deletes.length; i += per) {
      fanout.publish({ type: 'delete', refs: deletes.slice(i, i + per).map(wireRef) });
    }
    for (let i = 0; i < upserts.length; i += per) {
      fanout.publish({ type: 'upsert', records: upserts.slice(i, i + per) });
    }
    return;
  }
  // One sequence of entries, cut every `per`: deletes, then whole records, then patches.
  for (let start = 0; start < total; start += per) {
    const end = Math.min(total, start + per);
    const d = deletes.slice(Math.min(start, deletes.length), Math.min(end, deletes.length));
    const u0 = Math.max(0, start - deletes.length);
    const u1 = Math.max(0, end - deletes.length);
    const u = upserts.slice(Math.min(u0, upserts.length), Math.min(u1, upserts.length));
    const p0 = Math.max(0, u0 - upserts.length);
    const p1 = Math.max(0, u1 - upserts.length);
    const p = patches.slice(p0, p1);
    fanout.publish({
      type: 'delta',
      ...(u.length ? { upserts: u } : {}),
      ...(p.length ? { patches: p.map((x) => x.patch) } : {}),
      ...(d.length ? { deletes: d.map(wireRef) } : {}),
    });
  }
}
