import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceRecord } from '@/lib/topology/records';
import type { MapParams } from '@/lib/graph/url-state';
import { createMapStores } from './map-state';

const live: ServiceRecord = {
  kind: 'Service',
  meta: { uid: 'u1', name: 'api', namespace: 'shop', resourceVersion: '1' },
  type: 'ClusterIP',
  selector: { app: 'api' },
  ports: [{ port: 80, protocol: 'TCP' }],
};

const base: MapParams = {
  namespaces: [],
  focus: null,
  query: '',
  problemsOnly: false,
  drawAll: false,
};

function stores(params: MapParams) {
  return createMapStores(
    {
      cluster: { name: 'kind', simulated: false, readOnly: false },
      sync: { kinds: {}, connection: 'live' },
      records: [live],
    },
    params,
  );
}

test('the live map is first drawn from the server records', () => {
  const s = stores(base);
  assert.equal(s.mirror.getState().rows.get('svc:u1')?.name, 'api');
  assert.equal(s.mirror.getState().status.hasRecords, true);
  assert.deepEqual(s.mirror.getState().history, { mode: 'live' });
});

test('a link to a past instant draws no live record while the instant loads', () => {
  const at = '2026-12-02T03:12:05Z';
  for (const params of [
    { ...base, at },
    { ...base, from: '2026-12-02T03:00:00Z', to: at },
  ]) {
    const s = stores(params);
    const first = s.mirror.getState();
    assert.equal(first.rows.size, 0);
    assert.equal(first.drawing.graph.nodes.size, 0);
    assert.equal(first.status.hasRecords, false);
    assert.deepEqual(first.history, { mode: 'loading', at });
    // …and the pipeline starts from none of them either.
    assert.deepEqual(s.initial.records, []);
  }
});
