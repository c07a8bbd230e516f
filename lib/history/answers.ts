import 'server-only';
/**
 * The bodies of the whole-map history routes (lib/api/history.ts), from the record journal and
 * the Service trails, as one viewer may see them.
 *
 * Contract: records are filtered exactly as the live stream filters them
 * (lib/access/scope.ts `visibleRecords`); the map at an instant is built by the same builder the
 * live route uses for a restricted viewer (`buildTopologyWithDiagnoses` of `visibleSnapshot`),
 * with no DNS answers (the past's lookups are not kept); trail entries are filtered per Service
 * as the timeline route filters them (lib/access/timeline.ts). A recorded snapshot's hub answers
 * its one instant only (snapshot-instant.ts). Route files stay thin: they parse
 * the instants (at.ts) and call these.
 */
import type {
  ChangesOnly,
  ChangesResponse,
  GraphAtResponse,
  HealthChangesResponse,
  HistoryInstant,
  RecordsAtResponse,
  SnapshotTrail,
} from '../api/history';
import { visibleRecords, visibleSnapshot, type AccessScope } from '../access/scope';
import { currentHistory } from '../diagnostics/server';
import type { Hub } from '../k8s/hub';
import { buildTopologyWithDiagnoses } from '../topology';
import { toClusterSnapshot } from '../topology/records';
import { recordsAtOrFail } from './at';
import { allChanges, healthChanges, type ChangesRange } from './changes-answer';
import { recordedRecordsAt, refuseRecordedRange } from './snapshot-instant';
import { buildSnapshotTrail, SNAPSHOT_TRAIL_MS } from './snapshot-trail';

const iso = (ms: number) => new Date(ms).toISOString();

function instant(at: number, now: number, retainedSince: number): HistoryInstant {
  return { at: iso(at), now: iso(now), retainedSince: iso(retainedSince) };
}

export async function recordsAt(
  hub: Hub,
  scope: AccessScope,
  at: number,
  now: number,
): Promise<RecordsAtResponse> {
  const { records, retainedSince } =
    recordedRecordsAt(hub, at) ?? (await recordsAtOrFail(currentHistory(hub).journal, at));
  return {
    cluster: hub.infoFor(scope),
    ...instant(at, now, retainedSince),
    records: visibleRecords(scope, records),
  };
}

export async function graphAt(
  hub: Hub,
  scope: AccessScope,
  at: number,
  now: number,
): Promise<GraphAtResponse> {
  const { records, retainedSince } =
    recordedRecordsAt(hub, at) ?? (await recordsAtOrFail(currentHistory(hub).journal, at));
  const snapshot = visibleSnapshot(scope, toClusterSnapshot(records));
  const { topology, diagnoses } = buildTopologyWithDiagnoses(snapshot);
  return {
    cluster: hub.infoFor(scope),
    sync: hub.syncFor(scope),
    topology,
    diagnoses,
    history: instant(at, now, retainedSince),
  };
}

/**
 * What changed in (from, to] (changes-answer.ts): with `only: 'health'` without the trail
 * entries, which are then not read. With `clampFrom` a `from` before the retained history is
 * read as where it starts (the answer's `from` says which) — the time control's "the last 6 h"
 * asked of a history younger than that — instead of the `before-retained-history` problem.
 */
export async function changesBetween(
  scope: AccessScope,
  range: ChangesRange,
  now: number,
  hub?: Hub,
  only?: ChangesOnly,
): Promise<ChangesResponse | HealthChangesResponse> {
  refuseRecordedRange(hub, range.from, range.to);
  const history = currentHistory(hub);
  return only === 'health'
    ? healthChanges(history, scope, range, now)
    : allChanges(history, scope, range, now);
}

/** The Service trails of the hour before `at`, for the snapshot file (snapshot-trail.ts). */
export async function snapshotTrailAt(
  hub: Hub,
  scope: AccessScope,
  at: number,
): Promise<SnapshotTrail> {
  const history = currentHistory(hub);
  const since = at - SNAPSHOT_TRAIL_MS;
  const items = await history.entriesBetween(since, at);
  return buildSnapshotTrail(items, history.current(), scope, { since, at });
}
