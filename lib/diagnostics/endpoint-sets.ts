/**
 * A Service's endpoint set as the history keeps it: address → condition (and pod, node), read
 * from its EndpointSlices or, when it has none, its v1 Endpoints — the same rule as the map.
 *
 * Contract: pure functions over slim records (lib/topology/records.ts); the condition order of
 * EndpointSlice endpoints follows upstream's meaning of `ready`/`serving`/`terminating`, where an
 * absent `ready` is unknown and counts as ready. An address listed twice (two slices
 * mid-rollover) counts with its best condition.
 */
import type { EndpointSliceRecord, EndpointsRecord } from '../topology/records';
import type { EndpointSnapshot, EndpointState } from '../api/diagnostics';

export type EndpointSet = Map<string, EndpointSnapshot>;

const STATE_RANK: Record<EndpointState, number> = {
  ready: 0,
  serving: 1,
  terminating: 2,
  'not-ready': 3,
};

function sliceState(e: EndpointSliceRecord['endpoints'][number]): EndpointState {
  if (e.terminating) return 'terminating';
  if (e.ready !== false) return 'ready';
  if (e.serving) return 'serving';
  return 'not-ready';
}

export function sliceEndpoints(slice: EndpointSliceRecord): EndpointSet {
  const out: EndpointSet = new Map();
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

export function legacyEndpoints(endpoints: EndpointsRecord): EndpointSet {
  const out: EndpointSet = new Map();
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

/** The union of several slices' endpoints, each address with its best condition. */
export function mergeEndpointSets(sets: Iterable<EndpointSet>): EndpointSet {
  const out: EndpointSet = new Map();
  for (const set of sets) {
    for (const [address, snapshot] of set) {
      const existing = out.get(address);
      if (!existing || STATE_RANK[snapshot.state] < STATE_RANK[existing.state])
        out.set(address, snapshot);
    }
  }
  return out;
}
