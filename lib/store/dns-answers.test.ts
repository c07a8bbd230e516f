import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsResults } from '../topology/diagnosis';
import type { ServiceRecord } from '../topology/records';
import { connectDnsAnswers } from './dns-answers';
import { initialRecordStoreState } from './record-state';
import { createRecordStore } from './record-store';
import { createRecordSelectors } from './selectors';

const externalName = (uid: string, target: string): ServiceRecord => ({
  kind: 'Service',
  meta: { uid, name: uid, namespace: 'default', resourceVersion: '1' },
  type: 'ExternalName',
  externalName: target,
  ports: [],
});

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('answers are fetched when ExternalName targets appear, kept on failure, cleared when none is left', async () => {
  const store = createRecordStore(initialRecordStoreState(), { schedule: () => () => {} });
  const answers: (DnsResults | null)[] = [{ 'db.example.com': { ok: true } }, null];
  let calls = 0;
  const close = connectDnsAnswers(store, createRecordSelectors().externalNameKey, {
    fetchAnswers: async () => answers[calls++] ?? null,
    refreshMs: 3_600_000,
  });
  try {
    await tick();
    assert.equal(calls, 0, 'no ExternalName Service: nothing to ask');
    store.push({ type: 'upsert', records: [externalName('a', 'db.example.com')] });
    store.flush();
    await tick();
    assert.equal(calls, 1);
    assert.deepEqual(store.getState().dns, { 'db.example.com': { ok: true } });
    // A second target: asked again; the failed answer keeps the last good one.
    store.push({ type: 'upsert', records: [externalName('b', 'cache.example.com')] });
    store.flush();
    await tick();
    assert.equal(calls, 2);
    assert.deepEqual(store.getState().dns, { 'db.example.com': { ok: true } });
    store.push({
      type: 'delete',
      refs: [
        { kind: 'Service', uid: 'a' },
        { kind: 'Service', uid: 'b' },
      ],
    });
    store.flush();
    assert.equal(store.getState().dns, undefined);
  } finally {
    close();
  }
});
