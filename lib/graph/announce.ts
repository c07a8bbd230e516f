/**
 * What changed between two topologies, in words for the polite live region
 * (components/outline/use-announcer.ts). Pure.
 */
import type { Topology } from '../topology/model';
import { HEALTH_TEXT } from './describe';

export interface Seen {
  name: string;
  ready: number;
  count: number;
  health: string;
}

export function summarizeChanges(before: Map<string, Seen>, after: Map<string, Seen>): string[] {
  const out: string[] = [];
  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was) out.push(`${now.name} added, ${now.ready} of ${now.count} endpoints ready`);
    else if (was.ready !== now.ready || was.count !== now.count)
      out.push(
        `${now.name}: ${now.ready} of ${now.count} endpoints ready (was ${was.ready} of ${was.count})`,
      );
    else if (was.health !== now.health) out.push(`${now.name} is now ${now.health}`);
  }
  for (const [id, was] of before) if (!after.has(id)) out.push(`${was.name} removed`);
  return out;
}

export function indexForAnnouncements(topology: Topology): Map<string, Seen> {
  const map = new Map<string, Seen>();
  for (const s of topology.services)
    map.set(s.id, {
      name: `${s.namespace}/${s.name}`,
      ready: s.readyCount,
      count: s.endpointCount,
      health: HEALTH_TEXT[s.health],
    });
  return map;
}
