/**
 * What a snapshot can be judged from: the one definition of "a kind we cannot judge from" that
 * the routing (routing.ts) and the diagnosis (diagnosis/) read. Where a kind cannot be judged,
 * the snapshot's lack of it proves nothing — it is never "missing", "none" or "0 of them":
 * - `not-visible`: the viewer may not list it there (the snapshot's `visibility`,
 *   lib/access/scope.ts);
 * - `not-read`: the dashboard has not read it (the snapshot's `unread`): its first list has not
 *   completed — a fresh hub, a cluster read again after a restart — or RBAC forbids the
 *   dashboard to list it, so what the cache holds of it is nothing or the past.
 *
 * Contract: pure, isomorphic, no runtime imports. `unreadKinds` turns a sync state (the hub's,
 * or the one the page's stream carries, lib/stream/protocol.ts `SyncState`) into `unread`, so the
 * server and the page judge from the same kinds. `notVisible` alone is the viewer's access: what
 * they may run kubectl on (the commands offered), whatever the dashboard has read.
 */
import type { ClusterSnapshot, RecordKind } from './records';

export type NotJudged = 'not-visible' | 'not-read';

/** Objects of `kind` in `namespace` are left out of this snapshot for its viewer. */
export function notVisible(
  snapshot: Pick<ClusterSnapshot, 'visibility'>,
  kind: RecordKind,
  namespace: string,
): boolean {
  const v = snapshot.visibility;
  if (!v) return false;
  const access = v[kind];
  return access !== true && !(access?.includes(namespace) ?? false);
}

/**
 * Why what the snapshot holds of `kind` in `namespace` ('' for cluster-scoped kinds) cannot be
 * judged from, or undefined when it can. Not read wins: the viewer could not see it either way.
 */
export function notJudged(
  snapshot: Pick<ClusterSnapshot, 'visibility' | 'unread'>,
  kind: RecordKind,
  namespace: string,
): NotJudged | undefined {
  if (snapshot.unread?.includes(kind)) return 'not-read';
  return notVisible(snapshot, kind, namespace) ? 'not-visible' : undefined;
}

/** Why a Service's endpoints cannot be judged: what would hold them, and why it cannot be judged. */
export interface EndpointsNotJudged {
  kind: 'EndpointSlice' | 'Endpoints';
  why: NotJudged;
}

/**
 * Why the endpoints of a Service in `namespace` cannot be judged, or undefined when they can:
 * the one decision the diagnosis (`not-judged`), the map's Service node (model.ts
 * `endpointsNotJudged`) and every endpoint count read. `seen`: what the snapshot routes it
 * through (routing.ts). Endpoints that are seen speak for themselves; with none seen, its
 * EndpointSlices not judged, or — with no slice seen, when routing reads the v1 Endpoints — its
 * Endpoints not judged, mean that none seen proves nothing.
 */
export function endpointsNotJudged(
  snapshot: Pick<ClusterSnapshot, 'visibility' | 'unread'>,
  namespace: string,
  seen: { slices: number; endpoints: number },
): EndpointsNotJudged | undefined {
  if (seen.endpoints > 0) return undefined;
  const slices = notJudged(snapshot, 'EndpointSlice', namespace);
  if (slices) return { kind: 'EndpointSlice', why: slices };
  // With a slice seen, the slices are what routes and the Endpoints do not matter (routing.ts).
  if (seen.slices > 0) return undefined;
  const endpoints = notJudged(snapshot, 'Endpoints', namespace);
  return endpoints ? { kind: 'Endpoints', why: endpoints } : undefined;
}

/** The part of a sync state that says what has been read (structurally `SyncState`). */
export interface ReadState {
  kinds: Record<string, { synced: boolean }>;
  forbidden?: readonly { kind: RecordKind }[];
}

/**
 * The kinds of a snapshot whose records the dashboard has not read: never listed to the end yet,
 * or forbidden to it (emptied). Events are not part of a snapshot and never listed here. In the
 * order of `sync.kinds`; empty for no sync state (nothing says otherwise).
 */
export function unreadKinds(sync: ReadState | null | undefined): RecordKind[] {
  if (!sync) return [];
  const forbidden = new Set(sync.forbidden?.map((f) => f.kind));
  const out: RecordKind[] = [];
  for (const [kind, state] of Object.entries(sync.kinds) as [RecordKind, { synced: boolean }][]) {
    if (kind === 'Event') continue;
    if (!state.synced || forbidden.has(kind)) out.push(kind);
  }
  return out;
}

/** Whether two `unread` lists name the same kinds (absent = none). */
export function sameUnread(
  a: readonly RecordKind[] | undefined,
  b: readonly RecordKind[] | undefined,
): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((k) => y.includes(k));
}
