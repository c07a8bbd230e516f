/**
 * The maintained model of one cluster: the snapshot index kept current change by change
 * (live-index.ts) and each Service's answer — its share of the graph and its diagnosis —
 * memoised until something it read changes. What `buildTopologyWithDiagnoses` computes from a
 * whole snapshot, at the cost of the records a change touches.
 *
 * Contract:
 * - `apply(changes)` takes the cache's change batches (upserts and deletes by kind/uid) in
 *   O(changed records): it edits the index and forgets the answers of exactly the Services whose
 *   last computation read a key the edit wrote (tracked-map.ts), plus any Service changed
 *   itself. Nothing is recomputed until asked for.
 * - Every answer equals a fresh build of the same records: `topologyWithDiagnoses(dns)` deep-equals
 *   `buildTopologyWithDiagnoses(snapshot, { dnsResults: dns })`, `diagnose(svc, dns)` equals
 *   `diagnoseService(svc, createDiagnosisContext(snapshot, { dnsResults: dns }))`
 *   (live-model.test.ts drives random change sequences against fresh builds).
 * - Global facts are dependencies like any other: a Service whose selector matches nothing read
 *   its namespace's labels and the other namespaces' matching pods (near misses), one with an
 *   endpoint on a ClusterIP, a node IP or another namespace's pod IP read those addresses.
 * - ExternalName verdicts depend on the DNS answers a request brings, so they are judged per call
 *   (a lookup, no index work); their graph share is memoised like the rest.
 * - The records it is given, as the dashboard sees them: a viewer's scope is applied by the
 *   caller, and what that scope leaves out is "not visible" when the model is given its
 *   `visibility`, as in a snapshot that carries one. The kinds not read yet (`unread`,
 *   judgeable.ts) are the model's too: `setUnread` changes them, and every answer is made again.
 * - Answers are shared between callers and must not be mutated.
 * Pure and isomorphic.
 */
import { assembleTopology, serviceFragment, type ServiceFragment } from './build';
import { diagnoseService, type DnsResults, type ServiceDiagnosis } from './diagnosis';
import type { TopologyWithDiagnoses } from './index';
import type { EndpointNode, Topology } from './model';
import { LiveIndex } from './live-index';
import type { ClusterSnapshot, RecordKind, ServiceRecord, SlimRecord, Visibility } from './records';
import { sameUnread } from './judgeable';
import { RecordStore } from './record-store';
import { objectKey } from './snapshot-index';

/** A batch of record changes, as the server's cache emits them (lib/k8s/cache.ts ChangeBatch). */
export interface RecordChanges {
  upserts: readonly SlimRecord[];
  deletes: readonly { kind: RecordKind; uid: string }[];
}

interface ServiceAnswer {
  service: ServiceRecord;
  fragment: ServiceFragment;
  diagnosis: ServiceDiagnosis;
  /** The index keys this answer read. */
  reads: Set<string>;
}

export interface LiveModelOptions {
  /**
   * A batch with at least this many changes rebuilds the index at once instead of editing it
   * (default: 2,000, or a tenth of the records held if more): editing keeps sorted lists sorted by
   * copying them, which is quadratic for a namespace's worth of pods arriving together — an
   * initial list, a relist after an outage.
   */
  rebuildAt?: number;
  /**
   * What the viewer may see (ClusterSnapshot.visibility): the answers read it as a fresh build of
   * a snapshot with it does. Fixed for the model's life: a viewer whose access changed gets a new
   * model, since no answer records that it read it.
   */
  visibility?: Visibility;
  /** The kinds not read yet (ClusterSnapshot.unread); `setUnread` changes them. */
  unread?: readonly RecordKind[];
}

/**
 * The size from which a batch of changes to `held` records is cheaper to take whole than change
 * by change: the model rebuilds its index, and every answer is recomputed on the next ask.
 */
export function largeBatch(held: number): number {
  return Math.max(2000, held / 10);
}

export class LiveModel {
  private current: LiveIndex;
  private readonly store: RecordStore;
  private readonly rebuildAt: number | undefined;
  private readonly answers = new Map<string, ServiceAnswer>();
  /** Index key → uids of the Services whose answers read it. */
  private readonly readers = new Map<string, Set<string>>();
  /** The last topology answered: the next assembly keeps its drawn pods where it can. */
  private assembled: Topology | undefined;
  /** Work done, for benchmarks and the tests that count it. */
  readonly counters = { batches: 0, records: 0, recomputed: 0, rebuilds: 0 };

  constructor(records: Iterable<SlimRecord> = [], options: LiveModelOptions = {}) {
    this.store = new RecordStore(records);
    if (options.visibility) this.store.snapshot.visibility = options.visibility;
    if (options.unread?.length) this.store.snapshot.unread = options.unread;
    this.current = new LiveIndex(this.store.snapshot);
    this.rebuildAt = options.rebuildAt;
  }

  /** The index every answer reads (replaced, not edited, after a rebuild). */
  get index(): LiveIndex {
    return this.current;
  }

  /** A model of the records of `snapshot`, its visibility and unread kinds (the snapshot is not kept). */
  static of(snapshot: ClusterSnapshot): LiveModel {
    const { visibility, unread, ...kinds } = snapshot;
    return new LiveModel(Object.values(kinds).flat() as SlimRecord[], {
      ...(visibility ? { visibility } : {}),
      ...(unread ? { unread } : {}),
    });
  }

  /**
   * The kinds not read yet are now `unread`: when that differs from what the answers were made
   * with, the index is built again and every answer is made again when asked (no answer records
   * that it read them; they change a few times in a sync, not per change).
   */
  setUnread(unread: readonly RecordKind[]): void {
    if (sameUnread(unread, this.store.snapshot.unread)) return;
    if (unread.length) this.store.snapshot.unread = unread;
    else delete this.store.snapshot.unread;
    this.rebuild({ upserts: [], deletes: [] });
  }

  /** The records as a snapshot: current, edited in place by `apply` (copy it to keep it). */
  snapshot(): ClusterSnapshot {
    return this.store.snapshot;
  }

  apply(changes: RecordChanges): void {
    this.counters.batches++;
    const size = changes.upserts.length + changes.deletes.length;
    if (size >= (this.rebuildAt ?? largeBatch(this.store.size))) {
      this.rebuild(changes);
      return;
    }
    const changed = new Set<string>();
    for (const record of changes.upserts) {
      const old = this.store.get(record.kind, record.meta.uid);
      if (old === record) continue;
      this.store.put(record);
      this.edit(old, record, changed);
    }
    for (const ref of changes.deletes) {
      const old = this.store.remove(ref.kind, ref.uid);
      if (old) this.edit(old, undefined, changed);
    }
    const written = this.index.written!;
    for (const key of written) {
      const uids = this.readers.get(key);
      if (uids) for (const uid of uids) changed.add(uid);
    }
    written.clear();
    for (const uid of changed) this.invalidate(uid);
  }

  /** Applies a large batch to the records and builds the index and every answer afresh. */
  private rebuild(changes: RecordChanges): void {
    for (const record of changes.upserts) this.store.put(record);
    for (const ref of changes.deletes) this.store.remove(ref.kind, ref.uid);
    this.counters.rebuilds++;
    this.current = new LiveIndex(this.store.snapshot);
    this.assembled = undefined;
    this.answers.clear();
    this.readers.clear();
  }

  private edit(old: SlimRecord | undefined, next: SlimRecord | undefined, changed: Set<string>) {
    this.counters.records++;
    this.index.update(old, next);
    if ((next ?? old)!.kind === 'Service') changed.add((next ?? old)!.meta.uid);
  }

  private invalidate(uid: string): void {
    const answer = this.answers.get(uid);
    if (!answer) return;
    this.answers.delete(uid);
    for (const key of answer.reads) {
      const uids = this.readers.get(key);
      if (!uids) continue;
      uids.delete(uid);
      if (uids.size === 0) this.readers.delete(key);
    }
  }

  /** The Service `namespace/name`, if the model holds it. */
  service(namespace: string, name: string): ServiceRecord | undefined {
    return this.index.serviceByKey.get(objectKey(namespace, name));
  }

  /** The Services whose answers are not memoised (recomputed when next asked for). */
  pendingServices(): ServiceRecord[] {
    return this.index.services.filter((s) => !this.answers.has(s.meta.uid));
  }

  /**
   * Computes the answers not memoised, one Service at a time while `more()` says there is time
   * (asked before each): what the next `topologyWithDiagnoses` would compute, done ahead. A new
   * model's first whole map costs about twice a build from scratch; made in slices of idle time,
   * the first change after it does not pay for it. Returns whether every answer is memoised.
   */
  warm(more: () => boolean): boolean {
    for (const service of this.index.services) {
      if (this.answers.get(service.meta.uid)?.service === service) continue;
      if (!more()) return false;
      this.answer(service);
    }
    return true;
  }

  private answer(service: ServiceRecord): ServiceAnswer {
    const uid = service.meta.uid;
    const known = this.answers.get(uid);
    if (known?.service === service) return known;
    this.invalidate(uid);
    const index = this.index;
    // Memos made outside a recorded computation would hide what this one reads.
    index.forget(service);
    const reads = new Set<string>();
    index.reading = reads;
    let fragment: ServiceFragment;
    let diagnosis: ServiceDiagnosis;
    try {
      fragment = serviceFragment(index, service);
      diagnosis = diagnoseService(service, { index });
    } finally {
      index.reading = undefined;
    }
    fragment.node.health = diagnosis.health;
    const answer = { service, fragment, diagnosis, reads };
    this.answers.set(uid, answer);
    for (const key of reads) {
      const uids = this.readers.get(key);
      if (uids) uids.add(uid);
      else this.readers.set(key, new Set([uid]));
    }
    this.counters.recomputed++;
    return answer;
  }

  /** The endpoints the map draws for a Service the model holds (none for ExternalName). */
  endpointsOf(service: ServiceRecord): EndpointNode[] {
    return this.answer(service).fragment.endpoints;
  }

  /** The diagnosis of a Service the model holds (DNS answers matter only for ExternalName). */
  diagnose(service: ServiceRecord, dnsResults?: DnsResults): ServiceDiagnosis {
    if (service.type === 'ExternalName') {
      return diagnoseService(service, { index: this.index, ...(dnsResults ? { dnsResults } : {}) });
    }
    return this.answer(service).diagnosis;
  }

  /** The whole map with every Service's diagnosis, as buildTopologyWithDiagnoses makes it. */
  topologyWithDiagnoses(dnsResults?: DnsResults): TopologyWithDiagnoses {
    const fragments: ServiceFragment[] = [];
    const diagnoses: ServiceDiagnosis[] = [];
    for (const service of this.index.services) {
      const answer = this.answer(service);
      if (service.type !== 'ExternalName') {
        fragments.push(answer.fragment);
        diagnoses.push(answer.diagnosis);
        continue;
      }
      const diagnosis = this.diagnose(service, dnsResults);
      const { fragment } = answer;
      fragments.push(
        diagnosis.health === fragment.node.health
          ? fragment
          : { ...fragment, node: { ...fragment.node, health: diagnosis.health } },
      );
      diagnoses.push(diagnosis);
    }
    const topology = assembleTopology(this.index, fragments, this.assembled);
    this.assembled = topology;
    return { topology, diagnoses };
  }
}
