/**
 * The words of an outline row (lib/graph/describe.ts), by the row's place in the outline: one
 * definition for the outline (components/outline/outline-tree.tsx) and for the graph's focused
 * node, which is named as its outline row says it (components/graph/graph-view.tsx). Pure.
 */
import type { DrawNode, OutlineEntry } from './draw-types';
import { describeNode, describeTargetUnder } from './describe';

/**
 * The accessible name of an outline row: a Service's (or a group's) and an endpoint's is the
 * node's; a target listed under an endpoint is named with that endpoint's port and origin.
 */
export function describeEntry(
  entry: Pick<OutlineEntry, 'level'>,
  node: DrawNode,
  parent: DrawNode | undefined,
  lookup: (id: string) => DrawNode | undefined,
): string {
  return entry.level >= 3 || (entry.level === 2 && node.kind !== 'endpoint')
    ? describeTargetUnder(node, parent, lookup)
    : describeNode(node, lookup);
}

/**
 * The name of a drawn node as its outline row says it: the row of its first outline entry, the
 * one the outline shows when the graph's focus is on the node. A walk of the outline up to that
 * entry: call it per focus or outline change, not per frame.
 */
export function describeAsOutline(
  node: DrawNode,
  outline: readonly OutlineEntry[],
  lookup: (id: string) => DrawNode | undefined,
): string {
  const find = (
    entries: readonly OutlineEntry[],
    parent: OutlineEntry | undefined,
  ): [OutlineEntry, OutlineEntry | undefined] | null => {
    for (const entry of entries) {
      if (entry.nodeId === node.id) return [entry, parent];
      const below = find(entry.children, entry);
      if (below) return below;
    }
    return null;
  };
  const found = find(outline, undefined);
  if (!found) return describeNode(node, lookup);
  const [entry, parent] = found;
  return describeEntry(entry, node, parent && lookup(parent.nodeId), lookup);
}
