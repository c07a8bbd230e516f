/**
 * What the store does to metadata: generateName, generation per kind and version, the initial
 * status, ObjectMeta validation for kinds without a strategy, strategies' defaults, finalizers
 * on an object being deleted, and preconditions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertApiError, pod, testStore } from './testing/store';
import type { KubeObject } from './types';

const deployment = (replicas: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas },
});

describe('metadata on create', () => {
  it('turns generateName into a name with five safe characters', () => {
    const { store } = testStore();
    const created = store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { generateName: 'web-', namespace: 'default' },
    });
    assert.match(created.metadata.name ?? '', /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('sets the registry kind/apiVersion, initial status, and namespace finalizers and label', () => {
    const { store } = testStore();
    const created = store.create('pods', {
      ...pod('web', { containers: [{ name: 'c' }] }),
      kind: 'x',
    });
    assert.equal(created.kind, 'Pod');
    assert.deepEqual(created.status, { phase: 'Pending', qosClass: 'BestEffort' });
    const ns = store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team' },
    });
    assert.deepEqual(ns.spec, { finalizers: ['kubernetes'] });
    assert.equal(ns.metadata.labels?.['kubernetes.io/metadata.name'], 'team');
    assert.deepEqual(ns.status, { phase: 'Active' });
  });
});

describe('generation', () => {
  it('bumps on spec changes for kinds that keep one', () => {
    const { store } = testStore();
    const created = store.create('deployments', deployment(1));
    assert.equal(created.metadata.generation, 1);
    const labelled = structuredClone(created);
    labelled.metadata.labels = { a: 'b' };
    assert.equal(store.update('deployments', labelled).metadata.generation, 1);
    const scaled = structuredClone(store.get('deployments', 'default', 'web')!);
    scaled.spec = { replicas: 3 };
    assert.equal(store.update('deployments', scaled).metadata.generation, 2);
  });

  it('is decided after the strategy’s defaults: re-sending the undefaulted object changes nothing', () => {
    const { store } = testStore({
      strategies: {
        deployments: {
          default: (object) => {
            object.spec = { revisionHistoryLimit: 10, ...(object.spec as object) };
          },
        },
      },
    });
    const created = store.create('deployments', deployment(1));
    assert.deepEqual(created.spec, { revisionHistoryLimit: 10, replicas: 1 });
    const resent = { ...deployment(1), metadata: { ...created.metadata } };
    assert.equal(store.update('deployments', resent).metadata.generation, 1);
    const scaled = {
      ...deployment(2),
      metadata: { ...store.get('deployments', 'default', 'web')!.metadata },
    };
    assert.equal(store.update('deployments', scaled).metadata.generation, 2);
  });

  it('pods carry one from 1.33 on, services never', () => {
    assert.equal(
      testStore({ minorVersion: 33 }).store.create('pods', pod('a')).metadata.generation,
      1,
    );
    assert.equal(
      testStore({ minorVersion: 32 }).store.create('pods', pod('a')).metadata.generation,
      undefined,
    );
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'default', generation: 5 },
    };
    assert.equal(testStore().store.create('services', svc).metadata.generation, undefined);
  });
});

describe('validation', () => {
  it('validates ObjectMeta for kinds without a strategy, with the kind’s name rule', () => {
    const { store } = testStore();
    assertApiError(
      () =>
        store.create('namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'a.b' },
        }),
      422,
      /^Namespace "a\.b" is invalid: metadata\.name: Invalid value: "a\.b": a lowercase RFC 1123 label/,
    );
    assertApiError(
      () =>
        store.create('services', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: '1abc', namespace: 'default' },
        }),
      422,
      /^Service "1abc" is invalid: metadata\.name: Invalid value: "1abc": a DNS-1035 label/,
    );
    assertApiError(
      () =>
        store.create('pods', {
          ...pod('web'),
          metadata: { name: 'web', namespace: 'default', labels: { 'a b': 'x' } },
        }),
      422,
      /^Pod "web" is invalid: metadata\.labels: Invalid value: "a b": name part must consist of/,
    );
  });

  it('runs the strategy: defaults first, then its causes fail the write', () => {
    const { store } = testStore({
      strategies: {
        pods: {
          default: (o) => {
            o.metadata.labels = { ...o.metadata.labels, defaulted: 'yes' };
          },
          validate: (o) =>
            o.metadata.name === 'bad'
              ? [
                  {
                    reason: 'FieldValueInvalid',
                    field: 'metadata.name',
                    message: 'Invalid value: "bad": no',
                  },
                ]
              : [],
        },
      },
    });
    assert.equal(store.create('pods', pod('good')).metadata.labels?.defaulted, 'yes');
    assertApiError(
      () => store.create('pods', pod('bad')),
      422,
      'Pod "bad" is invalid: metadata.name: Invalid value: "bad": no',
    );
  });

  it('requires a name and, for namespaced kinds, a namespace, also when a strategy validates', () => {
    const { store } = testStore({ strategies: { pods: { validate: () => [] } } });
    assertApiError(
      () =>
        store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default' } }),
      422,
      'Pod "" is invalid: metadata.name: Required value: name or generateName is required',
    );
    assertApiError(
      () => store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } }),
      422,
      'Pod "web" is invalid: metadata.namespace: Required value',
    );
    const bare = testStore().store;
    assertApiError(
      () =>
        bare.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default' } }),
      422,
      'Pod "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  });

  it('no new finalizers on an object being deleted', () => {
    const { store } = testStore();
    store.create('pods', {
      ...pod('web'),
      metadata: { name: 'web', namespace: 'default', finalizers: ['example.com/a'] },
    });
    const deleting = structuredClone(store.delete('pods', 'default', 'web'));
    deleting.metadata.finalizers = ['example.com/a', 'example.com/b'];
    assertApiError(
      () => store.update('pods', deleting),
      422,
      'Pod "web" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b"}',
    );
  });

  it("an update naming another object's uid conflicts with the storage layer's text", () => {
    const { store } = testStore();
    const created = store.create('pods', pod('web'));
    const next = structuredClone(created);
    next.metadata.uid = 'other';
    delete next.metadata.resourceVersion;
    assertApiError(
      () => store.update('pods', next),
      409,
      `Operation cannot be fulfilled on pods "web": Precondition failed: UID in precondition: other, UID in object meta: ${created.metadata.uid}`,
    );
  });
});
