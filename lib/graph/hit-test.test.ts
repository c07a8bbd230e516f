import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHitTester } from './hit-test';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from './layout';
import { buildDrawGraph } from './view-model';
import { syntheticCluster, syntheticTopology } from './testing/synthetic-topology';

test('every node is found at its centre and nothing between columns', () => {
  const layout = layoutGraph(buildDrawGraph(syntheticTopology(syntheticCluster(200))));
  const hits = createHitTester(layout);
  for (const [id, pos] of layout.positions) {
    assert.equal(hits.at(pos.x + NODE_WIDTH / 2, pos.y + NODE_HEIGHT / 2), id);
    assert.equal(hits.at(pos.x + 2, pos.y + 2), id, 'near a corner too');
  }
  const first = [...layout.positions.values()][0]!;
  assert.equal(hits.at(first.x + NODE_WIDTH + 40, first.y + NODE_HEIGHT / 2), undefined);
});
