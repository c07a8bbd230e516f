/**
 * How an outline entry is named by its place in the tree: a Service's (or a collapsed namespace's)
 * entry is keyed by its node id at level 1; a child's key is its parent's key, `>`, its node id,
 * one level down. One definition, used where the outline is built (emit.ts, emit-workloads.ts)
 * and where it is rebuilt from node ids alone on the page (lib/worker/drawing-diff.ts), so a key
 * is the path of node ids from the root and siblings never share a node id. Pure.
 */
import type { OutlineEntry } from './draw-types';

/** A new entry for `nodeId` under `parent` (null: at the root), with no children yet. */
export function outlineEntry(parent: OutlineEntry | null, nodeId: string): OutlineEntry {
  if (!parent) return { key: nodeId, nodeId, level: 1, children: [] };
  return {
    key: `${parent.key}>${nodeId}`,
    nodeId,
    level: parent.level + 1,
    parentKey: parent.key,
    children: [],
  };
}
