import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OutlineEntry } from './draw-types';
import { describeNode } from './describe';
import { describeAsOutline, describeEntry } from './outline-name';
import { buildDrawGraph } from './view-model';
import { syntheticTopology } from './testing/synthetic-topology';

test("the graph's focused node is named as its outline row: an external target with its endpoint's port", () => {
  const graph = buildDrawGraph(
    syntheticTopology([
      { namespace: 'default', name: 'a', endpoints: 1 },
      { namespace: 'default', name: 'b', endpoints: 1, external: true },
    ]),
  );
  const lookup = (id: string) => graph.nodes.get(id);
  const rows = new Map<string, string>();
  const walk = (entries: readonly OutlineEntry[], parent: OutlineEntry | undefined) => {
    for (const entry of entries) {
      const node = graph.nodes.get(entry.nodeId)!;
      if (!rows.has(node.id))
        rows.set(node.id, describeEntry(entry, node, parent && lookup(parent.nodeId), lookup));
      walk(entry.children, entry);
    }
  };
  walk(graph.outline, undefined);
  const external = [...graph.nodes.values()].find((n) => n.kind === 'external')!;
  assert.match(rows.get(external.id)!, /^External address [\d.]+:\d+/);
  assert.notEqual(rows.get(external.id), describeNode(external, lookup));
  for (const node of graph.nodes.values())
    assert.equal(describeAsOutline(node, graph.outline, lookup), rows.get(node.id), node.id);
});
