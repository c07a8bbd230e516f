/**
 * The sync state the page and `/healthz` show, from the watch loops' states: per kind whether
 * its first list completed and how many objects it has, the connection as a whole, since when
 * it has been stale, the last error, and the kinds RBAC forbids us to list.
 *
 * Contract: pure. A forbidden kind (403 on list or watch) is settled-but-degraded: it counts as
 * synced for readiness, never makes the map stale or `reconnecting`, and is named in `forbidden`
 * with what the map loses (lib/k8s/forbidden.ts) — so a least-privilege install still becomes
 * ready and says what it cannot show. Only required kinds decide `connection` and `staleSince`;
 * an optional kind (Events) that fails otherwise is worth a word in `lastError` when nothing else
 * is wrong, but never makes the map stale. While a kind lists for the first time its count
 * is the progress of that list.
 */
import type { RecordKind } from '../topology/records';
import type { SyncState } from '../stream/protocol';
import { forbiddenNotice } from './forbidden';
import type { KindSpec } from './kinds';
import type { WatchLoopState } from './watch-loop';

export function isSynced(
  kinds: readonly KindSpec[],
  states: ReadonlyMap<RecordKind, WatchLoopState>,
): boolean {
  return kinds.every((k) => k.optional || settled(states.get(k.kind)));
}

function settled(state: WatchLoopState | undefined): boolean {
  return !!state && (state.synced || !!state.forbidden);
}

export function forbiddenKinds(
  kinds: readonly KindSpec[],
  states: ReadonlyMap<RecordKind, WatchLoopState>,
): RecordKind[] {
  return kinds.filter((k) => states.get(k.kind)?.forbidden).map((k) => k.kind);
}

export function pendingKinds(
  kinds: readonly KindSpec[],
  states: ReadonlyMap<RecordKind, WatchLoopState>,
): RecordKind[] {
  return kinds.filter((k) => !k.optional && !settled(states.get(k.kind))).map((k) => k.kind);
}

export function syncStateOf(
  kinds: readonly KindSpec[],
  states: ReadonlyMap<RecordKind, WatchLoopState>,
  countOf: (kind: RecordKind) => number,
): SyncState {
  const perKind: SyncState['kinds'] = {};
  let reconnecting = false;
  let staleSince: number | undefined;
  let lastError: string | undefined;
  let optionalError: string | undefined;
  for (const spec of kinds) {
    const s = states.get(spec.kind);
    const cached = countOf(spec.kind);
    perKind[spec.kind] = {
      synced: !!s?.synced,
      count: s?.synced ? cached : Math.max(s?.listed ?? 0, cached),
    };
    if (s?.forbidden) continue;
    if (spec.optional) {
      if (s?.error) optionalError ??= `${spec.kind} (optional): ${s.error}`;
      continue;
    }
    if (s?.phase === 'backoff' || s?.disconnectedSince !== undefined) reconnecting = true;
    if (s?.disconnectedSince !== undefined) {
      staleSince = Math.min(staleSince ?? Infinity, s.disconnectedSince);
    }
    if (s?.error) lastError = `${spec.kind}: ${s.error}`;
  }
  lastError ??= optionalError;
  const sync: SyncState = {
    kinds: perKind,
    connection: reconnecting ? 'reconnecting' : isSynced(kinds, states) ? 'live' : 'syncing',
  };
  const forbidden = forbiddenKinds(kinds, states);
  if (forbidden.length) {
    sync.forbidden = forbidden.map((kind) => ({ kind, message: forbiddenNotice(kind) }));
  }
  if (staleSince !== undefined) sync.staleSince = new Date(staleSince).toISOString();
  if (lastError) sync.lastError = lastError;
  return sync;
}

/** What makes a status frame news: everything but the counts. */
export function statusKey(sync: SyncState): string {
  return JSON.stringify({
    ...sync,
    kinds: Object.fromEntries(Object.entries(sync.kinds).map(([k, v]) => [k, v.synced])),
  });
}
