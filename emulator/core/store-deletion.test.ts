/**
 * Deletion on the store itself: graceful pod deletion, finalizers, propagation finalizers with
 * and without a garbage collector, namespaces (Terminating, /finalize, the immortal ones).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertApiError, pod, testStore } from './testing/store';
import type { KubeObject } from './types';

const scheduled = (name: string) =>
  pod(name, { nodeName: 'node-1', terminationGracePeriodSeconds: 30 });

describe('pods', () => {
  it('a scheduled pod gets deletionTimestamp + grace first; grace 0 removes it', () => {
    const { store, events } = testStore();
    store.create('pods', scheduled('web'));
    const first = store.deleteDetailed('pods', 'default', 'web');
    assert.equal(first.deleted, false);
    assert.equal(first.object.metadata.deletionGracePeriodSeconds, 30);
    assert.equal(first.object.metadata.deletionTimestamp, '2025-01-02T03:04:35Z');
    const longer = store.deleteDetailed('pods', 'default', 'web', { gracePeriodSeconds: 60 });
    assert.equal(longer.object, first.object, 'a longer grace period changes nothing');
    const gone = store.deleteDetailed('pods', 'default', 'web', { gracePeriodSeconds: 0 });
    assert.equal(gone.deleted, true);
    assert.equal(store.get('pods', 'default', 'web'), undefined);
    assert.equal(events.at(-1)?.type, 'DELETED');
  });

  it('unscheduled pods, and every pod without graceful deletion, go at once', () => {
    const { store } = testStore();
    store.create('pods', pod('a'));
    assert.equal(store.deleteDetailed('pods', 'default', 'a').deleted, true);
    const eager = testStore({ gracefulPodDeletion: false }).store;
    eager.create('pods', scheduled('b'));
    assert.equal(eager.deleteDetailed('pods', 'default', 'b').deleted, true);
  });

  it('dry-run reports the deletion without doing it', () => {
    const { store } = testStore();
    store.create('pods', pod('a'));
    assert.equal(store.deleteDetailed('pods', 'default', 'a', { dryRun: true }).deleted, true);
    assert.ok(store.get('pods', 'default', 'a'));
  });
});

describe('preconditions', () => {
  it("fail with rest.BeforeDelete's Conflict on the kind", () => {
    const { store } = testStore();
    const created = store.create('pods', pod('web'));
    const { uid, resourceVersion } = created.metadata;
    assertApiError(
      () => store.delete('pods', 'default', 'web', { preconditions: { uid: 'other' } }),
      409,
      `Operation cannot be fulfilled on Pod "web": the UID in the precondition (other) does not match the UID in record (${uid}). The object might have been deleted and then recreated`,
    );
    assertApiError(
      () => store.delete('pods', 'default', 'web', { preconditions: { resourceVersion: '1' } }),
      409,
      `Operation cannot be fulfilled on Pod "web": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${resourceVersion}). The object might have been modified`,
    );
    assert.equal(
      store.deleteDetailed('pods', 'default', 'web', { preconditions: { uid, resourceVersion } })
        .deleted,
      true,
    );
  });

  it("namespaces answer with their registry's own words", () => {
    const { store } = testStore();
    const ns = store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team' },
    });
    assertApiError(
      () => store.delete('namespaces', '', 'team', { preconditions: { uid: 'u' } }),
      409,
      `Operation cannot be fulfilled on namespaces "team": Precondition failed: UID in precondition: u, UID in object meta: ${ns.metadata.uid}`,
    );
  });
});

describe('finalizers', () => {
  const withFinalizer = (name: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name, namespace: 'default', finalizers: ['example.com/hold'] },
  });

  it('keep the object until the last one is removed', () => {
    const { store } = testStore();
    store.create('endpoints', withFinalizer('web'));
    const held = store.delete('endpoints', 'default', 'web');
    assert.equal(held.metadata.deletionTimestamp, '2025-01-02T03:04:05Z');
    assert.equal(held.metadata.deletionGracePeriodSeconds, 0);
    assert.equal(
      store.delete('endpoints', 'default', 'web'),
      held,
      'a second delete changes nothing',
    );
    const released = structuredClone(held);
    released.metadata.finalizers = [];
    store.update('endpoints', released);
    assert.equal(store.get('endpoints', 'default', 'web'), undefined);
  });

  it('Orphan and Foreground add the GC finalizers only while a collector runs', () => {
    const { store } = testStore();
    store.create('endpoints', {
      ...withFinalizer('a'),
      metadata: { name: 'a', namespace: 'default' },
    });
    const orphaned = store.delete('endpoints', 'default', 'a', { propagationPolicy: 'Orphan' });
    assert.deepEqual(orphaned.metadata.finalizers, ['orphan']);
    store.create('endpoints', {
      ...withFinalizer('b'),
      metadata: { name: 'b', namespace: 'default' },
    });
    const fg = store.delete('endpoints', 'default', 'b', { propagationPolicy: 'Foreground' });
    assert.deepEqual(fg.metadata.finalizers, ['foregroundDeletion']);
    const noGC = testStore({ garbageCollection: false }).store;
    noGC.create('endpoints', {
      ...withFinalizer('c'),
      metadata: { name: 'c', namespace: 'default' },
    });
    assert.equal(
      noGC.deleteDetailed('endpoints', 'default', 'c', { propagationPolicy: 'Orphan' }).deleted,
      true,
    );
  });
});

describe('namespaces', () => {
  const namespace = (name: string, finalizers?: string[]): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: finalizers ? { name, finalizers } : { name },
  });
  const withSpecFinalizers = (ns: KubeObject, finalizers: string[]): KubeObject => ({
    ...structuredClone(ns),
    spec: { finalizers },
  });

  it('Terminating until spec.finalizers are emptied through /finalize, which deletes it', () => {
    const { store, events } = testStore();
    store.create('namespaces', namespace('team'));
    const terminating = store.deleteDetailed('namespaces', '', 'team');
    assert.equal(terminating.deleted, false);
    assert.equal((terminating.object.status as { phase: string }).phase, 'Terminating');
    assert.deepEqual(terminating.object.spec, { finalizers: ['kubernetes'] });
    // ShouldDeleteNamespaceDuringUpdate: no spec.finalizers, no metadata.finalizers, deleted.
    const after = store.finalizeNamespace(withSpecFinalizers(terminating.object, []));
    assert.equal(after.spec && (after.spec as { finalizers?: string[] }).finalizers, undefined);
    assert.equal(store.get('namespaces', '', 'team'), undefined);
    assert.equal(events.at(-1)?.type, 'DELETED');
  });

  it('/finalize keeps a namespace that still waits for a finalizer, or is not being deleted', () => {
    const { store } = testStore();
    store.create('namespaces', namespace('live'));
    const live = store.get('namespaces', '', 'live')!;
    store.finalizeNamespace(withSpecFinalizers(live, []));
    assert.ok(store.get('namespaces', '', 'live'), 'no deletionTimestamp: only the spec changes');

    store.create('namespaces', namespace('held', ['example.com/hold']));
    const held = store.deleteDetailed('namespaces', '', 'held').object;
    const dry = store.finalizeNamespace(withSpecFinalizers(held, []), { dryRun: true });
    assert.equal(dry.spec && (dry.spec as { finalizers?: string[] }).finalizers, undefined);
    store.finalizeNamespace(withSpecFinalizers(held, ['example.com/spec']));
    const emptied = store.finalizeNamespace(
      withSpecFinalizers(store.get('namespaces', '', 'held')!, []),
    );
    assert.deepEqual(emptied.metadata.finalizers, ['example.com/hold'], 'metadata finalizer');
    // The last metadata finalizer removed by an update: gone in that update (no grace period).
    const released = structuredClone(store.get('namespaces', '', 'held')!);
    released.metadata.finalizers = [];
    store.update('namespaces', released);
    assert.equal(store.get('namespaces', '', 'held'), undefined);
  });

  it('a dry-run /finalize deletes nothing', () => {
    const { store } = testStore();
    store.create('namespaces', namespace('dry'));
    const terminating = store.deleteDetailed('namespaces', '', 'dry').object;
    store.finalizeNamespace(withSpecFinalizers(terminating, []), { dryRun: true });
    assert.deepEqual(store.get('namespaces', '', 'dry')?.spec, { finalizers: ['kubernetes'] });
  });

  it('refuses to delete default, kube-system and kube-public', () => {
    const { store } = testStore();
    for (const name of ['default', 'kube-system', 'kube-public']) {
      assertApiError(
        () => store.delete('namespaces', '', name),
        403,
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
      );
    }
  });
});
