import 'server-only';
/**
 * The history routes on a recorded snapshot's hub (`switchboard view`, lib/k8s/snapshot-source.ts):
 * it holds one instant and nothing around it, so it answers that instant exactly and refuses
 * every other — never the journal's guess, which only knows when this process read the file.
 *
 * Contract: `recordedRecordsAt(hub, at)` is undefined for a cluster's hub (the journal answers);
 * for a snapshot's, its records when `at` is the snapshot's instant (to the millisecond), else
 * the `not-found` problem naming the instant it holds (`snapshotAt`). `refuseRecordedRange(hub)`
 * stops with that problem for any range on a snapshot's hub (what changed needs two instants).
 */
import type { Hub } from '../k8s/hub';
import type { SlimRecord } from '../topology/records';
import { fail } from '../http/api-route';

function refuse(hub: Hub, at: string, asked: string): never {
  fail(
    'not-found',
    `This dashboard shows a snapshot of cluster ${hub.info.name} recorded at ${at}: that one instant is all it holds (${asked} asked for).`,
    { snapshotAt: at },
  );
}

export function recordedRecordsAt(
  hub: Hub | undefined,
  at: number,
): { records: SlimRecord[]; retainedSince: number } | undefined {
  const recorded = hub?.info.snapshot;
  if (!hub || !recorded) return undefined;
  const instant = Date.parse(recorded.at);
  if (at !== instant) refuse(hub, recorded.at, new Date(at).toISOString());
  return { records: hub.cache.records(), retainedSince: instant };
}

export function refuseRecordedRange(hub: Hub | undefined, from: number, to: number): void {
  const recorded = hub?.info.snapshot;
  if (!hub || !recorded) return;
  refuse(hub, recorded.at, `${new Date(from).toISOString()} to ${new Date(to).toISOString()}`);
}
