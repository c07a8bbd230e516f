/**
 * The Canvas renderer's scene per drawing (canvas-layer.tsx): built (scene-geometry.ts), or
 * patched from the last one (scene-patch.ts).
 *
 * Contract: `sceneBuilder()` returns `sceneOf(graph, layout, highlight)`, one per canvas. When the
 * mirror's graph was made by a diff applied to the drawing the last scene was built from
 * (`appliedDiff`, lib/worker/drawing-diff.ts) and the highlight is the same, the last scene is
 * patched; when only the nodes' looks or the highlight changed, its geometry is kept; otherwise,
 * or when the diff moved a quarter of the nodes or more, the scene is built from scratch. Either
 * way the same nodes and edges are in the same places.
 */
import type { DrawGraph, DrawNode } from '@/lib/graph/draw-types';
import type { Layout } from '@/lib/graph/layout';
import { appliedDiff } from '@/lib/worker/drawing-diff';
import { buildScene, edgeBatches, type Scene } from './scene-geometry';

export { lowerBound } from './scene-geometry';
import { patchScene } from './scene-patch';

export type { EdgeBatch, Scene } from './scene-geometry';

/** One per canvas: builds each scene from the one before it (see the header). */
export type SceneBuilder = (
  graph: DrawGraph,
  layout: Layout,
  highlight: Set<string> | null,
) => Scene;

export function sceneBuilder(): SceneBuilder {
  let last: Scene | null = null;
  return (graph, layout, highlight) => {
    if (last && last.graph === graph && last.layout === layout && last.highlight === highlight)
      return last;
    const applied = appliedDiff(graph);
    const patched =
      last &&
      applied &&
      applied.previous.graph === last.graph &&
      applied.previous.layout === last.layout &&
      last.highlight === highlight
        ? patchScene(last, graph, layout, applied)
        : null;
    if (patched) return (last = patched);
    if (last && last.layout === layout && last.graph.edges === graph.edges) {
      // Same positions and edges: the same nodes in the same order, restyled from the graph.
      const nodes: DrawNode[] = [];
      for (const node of last.nodes) {
        const now = graph.nodes.get(node.id);
        if (!now) break;
        nodes.push(now);
      }
      if (nodes.length === last.nodes.length && nodes.length === graph.nodes.size) {
        const batches =
          last.highlight === highlight ? last.batches : edgeBatches(graph.edges, layout, highlight);
        return (last = { ...last, nodes, batches, graph, highlight });
      }
    }
    return (last = buildScene(graph, layout, highlight));
  };
}
