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

test('an answer is applied when the caller says, and not once its targets changed meanwhile', async () => {
  const store = createRecordStore(initialRecordStoreState(), { schedule: () => () => {} });
  const deferred: (() => void)[] = [];
  let calls = 0;
  const close = connectDnsAnswers(store, createRecordSelectors().externalNameKey, {
    // Each answer differs, so applying a stale one would show.
    fetchAnswers: async () => ({ 'db.example.com': { ok: false, error: `NXDOMAIN ${++calls}` } }),
    refreshMs: 3_600_000,
    defer: (apply) => deferred.push(apply),
  });
  try {
    store.push({ type: 'upsert', records: [externalName('a', 'db.example.com')] });
    store.flush();
    await tick();
    assert.equal(deferred.length, 1, 'the answer waits for the caller');
    assert.equal(store.getState().dns, undefined, 'not applied yet');
    deferred.shift()!();
    assert.deepEqual(store.getState().dns, {
      'db.example.com': { ok: false, error: 'NXDOMAIN 1' },
    });
    // Asked again for a new target, but the targets change before the answer is applied.
    store.push({ type: 'upsert', records: [externalName('b', 'cache.example.com')] });
    store.flush();
    await tick();
    assert.equal(deferred.length, 1);
    store.push({ type: 'delete', refs: [{ kind: 'Service', uid: 'b' }] });
    store.flush();
    await tick();
    // The answer for db and cache (call 2), then the one asked again for db alone (call 3).
    assert.equal(deferred.length, 2);
    deferred.shift()!();
    assert.deepEqual(
      store.getState().dns,
      { 'db.example.com': { ok: false, error: 'NXDOMAIN 1' } },
      'an answer for targets no longer asked is dropped',
    );
    deferred.shift()!();
    assert.deepEqual(store.getState().dns, {
      'db.example.com': { ok: false, error: 'NXDOMAIN 3' },
    });
  } finally {
    close();
  }
});
