/**
 * Which endpoints each Service has now, kept from the EndpointSlices and v1 Endpoints of the
 * cache's change batches: the history's "current" side, diffed against to find endpoint changes.
 *
 * Contract: a Service's endpoint set is the union of its EndpointSlices (by the
 * `kubernetes.io/service-name` label), or its v1 Endpoints when it has no slices — the same rule
 * as the map. Each update or delete answers the service keys (`namespace/name`) whose set may
 * have changed; deletes arrive by uid only, so what each uid contributed is remembered.
 */
import type { EndpointSliceRecord, EndpointsRecord } from '../topology/records';
import {
  legacyEndpoints,
  mergeEndpointSets,
  sliceEndpoints,
  type EndpointSet,
} from './endpoint-sets';

interface Contribution {
  service: string;
  endpoints: EndpointSet;
}

export class EndpointIndex {
  private readonly slices = new Map<string, Contribution>();
  private readonly legacy = new Map<string, Contribution>();
  /** service key → uids of its slices, and of its v1 Endpoints. */
  private readonly slicesByService = new Map<string, Set<string>>();
  private readonly legacyByService = new Map<string, string>();

  /** The service key of a slice, by the slice's uid. */
  sliceService(uid: string): string | undefined {
    return this.slices.get(uid)?.service;
  }

  updateSlice(record: EndpointSliceRecord): string[] {
    const uid = record.meta.uid;
    const service = record.serviceName
      ? `${record.meta.namespace}/${record.serviceName}`
      : undefined;
    const touched: string[] = [];
    const previous = this.slices.get(uid);
    if (previous && previous.service !== service)
      touched.push(...this.delete('EndpointSlice', uid));
    if (!service) return touched;
    this.slices.set(uid, { service, endpoints: sliceEndpoints(record) });
    let set = this.slicesByService.get(service);
    if (!set) this.slicesByService.set(service, (set = new Set()));
    set.add(uid);
    return [...touched, service];
  }

  updateEndpoints(record: EndpointsRecord): string[] {
    const service = `${record.meta.namespace}/${record.meta.name}`;
    this.legacy.set(record.meta.uid, { service, endpoints: legacyEndpoints(record) });
    this.legacyByService.set(service, record.meta.uid);
    return [service];
  }

  /** Forgets a slice or Endpoints by uid; other kinds are not this index's. */
  delete(kind: string, uid: string): string[] {
    if (kind === 'EndpointSlice') {
      const previous = this.slices.get(uid);
      if (!previous) return [];
      this.slices.delete(uid);
      const set = this.slicesByService.get(previous.service);
      set?.delete(uid);
      if (set?.size === 0) this.slicesByService.delete(previous.service);
      return [previous.service];
    }
    if (kind === 'Endpoints') {
      const previous = this.legacy.get(uid);
      if (!previous) return [];
      this.legacy.delete(uid);
      if (this.legacyByService.get(previous.service) === uid)
        this.legacyByService.delete(previous.service);
      return [previous.service];
    }
    return [];
  }

  /** The Service's endpoints now. */
  current(service: string): EndpointSet {
    const uids = this.slicesByService.get(service);
    if (uids && uids.size > 0) {
      return mergeEndpointSets(
        [...uids].flatMap((uid) => {
          const slice = this.slices.get(uid);
          return slice ? [slice.endpoints] : [];
        }),
      );
    }
    const legacy = this.legacyByService.get(service);
    const entry = legacy ? this.legacy.get(legacy) : undefined;
    return entry ? new Map(entry.endpoints) : new Map();
  }
}
