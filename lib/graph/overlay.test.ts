import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DrawEdge, DrawGraph, DrawNode } from './draw-types';
import { edgeIndexOf, overlayOf, twinKeeper } from './overlay';

/** The twin as the graph view made it before the index: every edge walked, twice. */
function overlayByScan(
  graph: DrawGraph,
  highlight: ReadonlySet<string> | null,
  focusedId: string | null,
  max: number,
): DrawGraph {
  const ids = new Set<string>();
  if (highlight) for (const id of highlight) if (graph.nodes.has(id) && ids.size < max) ids.add(id);
  if (focusedId && graph.nodes.has(focusedId)) ids.add(focusedId);
  for (const edge of graph.edges)
    if (edge.kind === 'near-miss' && ids.size < max) {
      ids.add(edge.source);
      ids.add(edge.target);
    }
  const nodes = new Map<string, DrawNode>();
  for (const id of ids) nodes.set(id, graph.nodes.get(id)!);
  return {
    ...graph,
    nodes,
    edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

/** A deterministic generator, so a failure names its seed. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return (n: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

function randomGraph(seed: number): DrawGraph {
  const pick = random(seed);
  const nodes = new Map<string, DrawNode>();
  const count = 5 + pick(60);
  for (let i = 0; i < count; i++) {
    const id = `n${i}`;
    nodes.set(id, { id, kind: 'pod', column: 3, block: 'b', label: id } as unknown as DrawNode);
  }
  const kinds: DrawEdge['kind'][] = ['routes', 'targets', 'near-miss', 'group', 'owns'];
  const edges: DrawEdge[] = [];
  const edgeCount = pick(count * 3);
  for (let i = 0; i < edgeCount; i++) {
    // Near-miss edges are rare, as ghosts are.
    const kind = pick(10) === 0 ? 'near-miss' : kinds[pick(kinds.length)]!;
    edges.push({ id: `e${i}`, source: `n${pick(count)}`, target: `n${pick(count)}`, kind });
  }
  return {
    nodes,
    edges,
    blocks: [],
    outline: [],
    matchedServices: 0,
    totalServices: 0,
    collapsedNamespaces: [],
  };
}

test('the twin from the edge index is the twin of a full scan, on 400 random graphs', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const graph = randomGraph(seed);
    const pick = random(seed * 7919);
    const index = edgeIndexOf(graph.edges);
    const ids = [...graph.nodes.keys()];
    const highlight =
      pick(3) === 0 ? null : new Set(ids.filter(() => pick(4) === 0).concat(['gone']));
    const focusedId = pick(3) === 0 ? null : pick(5) === 0 ? 'gone' : ids[pick(ids.length)]!;
    const max = 1 + pick(40);
    const ours = overlayOf(graph, index, highlight, focusedId, max);
    const scanned = overlayByScan(graph, highlight, focusedId, max);
    assert.deepEqual([...ours.nodes.keys()], [...scanned.nodes.keys()], `seed ${seed}: nodes`);
    assert.deepEqual(
      ours.edges.map((e) => e.id),
      scanned.edges.map((e) => e.id),
      `seed ${seed}: edges, in the graph's order`,
    );
  }
});

test('with nothing highlighted, focused or ghosted the twin is empty and the index unbuilt', () => {
  const graph = randomGraph(3);
  graph.edges = graph.edges.filter((e) => e.kind !== 'near-miss');
  let built = 0;
  const index = edgeIndexOf(graph.edges);
  const counted = {
    ...index,
    bySource() {
      built++;
      return index.bySource();
    },
  };
  const twin = overlayOf(graph, counted, null, null, 300);
  assert.equal(twin.nodes.size, 0);
  assert.deepEqual(twin.edges, []);
  assert.equal(built, 0, 'no index is made for an empty twin');
});

test('an index is made once per edge list and answers every twin of it', () => {
  const graph = randomGraph(11);
  const index = edgeIndexOf(graph.edges);
  const first = index.bySource();
  const source = graph.edges[0]?.source ?? 'n0';
  overlayOf(graph, index, new Set([source]), null, 300);
  assert.equal(index.bySource(), first);
});

test('a twin keeps its identity while its nodes, edges and places stay, and only then', () => {
  const graph = randomGraph(5);
  const ids = [...graph.nodes.keys()];
  const positions = new Map(ids.map((id, row) => [id, { x: 0, y: row * 60, column: 0, row }]));
  const layout = { positions, blocks: new Map(), rows: ids.length, width: 200, height: 0 };
  const index = edgeIndexOf(graph.edges);
  const highlight = new Set(ids.slice(0, 3));
  const keep = twinKeeper();
  const twin = () => keep(overlayOf(graph, index, highlight, null, 300), layout);

  const first = twin();
  assert.deepEqual(
    [...first.graph.nodes.keys()],
    [...overlayOf(graph, index, highlight, null, 300).nodes.keys()],
  );
  assert.deepEqual([...first.layout.positions.keys()], [...first.graph.nodes.keys()]);
  assert.equal(twin(), first, 'nothing changed');

  // A node outside the twin restyled and moved; a new highlight set with the same members.
  const outside = ids.find((id) => !first.graph.nodes.has(id))!;
  graph.nodes.set(outside, { ...graph.nodes.get(outside)!, label: 'restyled' } as DrawNode);
  positions.get(outside)!.y += 600;
  highlight.add('not-drawn');
  assert.equal(twin(), first, 'a change outside the twin keeps it');

  // The mirror moves position objects in place: the twin held copies, and sees the move.
  const inside = [...first.graph.nodes.keys()][0]!;
  positions.get(inside)!.y += 60;
  const moved = twin();
  assert.notEqual(moved, first, 'a twin node moved');
  assert.equal(moved.layout.positions.get(inside)!.y, positions.get(inside)!.y);
  assert.equal(first.layout.positions.get(inside)!.y, positions.get(inside)!.y - 60);

  graph.nodes.set(inside, { ...graph.nodes.get(inside)! } as DrawNode);
  const restyled = twin();
  assert.notEqual(restyled, moved, 'a twin node is a new object');
  assert.equal(restyled.graph.nodes.get(inside), graph.nodes.get(inside));

  highlight.delete(inside);
  assert.equal(twin().graph.nodes.has(inside), false, 'a node left the twin');
});
