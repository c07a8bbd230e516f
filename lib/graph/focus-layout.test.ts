import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FOCUS_WIDTH, focusLayout } from './focus-layout';
import { fitInsets, focusViewport } from './fit';
import { zoomButtons } from './testing/view-controls';
import { NODE_HEIGHT, NODE_WIDTH, layoutGraph, type Layout } from './layout';
import { servicePath } from './navigation';
import { buildDrawGraph } from './view-model';
import { syntheticTopology } from './testing/synthetic-topology';

const topology = syntheticTopology([
  { namespace: 'default', name: 'api', endpoints: 3 },
  { namespace: 'shop', name: 'cart', endpoints: 5, notReady: 2 },
  { namespace: 'shop', name: 'web', endpoints: 2 },
]);
const graph = buildDrawGraph(topology);
const layout = layoutGraph(graph);
const cart = topology.services.find((s) => s.name === 'cart')!;

function overlaps(l: Layout, a: string, b: string) {
  const p = l.positions.get(a)!;
  const q = l.positions.get(b)!;
  return (
    p.x < q.x + NODE_WIDTH &&
    q.x < p.x + NODE_WIDTH &&
    p.y < q.y + NODE_HEIGHT &&
    q.y < p.y + NODE_HEIGHT
  );
}

test('the chain moves to a region left of the map; nothing else moves; no overlaps', () => {
  const focus = focusLayout(graph, layout, cart.id)!;
  const path = servicePath(graph, cart.id);
  const chainNodes = [...graph.nodes.keys()].filter((id) => path.has(id));
  assert.deepEqual([...focus.members].sort(), chainNodes.sort());
  for (const [id, pos] of focus.layout.positions) {
    if (focus.members.has(id)) {
      assert.ok(pos.x + NODE_WIDTH <= 0, `${id} is left of the map`);
      assert.ok(pos.x >= focus.box.x && pos.x + NODE_WIDTH <= focus.box.x + focus.box.width);
      assert.ok(pos.y >= focus.box.y && pos.y + NODE_HEIGHT <= focus.box.y + focus.box.height);
    } else assert.deepEqual(pos, layout.positions.get(id), `${id} stays`);
  }
  const ids = [...focus.layout.positions.keys()];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++)
      assert.ok(!overlaps(focus.layout, ids[i]!, ids[j]!), `${ids[i]} overlaps ${ids[j]}`);
  // Each endpoint's target sits on its row, to its right.
  for (const edge of graph.edges.filter(
    (e) => e.kind === 'targets' && focus.members.has(e.source),
  )) {
    const a = focus.layout.positions.get(edge.source)!;
    const b = focus.layout.positions.get(edge.target)!;
    assert.equal(a.y, b.y);
    assert.ok(b.x >= a.x + NODE_WIDTH);
  }
  assert.equal(focus.box.width, FOCUS_WIDTH);
  assert.equal(focusLayout(graph, layout, 'svc:missing'), null);
});

test('the focus viewport keeps boxes at ≥ 85 % inside the graph width left beside the panel and the zoom buttons', () => {
  const focus = focusLayout(graph, layout, cart.id)!;
  // The graph's width at 1400×900 and 1024×700 with the panel open (28rem), outline a drawer
  // below 1200 px; less the zoom buttons' column, which the focus view keeps clear.
  for (const view of [
    { width: 1400 - 384 - 448, height: 900 - 160 },
    { width: 1024 - 448, height: 700 - 190 },
  ]) {
    const insets = fitInsets(view, [zoomButtons(view)]);
    const t = focusViewport(focus.box, view, insets);
    assert.ok(t.k >= 0.85, `zoom ${t.k} at ${view.width}px`);
    assert.ok(t.k <= 1);
    for (const id of focus.members) {
      const p = focus.layout.positions.get(id)!;
      const left = p.x * t.k + t.x;
      const right = (p.x + NODE_WIDTH) * t.k + t.x;
      assert.ok(left >= 0 && right <= view.width - insets.right, `${id} inside, clear of the zoom`);
      const top = p.y * t.k + t.y;
      assert.ok(top >= 0 && top + NODE_HEIGHT * t.k <= view.height, `${id} inside vertically`);
    }
  }
});
