import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceRecord } from '@/lib/topology/records';
import { activateNode, pickProblem, selectService, setQuery } from './map-actions';
import { createMapStores } from './map-state';

const service: ServiceRecord = {
  kind: 'Service',
  meta: { uid: 'u1', name: 'api', namespace: 'shop', resourceVersion: '1' },
  type: 'ClusterIP',
  selector: { app: 'api' },
  ports: [{ port: 80, protocol: 'TCP' }],
};

function stores() {
  return createMapStores(
    {
      cluster: { name: 'kind', simulated: false, readOnly: false },
      sync: { kinds: {}, connection: 'live' },
      records: [service],
    },
    { namespaces: [], focus: null, query: '', problemsOnly: false, drawAll: false },
  );
}

test('a filter change goes to the URL state and re-fits the view', () => {
  const s = stores();
  setQuery(s, 'api');
  assert.equal(s.ui.getState().params.query, 'api');
  assert.equal(s.ui.getState().fitSignal, 1);
});

test('selecting a Service by id puts its namespace/name in the URL state; null closes it', () => {
  const s = stores();
  selectService(s, 'svc:u1');
  assert.equal(s.ui.getState().params.focus, 'shop/api');
  assert.equal(s.mirror.getState().rows.get('svc:u1')?.name, 'api', 'found by its row');
  selectService(s, null);
  assert.equal(s.ui.getState().params.focus, null);
  selectService(s, 'svc:unknown');
  assert.equal(s.ui.getState().params.focus, null, 'an unknown id changes nothing');
});

test('activating a group expands it; picking a problem focuses and selects the Service', () => {
  const s = stores();
  const graph = {
    nodes: new Map([
      [
        'grp:ns:shop',
        {
          id: 'grp:ns:shop',
          kind: 'namespace-group' as const,
          column: 0 as const,
          block: 'grp:ns:shop',
        },
      ],
    ]),
    edges: [],
    blocks: [],
    outline: [],
    matchedServices: 1,
    totalServices: 1,
    collapsedNamespaces: ['shop'],
  };
  activateNode(s, graph, 'grp:ns:shop');
  assert.ok(s.ui.getState().expanded.has('grp:ns:shop'));
  pickProblem(s, 'svc:u1');
  assert.equal(s.ui.getState().focusedNodeId, 'svc:u1');
  assert.equal(s.ui.getState().params.focus, 'shop/api');
});

test('activating a workload shows its revisions, again hides them; the choice is kept by id', () => {
  const s = stores();
  const id = 'wl:svc:u1:d1';
  const graph = {
    nodes: new Map([[id, { id, kind: 'workload' as const, column: 2 as const, block: 'svc:u1' }]]),
    edges: [],
    blocks: [],
    outline: [],
    matchedServices: 1,
    totalServices: 1,
    collapsedNamespaces: [],
  };
  activateNode(s, graph, id);
  assert.ok(s.ui.getState().expanded.has(id));
  assert.equal(s.ui.getState().params.focus, null, 'no Service is selected by it');
  activateNode(s, graph, id);
  assert.ok(!s.ui.getState().expanded.has(id));
});

test("the first picture is the server's snapshot, drawn before any pipeline runs", () => {
  const s = stores();
  const mirror = s.mirror.getState();
  assert.ok(mirror.drawing.graph.nodes.has('svc:u1'));
  assert.ok(mirror.drawing.layout.positions.has('svc:u1'));
  assert.deepEqual(mirror.namespaces, ['shop']);
  assert.equal(mirror.status.hasRecords, true);
  assert.equal(s.pipeline.current, null, 'the pipeline starts when the island mounts');
});
