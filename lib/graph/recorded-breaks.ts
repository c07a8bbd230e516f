/**
 * "Since" from the stored history: where the problems list can only say a broken Service was
 * already broken when the page first saw it ("since before 00:56:13"), the dashboard's history
 * (`GET /api/changes?only=health`, lib/history/changes.ts) may know when it broke ("since
 * 00:54:27").
 *
 * Contract (pure):
 * - `recordedBreaks(answer, askedAt)` keeps, per `namespace/name`, the time of its last
 *   transition in the answer when that transition is a break; a Service whose last transition is
 *   a recovery has no recorded break (its current break, if any, is not in the answer), and an
 *   answer missing part of its window (`unrebuiltChanges`) records none. `askedAt` is the page's
 *   clock when it sent the request.
 * - `withRecordedSince(entries, breaks)` replaces the `since` of an entry only when all of these
 *   hold, and keeps the page's own `since` otherwise:
 *   - it is broken now, and its `since` is the page's first sighting (`first-seen`), which the
 *     page made no later than `askedAt`: the answer's window, which ends when the server answered,
 *     covers that sighting, so "broke at T" (history) and "broken ever since first seen" (page)
 *     join into "broken since T" without comparing the server's clock with the browser's;
 *   - its health is settled (not `pending`) and it is not an ExternalName Service: the history
 *     judges the past without DNS answers, so its "broke" need not be the break the page shows;
 *   - the history's last transition for it is a break (`recordedBreaks`).
 *   A `changed` since is the page's own observation of the change and is kept. Degraded and
 *   unknown-health Services keep theirs too: the history records only breaks and recoveries.
 *   The result is in rail order again (problems.ts `byRailOrder`); with nothing replaced it is
 *   `entries` itself.
 * - `worthAsking(entries, askedAt)`: a row it could replace was first seen after the last
 *   question, so one more question per page load (or reconnect), never one per row.
 */
import type { DiagnosisTransition, HealthChangesResponse } from '../api/history';
import { byRailOrder, type ProblemEntry } from './problems';

export interface RecordedBreaks {
  /** The page's clock (ISO) when it asked the history. */
  askedAt: string;
  /** Per `namespace/name`: when it broke (ISO), where its last transition was that break. */
  brokeAt: ReadonlyMap<string, string>;
}

const keyOf = (s: { namespace: string; name: string }) => `${s.namespace}/${s.name}`;

/** A row whose "since" the history may improve on: see the contract. */
function historyMayKnow({ service, since }: ProblemEntry): boolean {
  return (
    service.health === 'broken' &&
    service.serviceType !== 'ExternalName' &&
    since.basis === 'first-seen' &&
    !since.pending &&
    since.at !== ''
  );
}

/**
 * Whether the history should be asked (again): some row it may improve on was first seen after
 * the last question (`askedAt`, null: never asked) — at page load, or after a reconnect.
 */
export function worthAsking(entries: readonly ProblemEntry[], askedAt: string | null): boolean {
  return entries.some((e) => historyMayKnow(e) && (askedAt === null || e.since.at > askedAt));
}

/**
 * The breaks an answer of `GET /api/changes` records (its transitions are oldest first; the
 * `only=health` answer is enough). An answer that says part of its window could not be rebuilt
 * (`unrebuiltChanges`) may lack a recovery and a later break: none of its breaks is trusted.
 */
export function recordedBreaks(
  answer: Pick<HealthChangesResponse, 'transitions' | 'unrebuiltChanges'>,
  askedAt: string,
): RecordedBreaks {
  const brokeAt = new Map<string, string>();
  if (answer.unrebuiltChanges) return { askedAt, brokeAt };
  const last = new Map<string, DiagnosisTransition>();
  for (const t of answer.transitions) last.set(keyOf(t), t);
  for (const [key, t] of last) if (t.to === 'broken') brokeAt.set(key, t.at);
  return { askedAt, brokeAt };
}

/** `entries` with "since" from the history where it knows better (see the contract). */
export function withRecordedSince(
  entries: readonly ProblemEntry[],
  breaks: RecordedBreaks | null,
): readonly ProblemEntry[] {
  if (!breaks || breaks.brokeAt.size === 0) return entries;
  let replaced = false;
  const out = entries.map((entry) => {
    const { service, since } = entry;
    if (!historyMayKnow(entry) || since.at > breaks.askedAt) return entry;
    const at = breaks.brokeAt.get(keyOf(service));
    if (!at) return entry;
    replaced = true;
    return { service, since: { health: since.health, at, basis: 'recorded' as const } };
  });
  return replaced ? out.sort(byRailOrder) : entries;
}
