/**
 * Topology hints in EndpointSlices (upstream staging/src/k8s.io/endpointslice/trafficdist/
 * trafficdist.go and topologycache.RemoveHintsFromSlices, as reconciler.go applies them): for a
 * Service with `spec.trafficDistribution: PreferClose` every ready endpoint gets
 * `hints.forZones: [{name: <its zone>}]` — no hint when it has no zone — and not-ready endpoints
 * are left as they are; otherwise every hint is removed. Slices being created or updated get
 * their hints set; an unchanged slice is updated only if a hint is missing, wrong or stale.
 *
 * The field is honoured from 1.31 (ServiceTrafficDistribution beta; alpha and off by default in
 * 1.30). The topology-aware-hints annotation (`service.kubernetes.io/topology-mode: Auto`, or the
 * older `service.kubernetes.io/topology-aware-hints`) takes precedence over the field, as
 * upstream: its proportional, CPU-weighted hints are not simulated, so such a Service gets none.
 * PreferSameZone / PreferSameNode are alpha and off in 1.33, so they count as unset.
 */
import type { KubeObject } from '../../core/types';
import type { ServiceLike } from '../util';
import type { Plan } from './reconciler';
import type { EndpointSlice, SliceEndpoint } from './utils';

const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints';

/** upstream hintsEnabled: the older annotation wins when both are set. */
export function topologyHintsRequested(annotations: Record<string, string> | undefined): boolean {
  const value = annotations?.[TOPOLOGY_AWARE_HINTS] ?? annotations?.[TOPOLOGY_MODE];
  return value === 'Auto' || value === 'auto';
}

/**
 * The trafficDistribution the reconciler applies (upstream validTrafficDistribution &&
 * !hintsEnabled), or undefined for cluster-wide routing.
 */
export function effectiveTrafficDistribution(
  minorVersion: number,
  service: KubeObject,
): string | undefined {
  const trafficDistribution = (service as ServiceLike).spec?.trafficDistribution;
  if (minorVersion < 31 || trafficDistribution !== 'PreferClose') return undefined;
  if (topologyHintsRequested(service.metadata.annotations)) return undefined;
  return trafficDistribution;
}

const isReady = (endpoint: SliceEndpoint) => endpoint.conditions.ready === true;

interface Heuristic {
  needsUpdate(slice: EndpointSlice): boolean;
  update(slice: EndpointSlice): void;
}

/** No trafficDistribution: cluster-wide routing, so no endpoint carries a hint. */
const clusterWide: Heuristic = {
  needsUpdate: (slice) => (slice.endpoints ?? []).some((e) => e.hints !== undefined),
  update(slice) {
    for (const endpoint of slice.endpoints ?? []) delete endpoint.hints;
  },
};

/** PreferClose: each ready endpoint hinted for its own zone. */
const preferClose: Heuristic = {
  needsUpdate(slice) {
    return (slice.endpoints ?? []).some((e) => {
      if (!isReady(e)) return false;
      const zones = e.hints?.forZones ?? [];
      if (e.zone !== undefined) {
        if (zones.length !== 1 || zones[0]?.name !== e.zone) return true;
      } else if (zones.length > 0) return true;
      return (e.hints?.forNodes ?? []).length > 0;
    });
  },
  update(slice) {
    for (const endpoint of slice.endpoints ?? []) {
      if (!isReady(endpoint)) continue;
      if (endpoint.zone !== undefined) endpoint.hints = { forZones: [{ name: endpoint.zone }] };
      else delete endpoint.hints;
    }
  },
};

/**
 * upstream ReconcileHints: unchanged slices needing a hint change join the updates (as copies:
 * they are the cache's), then every slice to create or update gets its hints. Any value but
 * PreferClose means cluster-wide routing.
 */
export function reconcileHints(
  trafficDistribution: string | undefined,
  plan: Plan,
  unchanged: readonly EndpointSlice[],
): void {
  const heuristic = trafficDistribution === 'PreferClose' ? preferClose : clusterWide;
  for (const slice of unchanged) {
    if (heuristic.needsUpdate(slice)) plan.toUpdate.push(structuredClone(slice) as EndpointSlice);
  }
  for (const slice of [...plan.toCreate, ...plan.toUpdate]) heuristic.update(slice);
}
