import 'server-only';
/**
 * What a checkpoint inside a range of facts changes: the records it holds that the facts before
 * it do not give, and the records they give that it lacks, as facts at the checkpoint's instant.
 *
 * Why: a process's first checkpoint is taken of what its first list brought (record-feed.ts),
 * and a restart's list is not in facts — what was created, changed or deleted while no
 * dashboard watched, or a whole cluster replaced at the same address, is only in that
 * checkpoint. `recordsAt` starts from it, so a range that crosses it must carry its differences
 * too: without them the state at `from` folded with the range is not the state at `to`, and the
 * first change of a record after the restart, stored against the version the relist brought,
 * finds no base and would be left out.
 *
 * Contract: `checkpointChanges(db, cluster, checkpoint, state, held)` gives, at the checkpoint's
 * time, an upsert (whole, no `replaced`) for every checkpoint record whose version `state` does
 * not hold and a deletion for every record of `state` the checkpoint lacks; nothing for a
 * checkpoint equal to `state` (a process's periodic checkpoints). Only the checkpoint's keys
 * (kept, checkpoint-keys.ts) and the lines of the records that differ are read.
 */
import type { RecordKind, SlimRecord } from '../topology/records';
import { checkpointKeys } from './checkpoint-keys';
import { readCheckpoint, type HeldRecords } from './checkpoint-parts';
import type { Queryable } from './driver';
import { deleteFact, recordKey, upsertFact, type RecordFact } from './record-facts';

export interface CheckpointAt {
  time: number;
  count: number;
  /** A checkpoint of migration 2: its records, already unpacked. */
  legacy?: readonly SlimRecord[];
}

export async function checkpointChanges(
  db: Queryable,
  cluster: string,
  checkpoint: CheckpointAt,
  state: ReadonlyMap<string, SlimRecord>,
  held?: HeldRecords,
): Promise<RecordFact[]> {
  const { time } = checkpoint;
  const present = new Set<string>();
  let differing: SlimRecord[];
  if (checkpoint.legacy) {
    differing = [];
    for (const record of checkpoint.legacy) {
      const key = recordKey(record.kind, record.meta.uid);
      present.add(key);
      if (state.get(key)?.meta.resourceVersion !== record.meta.resourceVersion)
        differing.push(record);
    }
  } else {
    const wanted = new Set<string>();
    for (const { kind, keys } of await checkpointKeys(db, cluster, time, checkpoint.count)) {
      for (let i = 0; i < keys.length; i += 2) {
        const key = recordKey(kind, keys[i]!);
        present.add(key);
        if (state.get(key)?.meta.resourceVersion !== keys[i + 1]) wanted.add(key);
      }
    }
    const skip = (kind: RecordKind, uid: string) => !wanted.has(recordKey(kind, uid));
    differing = wanted.size === 0 ? [] : await readCheckpoint(db, cluster, checkpoint, held, skip);
  }
  const changes = differing.map((record) => upsertFact(record, time));
  for (const [key, record] of state) {
    if (present.has(key)) continue;
    const { kind, meta } = record;
    changes.push(
      deleteFact({ kind, uid: meta.uid, namespace: meta.namespace, name: meta.name }, time),
    );
  }
  return changes;
}
