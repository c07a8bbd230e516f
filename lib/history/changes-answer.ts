import 'server-only';
/**
 * The body of `GET /api/changes` from a history (lib/api/history.ts `ChangesResponse`), whole or
 * health only (`HealthChangesResponse`, `only=health`).
 *
 * Contract:
 * - `healthChanges` rebuilds the records at `from` and replays the record changes after it
 *   (changes.ts `diagnosisChanges`): `transitions`, `services` and `unrebuiltChanges`. It never
 *   reads the Service trails: an answer that needs only when Services broke or recovered does
 *   not pay for every trail entry of the window, read, filtered and sent;
 * - `allChanges` is that very answer plus `entries`, the window's trail entries as the viewer may
 *   see them (lib/access/timeline.ts), so the two agree on everything they both hold;
 * - with `clampFrom` a `from` before the retained history is read as where it starts (the
 *   answer's `from` says which) instead of the `before-retained-history` problem; a `from` that
 *   retention passes while the answer is read is that problem too (at.ts).
 */
import type { ChangesResponse, HealthChangesResponse } from '../api/history';
import type { AccessScope } from '../access/scope';
import { visibleTrailEntries } from '../access/timeline';
import { recordsAtOrFail, stillRetained } from './at';
import { diagnosisChanges } from './changes';
import type { ServerHistory } from './server';

/** What the answers read: the record journal, and the trails for the whole answer. */
export type ChangesHistory = Pick<ServerHistory, 'journal' | 'entriesBetween'>;

export interface ChangesRange {
  from: number;
  to: number;
  namespace?: string;
  clampFrom?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** When Services went broken or healthy in the range, and which differ between its ends. */
export async function healthChanges(
  history: Pick<ChangesHistory, 'journal'>,
  scope: AccessScope,
  range: ChangesRange,
  now: number,
): Promise<HealthChangesResponse> {
  const { to, namespace } = range;
  const since = range.clampFrom ? await history.journal.retainedSince() : undefined;
  const from = since !== undefined && since > range.from ? Math.min(since, to) : range.from;
  const start = await recordsAtOrFail(history.journal, from);
  const { facts, unrebuilt } = await history.journal.factsBetween(from, to, start.records);
  // Retention that moved past `from` meanwhile deleted some of these facts: not a diff to show.
  await stillRetained(history.journal, from);
  const { transitions, services } = diagnosisChanges({
    start: start.records,
    facts,
    from,
    to,
    scope,
    ...(namespace !== undefined ? { namespace } : {}),
  });
  return {
    from: iso(from),
    to: iso(to),
    now: iso(now),
    retainedSince: iso(start.retainedSince),
    transitions,
    services,
    ...(unrebuilt > 0 ? { unrebuiltChanges: unrebuilt } : {}),
  };
}

/** `healthChanges` and the trail entries of the same window (its `from`, clamped or not). */
export async function allChanges(
  history: ChangesHistory,
  scope: AccessScope,
  range: ChangesRange,
  now: number,
): Promise<ChangesResponse> {
  const health = await healthChanges(history, scope, range, now);
  const items = await history.entriesBetween(Date.parse(health.from), range.to);
  return { ...health, entries: visibleTrailEntries(scope, items, range.namespace) };
}
