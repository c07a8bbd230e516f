import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceRecord } from '../topology/records';
import { applyStreamEvents, initialRecordStoreState } from './record-state';
import { createRecordSelectors, selectReadOnly } from './selectors';

function svc(uid: string, extra: Partial<ServiceRecord> = {}): ServiceRecord {
  return {
    kind: 'Service',
    meta: { uid, name: uid, namespace: 'default', resourceVersion: '1' },
    type: 'ClusterIP',
    ports: [],
    ...extra,
  };
}

test('the derived view is built once per records change, and again when DNS answers change', () => {
  const selectors = createRecordSelectors();
  const s0 = initialRecordStoreState({ records: [svc('a')] });
  const v0 = selectors.view(s0);
  assert.equal(v0.topology.services.length, 1);
  assert.equal(selectors.view(s0), v0, 'same state, same view object');
  // A status-only change keeps the records map: the view is reused.
  const s1 = applyStreamEvents(s0, [{ type: 'status', sync: { kinds: {}, connection: 'live' } }]);
  assert.notEqual(s1, s0);
  assert.equal(selectors.view(s1), v0);
  const s2 = applyStreamEvents(s1, [{ type: 'upsert', records: [svc('b')] }]);
  assert.notEqual(selectors.view(s2), v0);
  assert.equal(selectors.view(s2).topology.services.length, 2);
  const s3 = { ...s2, dns: { 'db.example.com': { ok: false, error: 'NXDOMAIN' } } };
  assert.notEqual(selectors.view(s3), selectors.view(s2));
});

test('the ExternalName key lists each target once, sorted, and is stable per records map', () => {
  const selectors = createRecordSelectors();
  const s0 = initialRecordStoreState({
    records: [
      svc('a', { type: 'ExternalName', externalName: 'z.example.com' }),
      svc('b', { type: 'ExternalName', externalName: 'a.example.com' }),
      svc('c', { type: 'ExternalName', externalName: 'z.example.com' }),
      svc('d'),
    ],
  });
  assert.equal(selectors.externalNameKey(s0), 'a.example.com,z.example.com');
  assert.equal(selectors.externalNameKey(initialRecordStoreState()), '');
});

test('writes are offered only when the server says it accepts them', () => {
  assert.equal(selectReadOnly(initialRecordStoreState()), true, 'no cluster info yet: read-only');
  const cluster = { name: 'kind', simulated: false, readOnly: false };
  assert.equal(selectReadOnly(initialRecordStoreState({ cluster })), false);
});
