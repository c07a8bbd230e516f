/**
 * What one viewer may see: per kind the map uses, whether they may `list` it cluster-wide or in
 * which namespaces. Decided on the server (lib/access/resolver.ts) and applied there to every
 * output before it leaves; the shape is plain data so the page can say what it shows.
 *
 * Contract:
 * - `EVERYTHING` is the dashboard acting as itself (`--auth none`): every filter here returns its
 *   input unchanged (the same array), so that path costs nothing.
 * - `kinds[kind]`: `true` for every namespace (for Node and Namespace: the kind at all), or the
 *   namespaces where the viewer may list it (for Namespace: the namespaces they may `get`, as
 *   `kubectl get ns NAME` asks); absent means none. Nothing is granted that a review did not
 *   allow: `unchecked` says why some reviews could not be made (those count as denied).
 * - A Namespace record (its labels, uid, creation time) is visible only as `kinds.Namespace`
 *   says: listing services cluster-wide does not let anyone read Namespace objects. A namespace's
 *   *name* is known wherever some kind is visible in it (`namespaceKnown`): the page counts and
 *   filters by such names, taken from the objects the viewer sees (lib/store/derive.ts).
 * - `key` is the same for the same rights whoever holds them: people who see the same share work
 *   (one encoded frame per scope, not per tab).
 * Isomorphic; no runtime imports.
 */
import type { AccessSummary } from '../stream/protocol';
import type { ClusterSnapshot, RecordKind, SlimRecord } from '../topology/records';

export type KindAccess = true | readonly string[];

export interface AccessScope {
  key: string;
  everything: boolean;
  kinds: Partial<Record<RecordKind, KindAccess>>;
  /** Set when some reviews failed: what the page says (denied, never guessed). */
  unchecked?: string;
}

export const EVERYTHING: AccessScope = { key: '*', everything: true, kinds: {} };

/** A scope from review answers; namespaces sorted and deduplicated so equal rights get one key. */
export function makeScope(
  kinds: Partial<Record<RecordKind, KindAccess>>,
  unchecked?: string,
): AccessScope {
  const canonical: Partial<Record<RecordKind, KindAccess>> = {};
  for (const kind of Object.keys(kinds).sort() as RecordKind[]) {
    const access = kinds[kind];
    if (access === true) canonical[kind] = true;
    else if (access && access.length > 0) canonical[kind] = [...new Set(access)].sort();
  }
  const key = JSON.stringify([canonical, unchecked ?? null]);
  return { key, everything: false, kinds: canonical, ...(unchecked ? { unchecked } : {}) };
}

interface Compiled {
  whole: Set<RecordKind>;
  perNamespace: Map<RecordKind, Set<string>>;
  /** Namespaces where some namespaced kind is visible. */
  namespaces: Set<string>;
  /** Some namespaced kind is visible in every namespace. */
  anyWhole: boolean;
}

const compiledScopes = new WeakMap<AccessScope, Compiled>();

function compiled(scope: AccessScope): Compiled {
  let c = compiledScopes.get(scope);
  if (c) return c;
  c = { whole: new Set(), perNamespace: new Map(), namespaces: new Set(), anyWhole: false };
  for (const [kind, access] of Object.entries(scope.kinds) as [RecordKind, KindAccess][]) {
    if (access === true) {
      c.whole.add(kind);
      if (kind !== 'Node' && kind !== 'Namespace') c.anyWhole = true;
    } else {
      c.perNamespace.set(kind, new Set(access));
      if (kind !== 'Namespace') for (const ns of access) c.namespaces.add(ns);
    }
  }
  compiledScopes.set(scope, c);
  return c;
}

/**
 * May the viewer see objects of `kind` in `namespace` ('' for cluster-scoped kinds; for
 * Namespace, the namespace's own name)?
 */
export function canSee(scope: AccessScope, kind: RecordKind, namespace: string): boolean {
  if (scope.everything) return true;
  const c = compiled(scope);
  return c.whole.has(kind) || (c.perNamespace.get(kind)?.has(namespace) ?? false);
}

/**
 * Whether the viewer knows namespace `name` exists: they may read it, or see some kind in it (or
 * in every namespace). A name, never the Namespace object: that is `canSee(…, 'Namespace', …)`.
 */
export function namespaceKnown(scope: AccessScope, name: string): boolean {
  if (scope.everything) return true;
  const c = compiled(scope);
  return canSee(scope, 'Namespace', name) || c.anyWhole || c.namespaces.has(name);
}

export function recordVisible(scope: AccessScope, record: SlimRecord): boolean {
  if (record.kind === 'Namespace') return canSee(scope, 'Namespace', record.meta.name);
  return canSee(scope, record.kind, record.meta.namespace);
}

/** The records the viewer may see; the input itself for `EVERYTHING`. */
export function visibleRecords<R extends SlimRecord>(scope: AccessScope, records: R[]): R[] {
  if (scope.everything) return records;
  return records.filter((r) => recordVisible(scope, r));
}

/** A snapshot with only what the viewer may see; the input itself for `EVERYTHING`. */
export function visibleSnapshot(scope: AccessScope, snapshot: ClusterSnapshot): ClusterSnapshot {
  if (scope.everything) return snapshot;
  const out = {} as Record<string, unknown>;
  for (const [kind, records] of Object.entries(snapshot) as [string, unknown][]) {
    // `unread` is a list of kinds, not of records: it stays as it is.
    out[kind] =
      Array.isArray(records) && kind !== 'unread'
        ? visibleRecords(scope, records as SlimRecord[])
        : records;
  }
  // What is left out is "not visible to you" to the topology, never "missing".
  return { ...(out as unknown as ClusterSnapshot), visibility: scope.kinds };
}

/** Nothing of any kind the map draws is visible: the page says so instead of an empty map. */
export function seesNothing(scope: AccessScope): boolean {
  if (scope.everything) return false;
  return !Object.keys(scope.kinds).some((k) => k !== 'Event');
}

/** Whether the viewer may list `kind` at all (somewhere). */
export function seesKind(scope: AccessScope, kind: RecordKind): boolean {
  return scope.everything || scope.kinds[kind] !== undefined;
}

/** Whether the viewer may list `kind` in every namespace (cluster-wide), not in some only. */
export function seesEveryNamespace(scope: AccessScope, kind: RecordKind): boolean {
  return scope.everything || scope.kinds[kind] === true;
}

/** What the page says about this scope, given the cluster's namespace names; none for EVERYTHING. */
export function accessSummary(
  scope: AccessScope,
  namespaces: readonly string[],
): AccessSummary | undefined {
  if (scope.everything) return undefined;
  const visible = namespaces.filter((ns) => namespaceKnown(scope, ns)).length;
  return {
    visibility: scope.kinds,
    namespaces: { visible, total: namespaces.length },
    nothing: seesNothing(scope),
    ...(scope.unchecked ? { unchecked: scope.unchecked } : {}),
  };
}
