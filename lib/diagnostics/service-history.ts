/**
 * A bounded change trail per Service: its endpoint changes, the causes behind them (the Service's
 * spec, pods whose label changes moved them in or out of its selector) and the Kubernetes Events
 * of the objects involved — "what changed, and who?" — and its endpoints as they were at a time
 * ("what did this Service look like at 03:12?").
 *
 * Contract: fed the cache's change batches (lib/k8s/cache.ts) in order; each kind's first list
 * (the batches the cache marks `initial`) is the baseline, not changes, whatever came before it
 * from other kinds. Causes are diffs against the previous record of the same uid,
 * which the history holds by reference (records are immutable once stored, so this costs a map
 * entry, not a copy). Keeps at most `maxEntriesPerService` entries per Service and nothing older
 * than `maxAgeMs` (24 h); endpoint entries that fall out are folded into a baseline, so
 * `stateAt(t)` stays exact inside the retained window — and before it, or before Switchboard
 * first saw the Service, or before the Service was created, it answers "no data", never a guess.
 * A Service's endpoint set is the union of its EndpointSlices (`kubernetes.io/service-name`), or
 * its v1 Endpoints when it has no slices — the same rule as the map. The entry shapes are the
 * API's (lib/api/diagnostics.ts). Pure (no I/O); the server owns one instance per cluster
 * (lib/diagnostics/server.ts). With a `sink`, every entry and every baseline is also handed to
 * it as a keyed fact (lib/history/facts.ts) as it is made, synchronously; `restore` rebuilds the
 * trails from stored facts before the first batch, so a restarted process answers as before.
 * One track's bounds, replay and stored form are service-track.ts.
 */
import type {
  EventRecord,
  PodRecord,
  RecordKind,
  ServiceRecord,
  SlimRecord,
  WorkloadRecord,
} from '../topology/records';
import { WORKLOAD_KINDS } from '../topology/workload-records';
import type { EndpointsAt, TimelineEntry } from '../api/diagnostics';
import { changeAuthor, type AuthoredField } from './change-author';
import { selectorMatches } from '../topology/selector';
import { EndpointIndex } from './endpoint-index';
import { PodServices } from './pod-services';
import { endpointChanges } from './endpoint-changes';
import { podSelectorMove, sameLabels, serviceSpecChanges, type TrailChange } from './spec-changes';
import { workloadChanges, workloadDeleted } from './workload-changes';
import { entryKeyOf, type HistoryFact, type StoredHistory } from '../history/facts';
import {
  baselineFact,
  insertEntry,
  newTrack,
  restoredTrack,
  settleRestored,
  trackStateAt,
  trimTrack,
  type ServiceTrack,
  type TrackBounds,
} from './service-track';

/** The object version a change came from: the idempotency key of its facts. */
interface Source {
  uid: string;
  version: string;
}

export interface ServiceHistoryOptions {
  maxEntriesPerService?: number;
  maxAgeMs?: number;
  now?: () => number;
  /** Receives every entry and baseline as a keyed fact (the durable store's writer). */
  sink?: (fact: HistoryFact) => void;
}

interface ChangeBatchLike {
  upserts: SlimRecord[];
  deletes: { kind: RecordKind | string; uid: string }[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function serviceKey(record: { meta: { namespace: string; name: string } }): string {
  return `${record.meta.namespace}/${record.meta.name}`;
}

function withAuthor(change: TrailChange, record: SlimRecord, field: AuthoredField): TrailChange {
  const by = changeAuthor(record, field);
  return by ? { ...change, by } : change;
}

const isWorkload = (record: SlimRecord): record is WorkloadRecord =>
  (WORKLOAD_KINDS as readonly string[]).includes(record.kind);

const workloadKey = (kind: string, namespace: string, name: string) =>
  `${kind}/${namespace}/${name}`;

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** One trail entry with its Service and the time it was recorded (epoch ms). */
export interface TrailItem {
  namespace: string;
  name: string;
  time: number;
  entry: TimelineEntry;
}

export class ServiceHistory {
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly tracks = new Map<string, ServiceTrack>();
  private readonly endpoints = new EndpointIndex();
  /** `namespace/pod` → the Services whose endpoints include that pod, or did a moment ago. */
  private readonly servicesByPod = new PodServices();
  /** Event uids already recorded at their current count. */
  private readonly seenEvents = new Map<string, number>();
  /**
   * Events whose object belongs to no Service yet, by uid: the kinds are listed in no fixed
   * order, so an Event can arrive before the Deployment or pod it names; it is placed again
   * after each batch that brought other records, and forgotten once older than the history.
   */
  private readonly unplacedEvents = new Map<string, EventRecord>();
  /** The previous record of each Service and Pod, by uid: what a change is diffed against. */
  private readonly services = new Map<string, ServiceRecord>();
  private readonly pods = new Map<string, PodRecord>();
  /** namespace → uids of its Services (whose selectors a pod's label change is checked against). */
  private readonly servicesByNamespace = new Map<string, Set<string>>();
  /** The previous record of each workload, by uid, and `Kind/namespace/name` → uid (Events). */
  private readonly workloads = new Map<string, WorkloadRecord>();
  private readonly workloadsByName = new Map<string, string>();
  private lastSweep: number;
  private readonly sink: ((fact: HistoryFact) => void) | undefined;
  /** The object whose change is being applied (what `push` keys its facts by). */
  private source: Source | undefined;
  /** Services whose baseline (or creation time) changed in the batch being applied. */
  private readonly pendingBaselines = new Set<string>();

  constructor(options: ServiceHistoryOptions = {}) {
    this.maxEntries = options.maxEntriesPerService ?? 500;
    this.maxAgeMs = options.maxAgeMs ?? DAY_MS;
    this.now = options.now ?? Date.now;
    this.sink = options.sink;
    this.lastSweep = this.now();
  }

  /** Applies one change batch. `initial` marks the first sync: its additions are not "changes". */
  apply(batch: ChangeBatchLike, options: { initial?: boolean } = {}): void {
    const initial = options.initial ?? false;
    const touched = new Map<string, Source>();
    const touch = (services: Iterable<string>) => {
      for (const service of services) touched.set(service, this.source!);
    };
    for (const record of batch.upserts) {
      this.source = { uid: record.meta.uid, version: record.meta.resourceVersion };
      switch (record.kind) {
        case 'Service':
          this.onService(record, initial);
          break;
        case 'Pod':
          this.onPod(record, initial);
          break;
        case 'EndpointSlice':
          touch(this.endpoints.updateSlice(record));
          break;
        case 'Endpoints':
          touch(this.endpoints.updateEndpoints(record));
          break;
        case 'Event':
          this.recordEvent(record);
          break;
        default:
          if (isWorkload(record)) this.onWorkload(record, initial);
          break;
      }
    }
    for (const ref of batch.deletes) {
      this.source = { uid: ref.uid, version: 'deleted' };
      this.onDelete(ref, touch);
    }
    for (const [service, source] of touched) this.recompute(service, initial, source);
    this.source = undefined;
    if (batch.upserts.some((r) => r.kind !== 'Event')) this.placeEvents();
    this.emitBaselines();
    this.sweep();
  }

  /**
   * Rebuilds trails from stored facts (baselines, then entries oldest first). Called once,
   * before the first `apply`; what it rebuilds is trimmed to this history's bounds as usual.
   */
  restore(stored: StoredHistory): void {
    for (const baseline of stored.baselines)
      this.tracks.set(baseline.service, restoredTrack(baseline, baseline.at));
    for (const fact of stored.entries) {
      let track = this.tracks.get(fact.service);
      if (!track) this.tracks.set(fact.service, (track = restoredTrack(undefined, fact.time)));
      insertEntry(track, fact.time, fact.entry, this.bounds());
      if (fact.entry.type === 'event') this.seenEvents.set(fact.sourceUid, fact.entry.count);
    }
    for (const track of this.tracks.values()) if (track.restored) settleRestored(track);
  }

  private emit(service: string, time: number, entry: TimelineEntry, source = this.source): void {
    if (!this.sink || !source) return;
    this.sink({
      kind: 'entry',
      service,
      time,
      sourceUid: source.uid,
      sourceVersion: source.version,
      entryKey: entryKeyOf(entry),
      entry,
    });
  }

  private emitBaselines(): void {
    if (this.sink) {
      for (const service of this.pendingBaselines) {
        const track = this.tracks.get(service);
        if (track) this.sink(baselineFact(service, track));
      }
    }
    this.pendingBaselines.clear();
  }

  /**
   * Forgets the trails of Services that no longer exist, have no endpoints and nothing newer than
   * the age limit — so a cluster that keeps creating and deleting Services (CI namespaces) does
   * not grow the history without bound. Runs at most once per `maxAgeMs / 24`.
   */
  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < this.maxAgeMs / 24) return;
    this.lastSweep = now;
    const live = new Set<string>();
    for (const service of this.services.values()) live.add(serviceKey(service));
    for (const [key, track] of this.tracks) {
      const newest = track.entries[track.entries.length - 1]?.time ?? track.baselineAt;
      if (!live.has(key) && track.current.size === 0 && now - newest > this.maxAgeMs)
        this.tracks.delete(key);
    }
  }

  private onService(record: ServiceRecord, initial: boolean): void {
    const key = serviceKey(record);
    const previous = this.services.get(record.meta.uid);
    this.services.set(record.meta.uid, record);
    addTo(this.servicesByNamespace, record.meta.namespace, record.meta.uid);
    const track = this.track(key);
    if (track.createdAt === undefined && record.meta.creationTimestamp) {
      const created = Date.parse(record.meta.creationTimestamp);
      // It existed when seen: a cluster clock ahead of ours must not make "now" read "not created".
      if (Number.isFinite(created)) track.createdAt = Math.min(created, this.now());
      this.pendingBaselines.add(key);
    }
    if (initial) return;
    if (!previous) {
      this.push(key, withAuthor({ type: 'service', change: 'created' }, record, 'any'));
      return;
    }
    for (const change of serviceSpecChanges(previous, record)) {
      const field = change.type === 'spec' && change.field === 'selector' ? 'selector' : 'any';
      this.push(key, withAuthor(change, record, field));
    }
  }

  private onPod(record: PodRecord, initial: boolean): void {
    const previous = this.pods.get(record.meta.uid);
    this.pods.set(record.meta.uid, record);
    if (initial || !previous || sameLabels(previous.meta.labels, record.meta.labels)) return;
    for (const uid of this.servicesByNamespace.get(record.meta.namespace) ?? []) {
      const service = this.services.get(uid);
      const move = service && podSelectorMove(service, previous, record);
      if (service && move) this.push(serviceKey(service), withAuthor(move, record, 'any'));
    }
  }

  /**
   * The Services a workload's changes belong to: those in its namespace whose selector matches
   * its pod template's labels, before or after the change. A workload another one controls (a
   * Deployment's ReplicaSets) is its owner's business: its changes are not listed.
   */
  private servicesOfWorkload(...versions: WorkloadRecord[]): string[] {
    const out = new Set<string>();
    const namespace = versions[0]?.meta.namespace ?? '';
    for (const uid of this.servicesByNamespace.get(namespace) ?? []) {
      const service = this.services.get(uid);
      if (
        service &&
        versions.some((w) => !w.owner && selectorMatches(service.selector, w.templateLabels))
      )
        out.add(serviceKey(service));
    }
    return [...out];
  }

  private onWorkload(record: WorkloadRecord, initial: boolean): void {
    const previous = this.workloads.get(record.meta.uid);
    this.workloads.set(record.meta.uid, record);
    this.workloadsByName.set(
      workloadKey(record.kind, record.meta.namespace, record.meta.name),
      record.meta.uid,
    );
    if (initial) return;
    const changes = workloadChanges(previous, record);
    if (changes.length === 0) return;
    const versions = previous ? [previous, record] : [record];
    for (const service of this.servicesOfWorkload(...versions))
      for (const change of changes) this.push(service, change);
  }

  private onDelete(
    ref: { kind: string; uid: string },
    touch: (services: Iterable<string>) => void,
  ): void {
    touch(this.endpoints.delete(ref.kind, ref.uid));
    if (ref.kind === 'EndpointSlice' || ref.kind === 'Endpoints') return;
    if (ref.kind === 'Service') {
      const previous = this.services.get(ref.uid);
      if (!previous) return;
      this.services.delete(ref.uid);
      this.servicesByNamespace.get(previous.meta.namespace)?.delete(ref.uid);
      this.push(serviceKey(previous), { type: 'service', change: 'deleted' });
    } else if (ref.kind === 'Pod') {
      this.pods.delete(ref.uid);
    } else if (this.workloads.has(ref.uid)) {
      const previous = this.workloads.get(ref.uid)!;
      this.workloads.delete(ref.uid);
      this.workloadsByName.delete(
        workloadKey(previous.kind, previous.meta.namespace, previous.meta.name),
      );
      for (const service of this.servicesOfWorkload(previous))
        this.push(service, workloadDeleted(previous));
    } else if (ref.kind === 'Event') {
      this.seenEvents.delete(ref.uid);
      this.unplacedEvents.delete(ref.uid);
    }
  }

  private track(service: string): ServiceTrack {
    let track = this.tracks.get(service);
    if (!track) {
      track = newTrack(this.now());
      this.tracks.set(service, track);
      this.pendingBaselines.add(service);
    }
    return track;
  }

  /** Appends one entry at the current time (causes come before the endpoint effects they cause). */
  private push(service: string, change: TrailChange): void {
    const time = this.now();
    const entry = { at: new Date(time).toISOString(), ...change } as TimelineEntry;
    insertEntry(this.track(service), time, entry, this.bounds());
    this.emit(service, time, entry);
  }

  private bounds(): TrackBounds {
    return { maxEntries: this.maxEntries, cutoff: this.now() - this.maxAgeMs };
  }

  private recompute(service: string, initial: boolean, source: Source): void {
    const track = this.track(service);
    const next = this.endpoints.current(service);
    const time = this.now();
    const changes = endpointChanges(track.current, next, new Date(time).toISOString(), initial);
    const namespace = service.slice(0, service.indexOf('/'));
    const podsNow = new Set<string>();
    for (const after of next.values()) {
      if (after.pod) podsNow.add(after.pod);
    }
    for (const before of track.current.values()) {
      if (before.pod && !podsNow.has(before.pod))
        this.servicesByPod.remove(`${namespace}/${before.pod}`, service, time);
    }
    for (const pod of podsNow) this.servicesByPod.add(`${namespace}/${pod}`, service);
    track.current = next;
    if (initial && !track.restored && !track.entries.some((e) => e.entry.type === 'endpoint')) {
      // What was there when we started watching is the baseline, not history — also when an
      // Event or a workload's change reached this trail first (the kinds finish their first list
      // in no fixed order). Only endpoint entries fold into the baseline, so while there are none
      // replacing it keeps every replay exact.
      track.baseline = new Map(next);
      this.pendingBaselines.add(service);
      return;
    }
    for (const entry of changes) {
      track.entries.push({ time, entry });
      this.emit(service, time, entry, source);
    }
    trimTrack(track, this.bounds());
  }

  private recordEvent(event: EventRecord): void {
    if (this.seenEvents.get(event.meta.uid) === event.count) return;
    const services = this.servicesOfEvent(event);
    if (services.size === 0) {
      this.unplacedEvents.set(event.meta.uid, event);
      return;
    }
    this.unplacedEvents.delete(event.meta.uid);
    this.seenEvents.set(event.meta.uid, event.count);
    const involved = event.involved;
    const parsed = event.lastTimestamp ? Date.parse(event.lastTimestamp) : NaN;
    const time = Number.isFinite(parsed) ? parsed : this.now();
    const entry: TimelineEntry = {
      at: new Date(time).toISOString(),
      type: 'event',
      eventType: event.type,
      reason: event.reason,
      message: event.message,
      object: `${involved.kind}/${involved.name}`,
      count: event.count,
    };
    for (const service of services) {
      insertEntry(this.track(service), time, entry, this.bounds());
      this.emit(service, time, entry, { uid: event.meta.uid, version: String(event.count) });
    }
  }

  /** The Services an Event's object belongs to now. */
  private servicesOfEvent(event: EventRecord): Set<string> {
    const involved = event.involved;
    const namespace = involved.namespace ?? event.meta.namespace;
    const services = new Set<string>();
    if (involved.kind === 'Service' || involved.kind === 'Endpoints')
      services.add(`${namespace}/${involved.name}`);
    if (involved.kind === 'EndpointSlice') {
      const service = involved.uid ? this.endpoints.sliceService(involved.uid) : undefined;
      if (service) services.add(service);
    }
    if (involved.kind === 'Pod') {
      for (const service of this.servicesByPod.servicesOf(
        `${namespace}/${involved.name}`,
        this.now(),
      ))
        services.add(service);
    }
    const workload = this.workloadOf(involved.kind, namespace, involved.name);
    if (workload) {
      // A ReplicaSet's Events (its pods created, deleted) belong where its owner's would.
      const top =
        (workload.owner && this.workloadOf(workload.owner.kind, namespace, workload.owner.name)) ||
        workload;
      for (const service of this.servicesOfWorkload(top)) services.add(service);
    }
    return services;
  }

  /** Places the Events that belonged to no Service when they arrived; drops the too old. */
  private placeEvents(): void {
    const oldest = this.now() - this.maxAgeMs;
    for (const [uid, event] of this.unplacedEvents) {
      const at = event.lastTimestamp ? Date.parse(event.lastTimestamp) : NaN;
      if (Number.isFinite(at) && at < oldest) this.unplacedEvents.delete(uid);
      else this.recordEvent(event);
    }
  }

  private workloadOf(kind: string, namespace: string, name: string): WorkloadRecord | undefined {
    const uid = this.workloadsByName.get(workloadKey(kind, namespace, name));
    return uid ? this.workloads.get(uid) : undefined;
  }

  /** The trail of one Service, oldest first, optionally only entries at or after `sinceMs`. */
  entries(namespace: string, name: string, sinceMs?: number): TimelineEntry[] {
    const track = this.tracks.get(`${namespace}/${name}`);
    if (!track) return [];
    return track.entries
      .filter((e) => sinceMs === undefined || e.time >= sinceMs)
      .map((e) => e.entry);
  }

  /**
   * Every Service's entries with `from < time ≤ to`, oldest first (ties in trail order): what the
   * whole-map diff (`/api/changes`) lists.
   */
  entriesBetween(from: number, to: number): TrailItem[] {
    const out: TrailItem[] = [];
    for (const [key, track] of this.tracks) {
      const slash = key.indexOf('/');
      const namespace = key.slice(0, slash);
      const name = key.slice(slash + 1);
      for (const { time, entry } of track.entries) {
        if (time > from && time <= to) out.push({ namespace, name, time, entry });
      }
    }
    return out.sort((a, b) => a.time - b.time);
  }

  /**
   * The Service's endpoints as they were at `time`, or "no data" (with the reason and since
   * when there is data) for a time the history cannot answer for.
   */
  stateAt(namespace: string, name: string, time: number): EndpointsAt {
    return trackStateAt(this.tracks.get(`${namespace}/${name}`), time);
  }

  /** Since when this Service's history is exact: before it, `stateAt` answers "no data". */
  retainedSince(namespace: string, name: string): string | undefined {
    const track = this.tracks.get(`${namespace}/${name}`);
    return track ? new Date(track.baselineAt).toISOString() : undefined;
  }
}
