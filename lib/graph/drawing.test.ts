import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDrawing, type DrawInputs } from './drawing';
import { syntheticTopology } from './testing/synthetic-topology';

const topology = syntheticTopology([
  { namespace: 'default', name: 'api', endpoints: 2 },
  { namespace: 'default', name: 'web', endpoints: 1 },
]);
const inputs: DrawInputs = {
  topology,
  namespaces: [],
  query: '',
  problemsOnly: false,
  drawAll: false,
  expanded: new Set(),
  keepServiceId: null,
};

test('the same inputs give the same drawing; a change gives a new one laid out from the last', () => {
  const draw = createDrawing();
  const first = draw(inputs);
  assert.equal(draw({ ...inputs }), first, 'field-by-field identity, not the wrapper object');
  const filtered = draw({ ...inputs, query: 'web' });
  assert.notEqual(filtered, first);
  assert.equal(filtered.graph.matchedServices, 1);
  // Back to everything: rows reserved by the previous layout keep web where it was.
  const webId = topology.services.find((s) => s.name === 'web')!.id;
  const again = draw(inputs);
  assert.equal(
    again.layout.positions.get(webId)?.row,
    first.layout.positions.get(webId)?.row,
    'a Service keeps its row across filter changes',
  );
});
