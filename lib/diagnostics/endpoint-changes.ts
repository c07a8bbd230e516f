/**
 * Endpoint entries of a Service's trail: the difference between two endpoint sets, and the
 * inverse (folding an entry into a set), which replay and trimming use.
 *
 * Contract: pure. `endpointChanges` lists additions and condition changes in the order of the
 * new set, then removals; `foldEntry` applies exactly what `endpointChanges` produced, and
 * ignores every other entry type (they do not change the endpoint set by themselves).
 */
import type { TimelineEntry } from '../api/diagnostics';
import type { EndpointSet } from './endpoint-sets';

function located(snapshot: { pod?: string; nodeName?: string }): {
  pod?: string;
  nodeName?: string;
} {
  return {
    ...(snapshot.pod ? { pod: snapshot.pod } : {}),
    ...(snapshot.nodeName ? { nodeName: snapshot.nodeName } : {}),
  };
}

export function endpointChanges(
  before: EndpointSet,
  after: EndpointSet,
  at: string,
  initial: boolean,
): TimelineEntry[] {
  const changes: TimelineEntry[] = [];
  for (const [address, next] of after) {
    const previous = before.get(address);
    if (!previous) {
      changes.push({
        at,
        type: 'endpoint',
        change: 'added',
        address,
        to: next.state,
        ...located(next),
        ...(initial ? { initial: true } : {}),
      });
    } else if (previous.state !== next.state) {
      changes.push({
        at,
        type: 'endpoint',
        change: 'changed',
        address,
        from: previous.state,
        to: next.state,
        ...located(next),
      });
    }
  }
  for (const [address, previous] of before) {
    if (after.has(address)) continue;
    changes.push({
      at,
      type: 'endpoint',
      change: 'removed',
      address,
      from: previous.state,
      ...located(previous),
    });
  }
  return changes;
}

export function foldEntry(state: EndpointSet, entry: TimelineEntry): void {
  if (entry.type !== 'endpoint') return;
  if (entry.change === 'removed') {
    state.delete(entry.address);
    return;
  }
  state.set(entry.address, {
    address: entry.address,
    state: entry.to ?? 'ready',
    ...located(entry),
  });
}
