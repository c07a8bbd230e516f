import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDrawing } from '../graph/drawing';
import { drawEverything, syntheticTopology } from '../graph/testing/synthetic-topology';
import { diffDrawing } from './drawing-diff';
import { applyUpdate, initialMirror } from './mirror';
import type { PipelineStatus } from './pipeline';

const status: PipelineStatus = {
  cluster: null,
  sync: null,
  stream: { state: 'connecting' },
  paused: false,
  pending: 0,
  arriving: null,
  hasRecords: true,
  namespaces: ['default'],
};
const drawing = createDrawing()(
  drawEverything(syntheticTopology([{ namespace: 'default', name: 'api', endpoints: 2 }])),
);
const row = {
  id: 'svc:a',
  namespace: 'default',
  name: 'a',
  health: 'healthy' as const,
  endpointCount: 1,
  readyCount: 1,
};

test('only the parts an update names change identity; an empty update keeps the mirror', () => {
  const start = initialMirror({ ...status, hasRecords: false });
  const m1 = applyUpdate(start, {
    first: true,
    status,
    drawing: diffDrawing(null, drawing),
    rows: { set: [row], removed: [] },
    selected: null,
    problems: [],
  });
  assert.deepEqual(m1.namespaces, ['default']);
  assert.equal(m1.status.hasRecords, true);
  assert.equal(m1.drawing.graph.nodes.size, drawing.graph.nodes.size);

  const m2 = applyUpdate(m1, { rows: { set: [{ ...row, readyCount: 0 }], removed: [] } });
  assert.notEqual(m2.rows, m1.rows);
  assert.equal(m2.drawing, m1.drawing);
  assert.equal(m2.status, m1.status);
  assert.equal(m2.namespaces, m1.namespaces);

  assert.equal(applyUpdate(m2, {}), m2);
  assert.equal(applyUpdate(m2, { fitSignal: m2.fitSignal }), m2, 'the same fit is no change');
  assert.equal(applyUpdate(m2, { fitSignal: 3 }).fitSignal, 3);
});

test('a first update replaces the picture: what it does not name is gone', () => {
  const m1 = applyUpdate(initialMirror(status), {
    first: true,
    drawing: diffDrawing(null, drawing),
    rows: { set: [row], removed: [] },
  });
  const m2 = applyUpdate(m1, { first: true, rows: { set: [], removed: [] } });
  assert.equal(m2.rows.size, 0);
  assert.equal(m2.drawing.graph.nodes.size, 0);
});

test('how many Services are still on their way follows the updates; a first update starts at none', () => {
  const start = initialMirror(status);
  assert.equal(start.drawingRest, 0);
  const top = applyUpdate(start, { drawingRest: 1200 });
  assert.equal(top.drawingRest, 1200);
  assert.equal(applyUpdate(top, { drawingRest: 1200 }), top, 'the same count changes nothing');
  const rest = applyUpdate(top, { drawingRest: 0 });
  assert.equal(rest.drawingRest, 0);
  assert.equal(rest.drawing, top.drawing);
  assert.equal(applyUpdate(top, { first: true }).drawingRest, 0);
});

test('problems not known yet (a top drawn before the map is diagnosed) are null, then the list', () => {
  const start = initialMirror(status);
  const top = applyUpdate(start, { first: true, problems: null, drawingRest: 300 });
  assert.equal(top.problems, null, 'not an empty list: nothing is known');
  const rest = applyUpdate(top, { problems: [], drawingRest: 0 });
  assert.deepEqual(rest.problems, []);
  assert.equal(applyUpdate(rest, {}).problems, rest.problems, 'kept when not named');
});
