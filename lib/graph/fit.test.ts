import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIT_PADDING, PADDED, firstView, fitTransform } from './fit';
import { NODE_HEIGHT, NODE_WIDTH, layoutGraph } from './layout';
import { OVERVIEW_MARGIN_PX, overviewBounds, overviewShown } from './overview';
import { buildDrawGraph } from './view-model';
import { syntheticTopology } from './testing/synthetic-topology';

test('a fit centres the box in the view less its insets, top-aligned when taller', () => {
  const box = { x: -10, y: -10, width: 1000, height: 500 };
  const t = fitTransform(box, { width: 1048, height: 800 }, PADDED);
  assert.equal(t.k, 1);
  assert.equal(t.x + box.x * t.k, FIT_PADDING);
  assert.equal(t.y + box.y * t.k, (800 - 500) / 2);
  // Clear of a right-hand column: the box ends where it starts.
  const right = fitTransform(box, { width: 1048, height: 800 }, { ...PADDED, right: 124 });
  assert.equal(right.x + (box.x + box.width) * right.k, 1048 - 124);
  // Never above maxK, centred at that zoom.
  const capped = fitTransform({ ...box, height: 5000 }, { width: 1048, height: 800 }, PADDED, 0.1);
  assert.equal(capped.k, 0.1);
  assert.equal(capped.x + box.x * capped.k, (1048 - 100) / 2);
  assert.equal(capped.y + box.y * capped.k, (800 - 500) / 2);
});

/** The demo's graph pane at a 1280×800 window: a tall map, fitted to its width from the top. */
test('the first view of a tall map leaves the overview and the zoom buttons clear', () => {
  const services = Array.from({ length: 40 }, (_, i) => ({
    namespace: `ns-${i % 4}`,
    name: `svc-${i}`,
    endpoints: 1 + (i % 3),
  }));
  const graph = buildDrawGraph(syntheticTopology(services));
  const layout = layoutGraph(graph);
  const view = { width: 896, height: 507 };
  const box = { x: -10, y: -10, width: layout.width + 20, height: layout.height + 20 };
  const insets = { ...PADDED, right: 56 };
  const overview = overviewBounds(layout);
  const width = (k: number) => (overviewShown(overview, k, view) ? overview.w : 0);
  const t = firstView(box, view, insets, width, OVERVIEW_MARGIN_PX);
  // Tall: the overview is shown at this zoom, in the bottom-left corner.
  assert.ok(width(t.k) > 0);
  const covers = [
    {
      left: 0,
      right: OVERVIEW_MARGIN_PX + overview.w,
      top: view.height - OVERVIEW_MARGIN_PX - overview.h,
    },
    { left: view.width - 56, right: view.width, top: view.height - 12 - 104 },
  ];
  const under: string[] = [];
  for (const [id, p] of layout.positions) {
    const left = p.x * t.k + t.x;
    const top = p.y * t.k + t.y;
    const right = left + NODE_WIDTH * t.k;
    const bottom = top + NODE_HEIGHT * t.k;
    if (bottom < 0 || top > view.height) continue;
    if (covers.some((c) => left < c.right && right > c.left && bottom > c.top)) under.push(id);
  }
  assert.deepEqual(under, []);
  // Still readable, and starting at the top of the list.
  assert.ok(t.k >= 0.45, `zoom ${t.k}`);
  assert.equal(t.y + box.y * t.k, FIT_PADDING);
  // Without the overview (a map that fits) nothing is reserved beyond the insets.
  const small = firstView(box, view, insets, () => 0, OVERVIEW_MARGIN_PX);
  assert.ok(small.k > t.k);
});
