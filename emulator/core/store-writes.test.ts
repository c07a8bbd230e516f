/**
 * Create, update, /status and /binding on the store itself: namespace admission, AlreadyExists,
 * optimistic concurrency, create-on-update, dry-run, no-op updates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OBJECT_MODIFIED } from './errors';
import { assertApiError, configLike, NOW, pod, testStore } from './testing/store';

describe('create', () => {
  it('assigns uid, creationTimestamp and a resourceVersion, and emits ADDED', () => {
    const { store, events } = testStore();
    const before = Number(store.currentResourceVersion());
    const created = store.create('pods', pod('web', { containers: [] }));
    assert.match(created.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(created.metadata.creationTimestamp, '2025-01-02T03:04:05Z');
    assert.equal(created.metadata.resourceVersion, String(before + 1));
    assert.equal(Object.isFrozen(created), true);
    assert.equal(events.at(-1)?.type, 'ADDED');
    assert.equal(store.get('pods', 'default', 'web'), created);
  });

  it('refuses a missing or terminating namespace, a set resourceVersion and a taken name', () => {
    const { store } = testStore();
    assertApiError(
      () => store.create('pods', pod('a', {}, 'nope')),
      404,
      'namespaces "nope" not found',
    );
    const withRV = pod('a');
    withRV.metadata.resourceVersion = '5';
    assertApiError(
      () => store.create('pods', withRV),
      400,
      'resourceVersion should not be set on objects to be created',
    );
    store.create('pods', pod('a'));
    assertApiError(() => store.create('pods', pod('a')), 409, 'pods "a" already exists');
    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gone' } });
    store.delete('namespaces', '', 'gone');
    assertApiError(
      () => store.create('pods', pod('a', {}, 'gone')),
      403,
      'pods "a" is forbidden: unable to create new content in namespace gone because it is being terminated',
    );
  });

  it('dry-run validates and returns the object without storing or emitting', () => {
    const { store, events } = testStore();
    const count = events.length;
    const result = store.create('pods', pod('dry'), { dryRun: true });
    assert.equal(result.metadata.name, 'dry');
    assert.equal(store.get('pods', 'default', 'dry'), undefined);
    assert.equal(events.length, count);
  });
});

describe('update', () => {
  it('conflicts on a stale resourceVersion and writes nothing for a no-op', () => {
    const { store, events } = testStore();
    const created = store.create('pods', pod('web'));
    const stale = structuredClone(created);
    const next = structuredClone(created);
    next.metadata.labels = { app: 'web' };
    const updated = store.update('pods', next);
    assert.notEqual(updated.metadata.resourceVersion, created.metadata.resourceVersion);
    stale.metadata.labels = { app: 'db' };
    assertApiError(
      () => store.update('pods', stale),
      409,
      `Operation cannot be fulfilled on pods "web": ${OBJECT_MODIFIED}`,
    );
    const count = events.length;
    assert.equal(store.update('pods', structuredClone(updated)), updated);
    assert.equal(events.length, count);
  });

  it('keeps identity and status; only /status writes status', () => {
    const { store } = testStore();
    const created = store.create('pods', pod('web'));
    const next = structuredClone(created) as typeof created & { status: unknown };
    next.metadata.uid = undefined;
    next.status = { phase: 'Running' };
    const updated = store.update('pods', next);
    assert.equal(updated.metadata.uid, created.metadata.uid);
    assert.deepEqual(updated.status, created.status);
    const status = structuredClone(updated) as typeof updated & { status: unknown };
    status.status = { phase: 'Running' };
    status.metadata.labels = { ignored: 'yes' };
    const written = store.updateStatus('pods', status);
    assert.deepEqual(written.status, { phase: 'Running' });
    assert.equal(written.metadata.labels, undefined);
  });

  it('creates on update where the registry allows it, else 404', () => {
    const { store } = testStore();
    const ep = store.update('endpoints', configLike('endpoints', 'web'));
    assert.equal(store.get('endpoints', 'default', 'web'), ep);
    assertApiError(() => store.update('pods', pod('missing')), 404, 'pods "missing" not found');
  });
});

describe('binding', () => {
  it('sets nodeName once with PodScheduled=True', () => {
    const { store } = testStore();
    store.create('pods', pod('web'));
    const bound = store.bindPod('default', 'web', 'node-1');
    assert.equal((bound.spec as { nodeName?: string }).nodeName, 'node-1');
    const conditions = (bound.status as { conditions: unknown[] }).conditions;
    assert.deepEqual(conditions, [
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: NOW.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    ]);
    assertApiError(
      () => store.bindPod('default', 'web', 'node-2'),
      409,
      'Operation cannot be fulfilled on pods "web": pod web is already assigned to node "node-1"',
    );
  });
});
