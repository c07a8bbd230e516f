import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FIT_PADDING,
  PADDED,
  firstView,
  fitInsets,
  fitTransform,
  focusViewport,
  type ControlBox,
} from './fit';
import { FOCUS_WIDTH } from './focus-layout';
import { NODE_HEIGHT, NODE_WIDTH, layoutGraph } from './layout';
import { OVERVIEW_MARGIN_PX, overviewBounds, overviewShown } from './overview';
import { buildDrawGraph } from './view-model';
import { syntheticTopology } from './testing/synthetic-topology';
import { onScreen, overlaps, zoomButtons } from './testing/view-controls';

test('a fit centres the box in the view less its insets, top-aligned when taller', () => {
  const box = { x: -10, y: -10, width: 1000, height: 500 };
  const width = 1000 + 2 * FIT_PADDING;
  const t = fitTransform(box, { width, height: 800 }, PADDED);
  assert.equal(t.k, 1);
  assert.equal(t.x + box.x * t.k, FIT_PADDING);
  assert.equal(t.y + box.y * t.k, (800 - 500) / 2);
  // Clear of a right-hand column: the box ends where it starts.
  const right = fitTransform(box, { width, height: 800 }, { ...PADDED, right: 124 });
  assert.equal(right.x + (box.x + box.width) * right.k, width - 124);
  // Never above maxK, centred at that zoom.
  const capped = fitTransform({ ...box, height: 5000 }, { width, height: 800 }, PADDED, 0.1);
  assert.equal(capped.k, 0.1);
  assert.equal(capped.x + box.x * capped.k, (width - 100) / 2);
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

test('the insets keep a column clear of each control, on its side of the view', () => {
  const view = { width: 576, height: 279 };
  const zoom = zoomButtons(view);
  const insets = fitInsets(view, [zoom]);
  assert.equal(insets.right, view.width - zoom.left + FIT_PADDING / 2);
  assert.deepEqual(
    [insets.top, insets.bottom, insets.left],
    [FIT_PADDING, FIT_PADDING, FIT_PADDING],
  );
  // A control on the left (an overview's corner) takes the left side instead.
  const corner = { left: 12, top: 150, right: 132, bottom: 267 };
  assert.equal(fitInsets(view, [corner]).left, corner.right + FIT_PADDING / 2);
  assert.deepEqual(fitInsets(view, []), PADDED);
});

/**
 * The focus view and "Fit" alike: whatever the box's shape, its screen box misses every control.
 * The views are the graph beside the open panel at 1024×700 (576×279, measured) and 1400×900.
 */
test('every fit keeps the box off the controls: tall, wide and small chains', () => {
  const chains: Record<string, { x: number; y: number; width: number; height: number }> = {
    // cart with 12 pods: 26 rows
    tall: { x: -736, y: 0, width: FOCUS_WIDTH, height: 25 * 38 + 30 },
    // a whole map much wider than high
    wide: { x: -10, y: -10, width: 6000, height: 300 },
    small: { x: -736, y: 400, width: FOCUS_WIDTH, height: 30 },
  };
  for (const view of [
    { width: 576, height: 279 },
    { width: 568, height: 740 },
  ]) {
    const corner: ControlBox = {
      left: 12,
      top: view.height - 132,
      right: 132,
      bottom: view.height - 12,
    };
    const controls = [zoomButtons(view), corner];
    const insets = fitInsets(view, controls);
    for (const [name, box] of Object.entries(chains)) {
      for (const [fit, t] of [
        ['focus', focusViewport(box, view, insets)],
        ['fit', fitTransform(box, view, insets)],
      ] as const) {
        const shown = onScreen(box, t);
        for (const control of controls)
          assert.ok(!overlaps(shown, control), `${fit} ${name} at ${view.width}: under a control`);
        assert.ok(shown.left >= FIT_PADDING - 1e-9 && shown.top >= FIT_PADDING - 1e-9, name);
      }
    }
  }
  // The tall chain goes on below the view: the check above is not about a box that fits.
  const view = { width: 576, height: 279 };
  const t = focusViewport(chains.tall!, view, fitInsets(view, [zoomButtons(view)]));
  assert.ok(onScreen(chains.tall!, t).bottom > view.height);
});

test('without the insets of the controls, the tall chain would be under the zoom buttons', () => {
  // What the focus view did before it kept them clear: the check above can fail.
  const view = { width: 576, height: 279 };
  const box = { x: -736, y: 0, width: FOCUS_WIDTH, height: 25 * 38 + 30 };
  assert.ok(overlaps(onScreen(box, focusViewport(box, view, PADDED)), zoomButtons(view)));
});

test('the focus view: readable zoom (≤ 1), from the top when tall, centred when it fits', () => {
  const view = { width: 1000, height: 500 };
  const insets = fitInsets(view, [zoomButtons(view)]);
  const tall = { x: -800, y: 5000, width: FOCUS_WIDTH, height: 4000 };
  const t = focusViewport(tall, view, insets);
  assert.equal(t.k, 1);
  assert.equal(tall.y * t.k + t.y, FIT_PADDING);
  const small = { x: -800, y: 100, width: FOCUS_WIDTH, height: 30 };
  const s = focusViewport(small, view, insets);
  assert.equal(s.k, 1);
  assert.equal(small.y * s.k + s.y, FIT_PADDING + (500 - 2 * FIT_PADDING - 30) / 2);
});
