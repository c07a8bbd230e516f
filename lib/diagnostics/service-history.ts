/**
 * A bounded history of each Service's endpoint changes and of the Kubernetes Events of the
 * objects involved: a Service's timeline ("what changed?", "what did this Service look like
 * at 03:12?").
 *
 * Contract: fed the cache's change batches (lib/k8s/cache.ts) in order; keeps at most
 * `maxEntriesPerService` entries per Service and nothing older than `maxAgeMs` (24 h). Entries
 * that fall out are folded into a per-Service baseline, so `stateAt(t)` stays exact for any t
 * inside the retained window. A Service's endpoint set is the union of its EndpointSlices (by the
 * `kubernetes.io/service-name` label), or its v1 Endpoints when it has no slices — the same rule
 * as the map. The entry shapes are the API's (lib/api/diagnostics.ts). Pure (no I/O); the server owns one instance per cluster (lib/diagnostics/server.ts).
 */
import type {
  EndpointSliceRecord,
  EndpointsRecord,
  EventRecord,
  SlimRecord,
} from '../topology/records';
import type {
  EndpointSnapshot,
  EndpointState,
  EndpointsAt,
  TimelineEntry,
} from '../api/diagnostics';

interface ServiceTrack {
  baseline: Map<string, EndpointSnapshot>;
  baselineAt: number;
  entries: { time: number; entry: TimelineEntry }[];
  current: Map<string, EndpointSnapshot>;
}

export interface ServiceHistoryOptions {
  maxEntriesPerService?: number;
  maxAgeMs?: number;
  now?: () => number;
}

interface ChangeBatchLike {
  upserts: SlimRecord[];
  deletes: { kind: string; uid: string }[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function sliceState(e: EndpointSliceRecord['endpoints'][number]): EndpointState {
  if (e.terminating) return 'terminating';
  if (e.ready !== false) return 'ready';
  if (e.serving) return 'serving';
  return 'not-ready';
}

function sliceEndpoints(slice: EndpointSliceRecord): Map<string, EndpointSnapshot> {
  const out = new Map<string, EndpointSnapshot>();
  for (const endpoint of slice.endpoints) {
    const address = endpoint.addresses[0];
    if (!address) continue;
    const snapshot: EndpointSnapshot = { address, state: sliceState(endpoint) };
    if (endpoint.targetRef?.kind === 'Pod') snapshot.pod = endpoint.targetRef.name;
    if (endpoint.nodeName) snapshot.nodeName = endpoint.nodeName;
    out.set(address, snapshot);
  }
  return out;
}

function legacyEndpoints(endpoints: EndpointsRecord): Map<string, EndpointSnapshot> {
  const out = new Map<string, EndpointSnapshot>();
  for (const subset of endpoints.subsets) {
    for (const [list, state] of [
      [subset.addresses, 'ready'],
      [subset.notReadyAddresses, 'not-ready'],
    ] as const) {
      for (const address of list) {
        const snapshot: EndpointSnapshot = { address: address.ip, state };
        if (address.targetRef?.kind === 'Pod') snapshot.pod = address.targetRef.name;
        if (address.nodeName) snapshot.nodeName = address.nodeName;
        out.set(address.ip, snapshot);
      }
    }
  }
  return out;
}

const STATE_RANK: Record<EndpointState, number> = {
  ready: 0,
  serving: 1,
  terminating: 2,
  'not-ready': 3,
};

export class ServiceHistory {
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly tracks = new Map<string, ServiceTrack>();
  /** EndpointSlice uid → its service key and endpoints, so deletes (uid only) can be undone. */
  private readonly slices = new Map<
    string,
    { service: string; endpoints: Map<string, EndpointSnapshot> }
  >();
  /** Endpoints uid → service key and endpoints. */
  private readonly legacy = new Map<
    string,
    { service: string; endpoints: Map<string, EndpointSnapshot> }
  >();
  /** service key → slice uids. */
  private readonly slicesByService = new Map<string, Set<string>>();
  /** `namespace/pod` → the Services whose endpoints currently include that pod. */
  private readonly servicesByPod = new Map<string, Set<string>>();
  /** Event uids already recorded at their current count. */
  private readonly seenEvents = new Map<string, number>();

  constructor(options: ServiceHistoryOptions = {}) {
    this.maxEntries = options.maxEntriesPerService ?? 500;
    this.maxAgeMs = options.maxAgeMs ?? DAY_MS;
    this.now = options.now ?? Date.now;
  }

  /** Applies one change batch. `initial` marks the first sync: its additions are not "changes". */
  apply(batch: ChangeBatchLike, options: { initial?: boolean } = {}): void {
    const touched = new Set<string>();
    for (const record of batch.upserts) {
      if (record.kind === 'EndpointSlice') {
        const service = record.serviceName
          ? `${record.meta.namespace}/${record.serviceName}`
          : undefined;
        const previous = this.slices.get(record.meta.uid);
        if (previous && previous.service !== service) {
          this.slicesByService.get(previous.service)?.delete(record.meta.uid);
          touched.add(previous.service);
        }
        if (!service) {
          this.slices.delete(record.meta.uid);
          continue;
        }
        this.slices.set(record.meta.uid, { service, endpoints: sliceEndpoints(record) });
        let set = this.slicesByService.get(service);
        if (!set) this.slicesByService.set(service, (set = new Set()));
        set.add(record.meta.uid);
        touched.add(service);
      } else if (record.kind === 'Endpoints') {
        const service = `${record.meta.namespace}/${record.meta.name}`;
        this.legacy.set(record.meta.uid, { service, endpoints: legacyEndpoints(record) });
        touched.add(service);
      } else if (record.kind === 'Event') {
        this.recordEvent(record);
      }
    }
    for (const ref of batch.deletes) {
      if (ref.kind === 'EndpointSlice') {
        const previous = this.slices.get(ref.uid);
        if (!previous) continue;
        this.slices.delete(ref.uid);
        this.slicesByService.get(previous.service)?.delete(ref.uid);
        touched.add(previous.service);
      } else if (ref.kind === 'Endpoints') {
        const previous = this.legacy.get(ref.uid);
        if (!previous) continue;
        this.legacy.delete(ref.uid);
        touched.add(previous.service);
      }
    }
    for (const service of touched) this.recompute(service, options.initial ?? false);
  }

  private merged(service: string): Map<string, EndpointSnapshot> {
    const uids = this.slicesByService.get(service);
    const out = new Map<string, EndpointSnapshot>();
    if (uids && uids.size > 0) {
      for (const uid of uids) {
        for (const [address, snapshot] of this.slices.get(uid)?.endpoints ?? []) {
          const existing = out.get(address);
          // An address listed by two slices (mid-rollover) counts with its best condition.
          if (!existing || STATE_RANK[snapshot.state] < STATE_RANK[existing.state])
            out.set(address, snapshot);
        }
      }
      return out;
    }
    for (const entry of this.legacy.values()) {
      if (entry.service === service) return new Map(entry.endpoints);
    }
    return out;
  }

  private track(service: string): ServiceTrack {
    let track = this.tracks.get(service);
    if (!track) {
      track = { baseline: new Map(), baselineAt: this.now(), entries: [], current: new Map() };
      this.tracks.set(service, track);
    }
    return track;
  }

  private recompute(service: string, initial: boolean): void {
    const track = this.track(service);
    const next = this.merged(service);
    const time = this.now();
    const at = new Date(time).toISOString();
    const changes: TimelineEntry[] = [];
    for (const [address, after] of next) {
      const before = track.current.get(address);
      if (!before) {
        changes.push({
          at,
          type: 'endpoint',
          change: 'added',
          address,
          to: after.state,
          ...(after.pod ? { pod: after.pod } : {}),
          ...(after.nodeName ? { nodeName: after.nodeName } : {}),
          ...(initial ? { initial: true } : {}),
        });
      } else if (before.state !== after.state) {
        changes.push({
          at,
          type: 'endpoint',
          change: 'changed',
          address,
          from: before.state,
          to: after.state,
          ...(after.pod ? { pod: after.pod } : {}),
          ...(after.nodeName ? { nodeName: after.nodeName } : {}),
        });
      }
    }
    for (const [address, before] of track.current) {
      if (next.has(address)) continue;
      changes.push({
        at,
        type: 'endpoint',
        change: 'removed',
        address,
        from: before.state,
        ...(before.pod ? { pod: before.pod } : {}),
        ...(before.nodeName ? { nodeName: before.nodeName } : {}),
      });
    }
    const namespace = service.slice(0, service.indexOf('/'));
    for (const before of track.current.values()) {
      if (before.pod) this.servicesByPod.get(`${namespace}/${before.pod}`)?.delete(service);
    }
    for (const after of next.values()) {
      if (!after.pod) continue;
      const key = `${namespace}/${after.pod}`;
      let set = this.servicesByPod.get(key);
      if (!set) this.servicesByPod.set(key, (set = new Set()));
      set.add(service);
    }
    track.current = next;
    if (initial && track.entries.length === 0) {
      // What was there when we started watching is the baseline, not history.
      track.baseline = new Map(next);
      track.baselineAt = time;
      return;
    }
    for (const entry of changes) track.entries.push({ time, entry });
    this.trim(track);
  }

  private recordEvent(event: EventRecord): void {
    const involved = event.involved;
    if (this.seenEvents.get(event.meta.uid) === event.count) return;
    this.seenEvents.set(event.meta.uid, event.count);
    const namespace = involved.namespace ?? event.meta.namespace;
    const services = new Set<string>();
    if (involved.kind === 'Service' || involved.kind === 'Endpoints')
      services.add(`${namespace}/${involved.name}`);
    if (involved.kind === 'EndpointSlice') {
      const slice = involved.uid ? this.slices.get(involved.uid) : undefined;
      if (slice) services.add(slice.service);
    }
    if (involved.kind === 'Pod') {
      for (const service of this.servicesByPod.get(`${namespace}/${involved.name}`) ?? [])
        services.add(service);
    }
    const parsed = event.lastTimestamp ? Date.parse(event.lastTimestamp) : NaN;
    const time = Number.isFinite(parsed) ? parsed : this.now();
    for (const service of services) {
      const track = this.track(service);
      const entry: TimelineEntry = {
        at: new Date(time).toISOString(),
        type: 'event',
        eventType: event.type,
        reason: event.reason,
        message: event.message,
        object: `${involved.kind}/${involved.name}`,
        count: event.count,
      };
      // Keep entries in time order even when an event's timestamp is older than the last change.
      let index = track.entries.length;
      while (index > 0 && (track.entries[index - 1]?.time ?? 0) > time) index -= 1;
      track.entries.splice(index, 0, { time, entry });
      this.trim(track);
    }
  }

  private trim(track: ServiceTrack): void {
    const cutoff = this.now() - this.maxAgeMs;
    while (
      track.entries.length > this.maxEntries ||
      (track.entries.length > 0 && (track.entries[0]?.time ?? 0) < cutoff)
    ) {
      const oldest = track.entries.shift();
      if (!oldest) break;
      this.fold(track.baseline, oldest.entry);
      track.baselineAt = oldest.time;
    }
  }

  private fold(state: Map<string, EndpointSnapshot>, entry: TimelineEntry): void {
    if (entry.type !== 'endpoint') return;
    if (entry.change === 'removed') {
      state.delete(entry.address);
      return;
    }
    const snapshot: EndpointSnapshot = { address: entry.address, state: entry.to ?? 'ready' };
    if (entry.pod) snapshot.pod = entry.pod;
    if (entry.nodeName) snapshot.nodeName = entry.nodeName;
    state.set(entry.address, snapshot);
  }

  /** The timeline of one Service, oldest first, optionally only entries at or after `sinceMs`. */
  entries(namespace: string, name: string, sinceMs?: number): TimelineEntry[] {
    const track = this.tracks.get(`${namespace}/${name}`);
    if (!track) return [];
    return track.entries
      .filter((e) => sinceMs === undefined || e.time >= sinceMs)
      .map((e) => e.entry);
  }

  /** The Service's endpoints as they were at `time` (within the retained window), by address. */
  stateAt(namespace: string, name: string, time: number): EndpointsAt {
    const track = this.tracks.get(`${namespace}/${name}`);
    if (!track) return { endpoints: [], exact: false };
    const state = new Map(track.baseline);
    for (const { time: entryTime, entry } of track.entries) {
      if (entryTime > time) break;
      this.fold(state, entry);
    }
    const endpoints = [...state.values()].sort((a, b) => a.address.localeCompare(b.address));
    return { endpoints, exact: time >= track.baselineAt };
  }

  /** Since when this Service's history is exact. */
  retainedSince(namespace: string, name: string): string | undefined {
    const track = this.tracks.get(`${namespace}/${name}`);
    return track ? new Date(track.baselineAt).toISOString() : undefined;
  }
}
