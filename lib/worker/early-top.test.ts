import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDrawing } from '../graph/drawing';
import { createWorkloadIndex } from '../graph/workloads';
import { buildTopologyWithDiagnoses } from '../topology';
import type { ClusterSnapshot } from '../topology/records';
import { indexSnapshot } from '../topology/snapshot-index';
import { syntheticSnapshot } from '../topology/testing/synthetic';
import { earlyTop, type EarlyTopView } from './early-top';
import { firstScreen, restAfter } from './first-screen';

const snapshot = syntheticSnapshot({ pods: 3000 });
const indexed = (snap: ClusterSnapshot) => ({ snapshot: snap, index: indexSnapshot(snap) });
const workloads = createWorkloadIndex()(snapshot);
const plain: EarlyTopView = {
  namespaces: [],
  query: '',
  problemsOnly: false,
  drawAll: true,
  expanded: new Set(),
  replaying: false,
  workloads,
};

/** The whole map's drawing for the view, as the pipeline makes it. */
function whole(namespaces: readonly string[] = []) {
  const { topology, diagnoses } = buildTopologyWithDiagnoses(snapshot);
  return createDrawing()({
    topology,
    namespaces,
    query: '',
    problemsOnly: false,
    drawAll: true,
    expanded: new Set(),
    keepServiceId: null,
    diagnoses: new Map(diagnoses.map((d) => [d.serviceId, d])),
    workloads,
  });
}

for (const [label, namespaces, sizes] of [
  ['every namespace', [], [40, 200]],
  [
    'two namespaces',
    [...new Set(snapshot.services.map((s) => s.meta.namespace))].slice(1, 3),
    [8, 20],
  ],
] as const) {
  test(`${label}: the top drawn apart is the whole map's top, counted as the whole`, () => {
    const drawing = whole(namespaces);
    for (const rows of sizes) {
      const early = earlyTop(indexed(snapshot), { ...plain, namespaces }, rows);
      assert.ok(early, `rows ${rows}`);
      const screen = firstScreen(drawing, rows)!;
      const { graph, layout } = early.top;
      assert.deepEqual([...graph.nodes.keys()], [...screen.top.graph.nodes.keys()]);
      assert.deepEqual([...graph.nodes], [...screen.top.graph.nodes]);
      assert.deepEqual(graph.edges, screen.top.graph.edges);
      assert.deepEqual(graph.outline, screen.top.graph.outline);
      assert.deepEqual([...layout.positions], [...screen.top.layout.positions]);
      assert.equal(graph.matchedServices, drawing.graph.matchedServices);
      assert.equal(graph.totalServices, drawing.graph.totalServices);
      assert.equal(early.rest, screen.rest, 'the same Services still to come');
      assert.ok(layout.rows >= rows && layout.rows < drawing.layout.rows, 'the part laid out');
      // Each Service it drew is diagnosed as the whole build diagnoses it.
      const all = buildTopologyWithDiagnoses(snapshot).diagnoses;
      for (const [id, diagnosis] of early.diagnoses)
        assert.deepEqual(
          diagnosis,
          all.find((d) => d.serviceId === id),
          id,
        );
      const rest = restAfter(early.top, drawing);
      assert.ok(rest, 'its rest is made without comparing');
      assert.equal(rest.size?.rows, drawing.layout.rows);
    }
  });
}

test('no top drawn apart for a view whose blocks need every Service, or a small map', () => {
  assert.equal(
    earlyTop(indexed(snapshot), { ...plain, drawAll: false }, 200),
    null,
    'groups by health',
  );
  assert.equal(
    earlyTop(indexed(snapshot), { ...plain, problemsOnly: true }, 200),
    null,
    'only problems',
  );
  assert.equal(earlyTop(indexed(snapshot), { ...plain, query: 'ns-0001' }, 200), null, 'a search');
  assert.equal(earlyTop(indexed(snapshot), { ...plain, replaying: true }, 200), null, 'a replay');
  const small = syntheticSnapshot({ pods: 100 });
  assert.equal(earlyTop(indexed(small), plain, 200), null, 'most of the map anyway');
});
