/**
 * A drawing's value as the page mirrors it, comparable with deepEqual between a Drawing and a
 * mirror (lib/worker/drawing-diff.ts): blocks stay in the pipeline, and nodes cross cut down to
 * what is drawn (lib/graph/drawn-node.ts). For tests.
 */
import type { DrawGraph } from '../draw-types';
import { drawnNode } from '../drawn-node';
import type { Layout } from '../layout';

export function drawingValue(d: {
  graph: DrawGraph;
  layout: Pick<Layout, 'positions' | 'rows' | 'width' | 'height'>;
}) {
  return {
    nodes: new Map([...d.graph.nodes].map(([id, node]) => [id, drawnNode(node)])),
    edges: d.graph.edges,
    outline: d.graph.outline,
    counts: [d.graph.matchedServices, d.graph.totalServices, d.graph.collapsedNamespaces],
    positions: new Map(d.layout.positions),
    size: [d.layout.rows, d.layout.width, d.layout.height],
  };
}
