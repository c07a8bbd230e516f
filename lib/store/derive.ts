/**
 * Derived data for the UI: store records → ClusterSnapshot → Topology + diagnoses, the same
 * answers the pure build (lib/topology/index.ts, what /api/graph runs) gives for those records.
 *
 * Contract: `createDerivedCache()` is memoised per records map and DNS answers — the topology is
 * derived once per applied batch that changed records, never per render or per status event —
 * and keeps a maintained model (lib/topology/live-model.ts) fed with the records that changed
 * between two maps, so a batch costs the Services it touched, not every Service of the cluster.
 * Records are compared by identity: the store keeps an unchanged record's object. `deriveView`
 * is the build from scratch; `indexed(state)` makes the snapshot and index that the next build
 * from scratch of the same records then uses, for whoever reads them first. What is diagnosed is
 * judged from the kinds the stream's sync state says are read (lib/topology/judgeable.ts
 * `unreadKinds`), as on the server: a kind still being listed is "not read yet", never empty.
 * Isomorphic and pure apart from the cache.
 */
import { buildTopologyWithDiagnoses, type TopologyWithDiagnoses } from '../topology';
import type { DnsResults, ServiceDiagnosis } from '../topology/diagnosis';
import { largeBatch, LiveModel, type RecordChanges } from '../topology/live-model';
import type { Topology } from '../topology/model';
import { sameUnread, unreadKinds } from '../topology/judgeable';
import type { ClusterSnapshot, RecordKind, Visibility } from '../topology/records';
import { indexSnapshot, type SnapshotIndex } from '../topology/snapshot-index';
import type { SyncState } from '../stream/protocol';
import type { RecordStoreState } from './record-state';
import { clusterSnapshotOf } from './record-table';

export interface DerivedView {
  recordsVersion: number;
  snapshot: ClusterSnapshot;
  topology: Topology;
  diagnoses: Map<string, ServiceDiagnosis>;
  namespaces: string[];
}

export function deriveView(
  records: RecordStoreState['records'],
  recordsVersion: number,
  dnsResults?: DnsResults,
  visibility?: Visibility,
  unread: readonly RecordKind[] = [],
): DerivedView {
  const snapshot = snapshotOf(records, visibility, unread);
  return viewOf(
    snapshot,
    recordsVersion,
    buildTopologyWithDiagnoses(snapshot, dnsResults ? { dnsResults } : {}),
  );
}

function snapshotOf(
  records: RecordStoreState['records'],
  visibility: Visibility | undefined,
  unread: readonly RecordKind[],
): ClusterSnapshot {
  // A signed-in person's records are what they may see: the rest is "not visible", not missing;
  // and what the dashboard has not read yet is not read, not missing.
  const snapshot = clusterSnapshotOf(records);
  if (visibility) snapshot.visibility = visibility;
  if (unread.length) snapshot.unread = unread;
  return snapshot;
}

const NONE: readonly RecordKind[] = [];
const unreadMemo = new WeakMap<SyncState, readonly RecordKind[]>();

/** The kinds `sync` says are not read yet; the same array for the same sync state. */
function unreadOf(sync: SyncState | null): readonly RecordKind[] {
  if (!sync) return NONE;
  let unread = unreadMemo.get(sync);
  if (!unread) {
    const kinds = unreadKinds(sync);
    unreadMemo.set(sync, (unread = kinds.length ? kinds : NONE));
  }
  return unread;
}

function viewOf(
  snapshot: ClusterSnapshot,
  recordsVersion: number,
  { topology, diagnoses }: TopologyWithDiagnoses,
): DerivedView {
  const byService = new Map<string, ServiceDiagnosis>();
  for (const d of diagnoses) byService.set(d.serviceId, d);
  return {
    recordsVersion,
    snapshot,
    topology,
    diagnoses: byService,
    namespaces: namespacesOf(snapshot),
  };
}

/** Every namespace the snapshot names (its namespaces' and its Services'), sorted. */
export function namespacesOf(snapshot: ClusterSnapshot): string[] {
  const namespaces = new Set<string>();
  for (const ns of snapshot.namespaces) namespaces.add(ns.meta.name);
  for (const svc of snapshot.services) namespaces.add(svc.meta.namespace);
  return [...namespaces].sort();
}

/** What changed from one records map to the next, by identity. */
export function recordChanges(
  before: RecordStoreState['records'],
  after: RecordStoreState['records'],
): RecordChanges {
  const upserts = [];
  for (const [uid, record] of after) if (before.get(uid) !== record) upserts.push(record);
  const deletes = [];
  for (const [uid, record] of before) {
    if (!after.has(uid)) deletes.push({ kind: record.kind, uid: record.meta.uid });
  }
  return { upserts, deletes };
}

/**
 * A one-entry cache keyed by the records map identity (what changes per applied batch), the
 * identity of the server's DNS answers and the viewer's visibility.
 *
 * Why the model is not made at once: its first whole map costs about twice a build from scratch
 * (each answer records what it read), and the first picture is what the page waits for. So the
 * first records, a large batch (a fresh snapshot, a past instant) and a change of visibility are
 * built from scratch, and the model is made from the records of the next small batch and fed the
 * batches after it — or before that batch, by `prepare(more)`, which makes it from the last
 * records derived, and its answers, in slices while the caller has time (the map's pipeline,
 * once its picture is painted): then the first change after the first picture does not pay for
 * them (the model ~160 ms at 35k records, its answers ~600 ms more).
 */
export interface DerivedCache {
  (state: RecordStoreState, dnsResults?: DnsResults): DerivedView;
  /** Whether the next small batch will be fed to a model with its answers made. */
  prepared(): boolean;
  /**
   * The snapshot the state's records make (with the viewer's visibility and the kinds not read
   * yet) and its index: made once, and used by the next derive of the same records that builds
   * from scratch, so what reads the index first (the top of a big map drawn before the map,
   * lib/worker/early-top.ts) does not make the derive index them again.
   */
  indexed(state: RecordStoreState): Indexed;
  /**
   * Makes the model from the last records derived, if there is none, then its answers while
   * `more()` says there is time; returns whether it is prepared. Call again until it is.
   */
  prepare(more: () => boolean): boolean;
}

/** A snapshot and the index made of it. */
export interface Indexed {
  snapshot: ClusterSnapshot;
  index: SnapshotIndex;
}

export function createDerivedCache(): DerivedCache {
  /** The last `indexed` answer, for the records, visibility and unread kinds it was made of. */
  let seeded: {
    records: RecordStoreState['records'];
    visibility: Visibility | undefined;
    unread: readonly RecordKind[];
    made: Indexed;
  } | null = null;
  const indexedFor = (state: RecordStoreState): Indexed | null => {
    const made =
      seeded &&
      seeded.records === state.records &&
      seeded.visibility === state.cluster?.access?.visibility &&
      sameUnread(seeded.unread, unreadOf(state.sync))
        ? seeded.made
        : null;
    return made;
  };
  let lastRecords: RecordStoreState['records'] | null = null;
  let lastDns: DnsResults | undefined;
  let lastVisibility: Visibility | undefined;
  let lastUnread: readonly RecordKind[] = NONE;
  let last: DerivedView | null = null;
  let model: LiveModel | null = null;
  let modelVisibility: Visibility | undefined;
  /** Every answer of the model is made (a derive through it makes them all). */
  let warm = false;
  /** `last` was derived through the model, not built from scratch. */
  let lastFromModel = false;
  const derive = (state: RecordStoreState, dnsResults?: DnsResults): DerivedView => {
    const visibility = state.cluster?.access?.visibility;
    const unread = unreadOf(state.sync);
    if (
      last &&
      lastRecords === state.records &&
      lastDns === dnsResults &&
      last.snapshot.visibility === visibility &&
      sameUnread(lastUnread, unread)
    )
      return last;
    // The store says what its last batch changed: two whole maps are compared only when the
    // view skipped a batch (or a snapshot replaced the records).
    const delta = state.recordDelta;
    const changes =
      lastRecords && lastRecords !== state.records
        ? delta && delta.from === lastRecords && delta.to === state.records
          ? delta
          : recordChanges(lastRecords, state.records)
        : undefined;
    if (modelVisibility !== visibility) model = null;
    if (!lastRecords || (changes && isLarge(changes, state.records.size))) model = null;
    else if (model && changes) model.apply(changes);
    else if (!model && changes) {
      model = new LiveModel(state.records.values(), {
        ...(visibility ? { visibility } : {}),
        unread,
      });
      modelVisibility = visibility;
    }
    // A kind read since (or no longer) changes what the model's answers may judge from.
    model?.setUnread(unread);
    lastRecords = state.records;
    lastDns = dnsResults;
    lastVisibility = visibility;
    lastUnread = unread;
    const made = indexedFor(state);
    // Spent: the index is the build's now, and the records' next state makes its own.
    seeded = null;
    const snapshot = made?.snapshot ?? snapshotOf(state.records, visibility, unread);
    last = viewOf(
      snapshot,
      state.recordsVersion,
      model
        ? model.topologyWithDiagnoses(dnsResults)
        : buildTopologyWithDiagnoses(snapshot, {
            ...(dnsResults ? { dnsResults } : {}),
            ...(made ? { index: made.index } : {}),
          }),
    );
    warm = lastFromModel = model !== null;
    return last;
  };
  return Object.assign(derive, {
    prepared: () => lastRecords === null || (model !== null && warm),
    indexed(state: RecordStoreState): Indexed {
      const made = indexedFor(state);
      if (made) return made;
      const visibility = state.cluster?.access?.visibility;
      const unread = unreadOf(state.sync);
      const snapshot = snapshotOf(state.records, visibility, unread);
      seeded = {
        records: state.records,
        visibility,
        unread,
        made: { snapshot, index: indexSnapshot(snapshot) },
      };
      return seeded.made;
    },
    prepare(more: () => boolean): boolean {
      if (!lastRecords) return true;
      if (!model) {
        model = new LiveModel(lastRecords.values(), {
          ...(lastVisibility ? { visibility: lastVisibility } : {}),
          unread: lastUnread,
        });
        modelVisibility = lastVisibility;
      }
      warm = model.warm(more);
      // The view the last records gave was built from scratch: its objects are not the model's,
      // so the next small batch would redraw every Service. Made again through the model (the
      // same values), the view the caller draws next is the model's.
      if (warm && last && !lastFromModel) {
        last = viewOf(last.snapshot, last.recordsVersion, model.topologyWithDiagnoses(lastDns));
        lastFromModel = true;
      }
      return warm;
    },
  });
}

function isLarge(changes: RecordChanges, held: number): boolean {
  return changes.upserts.length + changes.deletes.length >= largeBatch(held);
}

/** The sorted, comma-joined ExternalName targets of the records: the key for DNS refreshes. */
export function externalNameKey(records: RecordStoreState['records']): string {
  const names = new Set<string>();
  for (const record of records.values()) {
    if (record.kind === 'Service' && record.type === 'ExternalName' && record.externalName) {
      names.add(record.externalName);
    }
  }
  return [...names].sort().join(',');
}
