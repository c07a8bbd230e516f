/**
 * A Service's timeline as one viewer may see it: the Service is visible (the route checked), but
 * its entries name other kinds — pods, workloads, Events, nodes — in the same namespace, and
 * only what the viewer may list of those stays.
 *
 * Contract: `EVERYTHING` gets the timeline itself; otherwise entries about a kind the viewer may
 * not list in that namespace are dropped, and endpoint entries keep their address (the Service's
 * own endpoints) but lose the pod and node names the viewer may not see; `visibleTrailEntries`
 * applies the same to the whole map's trail items, leaving out Services the viewer may not see.
 * Isomorphic.
 */
import type { EndpointSnapshot, ServiceTimeline, TimelineEntry } from '../api/diagnostics';
import type { ServiceTrailEntry } from '../api/history';
import type { TrailItem } from '../diagnostics/service-history';
import type { RecordKind } from '../topology/records';
import { canSee, type AccessScope } from './scope';

const WORKLOAD_KINDS = new Set<string>(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

export function visibleTimeline(
  scope: AccessScope,
  namespace: string,
  timeline: ServiceTimeline,
): ServiceTimeline {
  if (scope.everything) return timeline;
  const sees = (kind: RecordKind) => canSee(scope, kind, kind === 'Node' ? '' : namespace);
  const names = <T extends { pod?: string; nodeName?: string }>(item: T): T => {
    const out = { ...item };
    if (!sees('Pod')) delete out.pod;
    if (!sees('Node')) delete out.nodeName;
    return out;
  };
  const entries = timeline.entries.flatMap((entry): TimelineEntry[] => {
    switch (entry.type) {
      case 'endpoint':
        return sees('EndpointSlice') || sees('Endpoints') ? [names(entry)] : [];
      case 'event':
        return sees('Event') ? [entry] : [];
      case 'pod-labels':
        return sees('Pod') ? [entry] : [];
      case 'workload':
      case 'rollout':
        return WORKLOAD_KINDS.has(entry.workload.kind) && sees(entry.workload.kind as RecordKind)
          ? [entry]
          : [];
      default:
        return [entry];
    }
  });
  const state = timeline.state && {
    ...timeline.state,
    endpoints: timeline.state.endpoints.map((e: EndpointSnapshot) => names(e)),
  };
  return { ...timeline, entries, ...(state ? { state } : {}) };
}

/**
 * Trail items as `scope` may see them (the Service visible; within its entries what the timeline
 * route would keep), optionally of one namespace, in the order given (oldest first as stored: an
 * Event's `at` is its own time, not when it was recorded).
 */
export function visibleTrailEntries(
  scope: AccessScope,
  items: readonly TrailItem[],
  namespace?: string,
): ServiceTrailEntry[] {
  const entries: ServiceTrailEntry[] = [];
  for (const item of items) {
    if (namespace !== undefined && item.namespace !== namespace) continue;
    if (!canSee(scope, 'Service', item.namespace)) continue;
    const service = { namespace: item.namespace, name: item.name };
    const [entry] = visibleTimeline(scope, item.namespace, {
      service: `${item.namespace}/${item.name}`,
      entries: [item.entry],
    }).entries;
    if (entry) entries.push({ ...entry, service });
  }
  return entries;
}
