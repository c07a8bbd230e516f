import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DrawEdge, DrawGraph, DrawNode } from '@/lib/graph/draw-types';
import { edgeEnds } from '@/lib/graph/edge-geometry';
import { NODE_WIDTH, type Layout, type NodePosition } from '@/lib/graph/layout';
import { prng } from '@/lib/testing/prng';
import { edgeStyle } from './graph-style';
import { buildScene, edgeBatches, type EdgeBatch } from './scene-geometry';

/**
 * The batches as the module's contract words them, built the plain way: ends from `edgeEnds`,
 * one group per (kind, condition, label) in the order of its first drawn edge, dimmed groups
 * first, each sorted by top with ties in edge order.
 */
function expectedBatches(
  edges: readonly DrawEdge[],
  layout: Layout,
  highlight: Set<string> | null,
): EdgeBatch[] {
  const groups = new Map<string, { dim: DrawEdge[]; lit: DrawEdge[] }>();
  for (const edge of edges) {
    if (!layout.positions.has(edge.source) || !layout.positions.has(edge.target)) continue;
    const key = `${edge.kind}|${edge.condition ?? ''}|${edge.label ?? ''}`;
    const group = groups.get(key) ?? { dim: [], lit: [] };
    groups.set(key, group);
    (highlight !== null && !highlight.has(edge.id) ? group.dim : group.lit).push(edge);
  }
  const batches: EdgeBatch[] = [];
  for (const dim of [true, false])
    for (const group of groups.values()) {
      const placed = (dim ? group.dim : group.lit).map((edge) => ({
        edge,
        ends: edgeEnds(layout.positions.get(edge.source)!, layout.positions.get(edge.target)!),
      }));
      if (placed.length === 0) continue;
      placed.sort((p, q) => Math.min(p.ends.ay, p.ends.by) - Math.min(q.ends.ay, q.ends.by));
      const { color, dash, width } = edgeStyle(placed[0]!.edge);
      batches.push({
        color,
        dash,
        width,
        dim,
        segs: Float64Array.from(placed.flatMap(({ ends: e }) => [e.ax, e.ay, e.bx, e.by])),
        elbows: Uint8Array.from(placed.map(({ ends: e }) => (e.elbow ? 1 : 0))),
        tops: Float64Array.from(placed.map(({ ends: e }) => Math.min(e.ay, e.by))),
        span: Math.max(0, ...placed.map(({ ends: e }) => Math.abs(e.ay - e.by))),
        edges: placed.map((p) => p.edge),
      });
    }
  return batches;
}

const KINDS = ['routes', 'targets', 'owns', 'group', 'near-miss', 'external-name'] as const;
const CONDITIONS = [undefined, 'ready', 'not-ready', 'no-port', 'terminating'] as const;

/** Random nodes on whole rows (ties in y) and edges among them, some ends not drawn. */
function randomMap(seed: number) {
  const next = prng(seed);
  const pick = <T>(of: readonly T[]) => of[Math.floor(next() * of.length)]!;
  const positions = new Map<string, NodePosition>();
  const ids = Array.from({ length: 5 + Math.floor(next() * 60) }, (_, i) => `n${i}`);
  for (const id of ids) {
    if (next() < 0.1) continue;
    const column = Math.floor(next() * 4);
    const row = Math.floor(next() * 30);
    // Now and then a target left of its source's right side: an elbow.
    const x = column * (NODE_WIDTH + 40) + (next() < 0.2 ? NODE_WIDTH / 2 : 0);
    // Odd seeds place nodes off whole pixels: the sort's comparator path.
    positions.set(id, { x, y: row * 38 + (seed % 2) / 2, column, row });
  }
  const edges: DrawEdge[] = Array.from({ length: Math.floor(next() * 150) }, (_, i) => {
    const kind = pick(KINDS);
    return {
      id: `e${i}`,
      source: pick(ids),
      target: pick(ids),
      kind,
      ...(kind === 'routes' || kind === 'targets' ? { condition: pick(CONDITIONS) } : {}),
      ...(kind === 'near-miss' && next() < 0.7 ? { label: `app: ${pick(['a', 'b', 'c'])}` } : {}),
    };
  });
  // Runs of one source, as a Service's endpoints come.
  for (let i = 1; i < edges.length; i++)
    if (next() < 0.4) edges[i]!.source = edges[i - 1]![next() < 0.5 ? 'source' : 'target'];
  const layout: Layout = { positions, blocks: new Map(), rows: 30, width: 0, height: 0 };
  const highlight =
    next() < 0.5 ? null : new Set(edges.filter(() => next() < 0.4).map((e) => e.id));
  return { ids, positions, edges, layout, highlight, next };
}

test('edge batches are the plainly built ones, array for array', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const { edges, layout, highlight } = randomMap(seed);
    assert.deepStrictEqual(
      edgeBatches(edges, layout, highlight),
      expectedBatches(edges, layout, highlight),
      `seed ${seed}`,
    );
  }
});

test('a scene holds the drawn nodes in y order, ties in the graph order', () => {
  for (let seed = 1; seed <= 50; seed++) {
    const { ids, positions, edges, layout, highlight } = randomMap(seed);
    const nodes = new Map(ids.map((id) => [id, { id } as DrawNode]));
    const graph = { nodes, edges } as DrawGraph;
    const scene = buildScene(graph, layout, highlight);
    const drawn = ids
      .filter((id) => positions.has(id))
      .map((id, i) => ({ id, i, p: positions.get(id)! }))
      .sort((a, b) => a.p.y - b.p.y || a.i - b.i);
    assert.deepStrictEqual(
      scene.nodes.map((n) => n.id),
      drawn.map((d) => d.id),
    );
    assert.deepStrictEqual(
      [...scene.nodeXs],
      drawn.map((d) => d.p.x),
    );
    assert.deepStrictEqual(
      [...scene.nodeYs],
      drawn.map((d) => d.p.y),
    );
    assert.deepStrictEqual(scene.batches, expectedBatches(edges, layout, highlight));
  }
});
