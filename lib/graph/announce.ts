/**
 * What changed between two topologies, in words for the polite live region
 * (components/outline/use-announcer.ts): Services, and the workloads drawn beside them
 * ("Deployment shop/api: 0 of 2 pods ready (was 2 of 2)"). Pure.
 *
 * Contract: a workload is announced only when its counts or state change, never when it merely
 * appears or leaves the drawing (a filter or a collapsed group would otherwise flood the region).
 * A Service's health that was not known yet (lib/graph/problems.ts `healthPending`: a DNS answer
 * pending) is learnt, not changed: the first answer is never announced as "is now broken".
 * A Service whose endpoints cannot be judged is announced with why (describe.ts
 * `ENDPOINTS_NOT_JUDGED_TEXT`), never as "0 of 0 endpoints ready". A Service whose counts and
 * health changed together is announced with both; a workload scaled to zero says so.
 */
import type { NotJudged } from '../topology/judgeable';
import type { ServiceNode } from '../topology/model';
import { ENDPOINTS_NOT_JUDGED_TEXT, HEALTH_TEXT, WORKLOAD_STATE_TEXT } from './describe';
import type { DrawGraph } from './draw-types';

export interface Seen {
  name: string;
  ready: number;
  count: number;
  /** A Service's endpoints cannot be judged (model.ts): the count is then never said. */
  notJudged?: NotJudged;
  health: string;
  /** What is counted: endpoints (Services, the default) or pods (workloads). */
  unit?: 'pods';
  /** Its health was not known yet: what it is next is learnt, not a change. */
  pending?: boolean;
}

/**
 * "1 of 3 endpoints ready" (pods for a workload; `was`: "1 of 3"), or why a Service's endpoints
 * cannot be judged.
 */
function countText(seen: Seen, was = false): string {
  if (seen.notJudged) return ENDPOINTS_NOT_JUDGED_TEXT[seen.notJudged];
  // A workload scaled to zero whose pods have not stopped yet: "2 of 0 pods ready" says nothing.
  if (seen.unit === 'pods' && seen.count === 0)
    return seen.ready === 0 ? 'scaled to zero' : `scaled to zero, ${seen.ready} pods still ready`;
  const count = `${seen.ready} of ${seen.count}`;
  return was ? count : `${count} ${seen.unit ?? 'endpoints'} ready`;
}

export function summarizeChanges(before: Map<string, Seen>, after: Map<string, Seen>): string[] {
  const out: string[] = [];
  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was) {
      if (!now.unit) out.push(`${now.name} added, ${countText(now)}`);
    } else if (countText(was) !== countText(now)) {
      // A Service's health said with its counts when both changed: the counts alone leave the
      // last word heard the health before ("is now degraded" while it went on to broken). Not
      // where the endpoints cannot be judged: the reason given says it.
      const health =
        !now.unit && !was.notJudged && !now.notJudged && was.health !== now.health && !was.pending;
      out.push(
        `${now.name}: ${countText(now)} (was ${countText(was, true)})${health ? `, now ${now.health}` : ''}`,
      );
    } else if (was.health !== now.health && !was.pending)
      out.push(now.unit ? `${now.name}: ${now.health}` : `${now.name} is now ${now.health}`);
  }
  for (const [id, was] of before) if (!after.has(id) && !was.unit) out.push(`${was.name} removed`);
  return out;
}

/** What an announcement reads of a Service (a topology's ServiceNode, or the page's row of it). */
export type AnnouncedService = Pick<
  ServiceNode,
  'id' | 'namespace' | 'name' | 'readyCount' | 'endpointCount' | 'endpointsNotJudged' | 'health'
> & { healthPending?: boolean };

export function indexForAnnouncements(topology: {
  services: readonly AnnouncedService[];
}): Map<string, Seen> {
  const map = new Map<string, Seen>();
  for (const s of topology.services)
    map.set(s.id, {
      name: `${s.namespace}/${s.name}`,
      ready: s.readyCount,
      count: s.endpointCount,
      ...(s.endpointsNotJudged ? { notJudged: s.endpointsNotJudged } : {}),
      health: HEALTH_TEXT[s.health],
      ...(s.healthPending ? { pending: true } : {}),
    });
  return map;
}

/** The drawn workloads, once each (a workload beside two Services is one entry). */
export function indexWorkloadsForAnnouncements(graph: DrawGraph): Map<string, Seen> {
  const map = new Map<string, Seen>();
  for (const node of graph.nodes.values()) {
    const w = node.kind === 'workload' ? node.workload : undefined;
    if (!w || map.has(w.uid)) continue;
    map.set(w.uid, {
      name: `${w.kind} ${w.namespace}/${w.name}`,
      ready: w.ready,
      count: w.desired,
      health: WORKLOAD_STATE_TEXT[w.state],
      unit: 'pods',
    });
  }
  return map;
}
