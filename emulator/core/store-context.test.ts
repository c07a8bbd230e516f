/**
 * cloneForWrite: the store's private copy of an object being written shares its managedFields
 * (the field manager replaces them, never mutates them) and copies everything else, in the
 * original key order; a write leaves the caller's managedFields as they were.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cloneForWrite } from './store-context';
import { pod, testStore } from './testing/store';
import type { KubeObject } from './types';

describe('cloneForWrite', () => {
  it('shares managedFields, copies the rest and keeps the metadata key order', () => {
    const managedFields = [{ manager: 'm', operation: 'Update', fieldsV1: { 'f:spec': {} } }];
    const input = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', managedFields, labels: { a: 'b' } },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    } as KubeObject;
    const copy = cloneForWrite(input);
    assert.equal(copy.metadata.managedFields, managedFields);
    assert.notEqual(copy.metadata.labels, input.metadata.labels);
    assert.notEqual(copy.spec, input.spec);
    assert.deepEqual(copy, input);
    assert.deepEqual(Object.keys(copy.metadata), ['name', 'managedFields', 'labels']);
    const bare = cloneForWrite({ ...input, metadata: { name: 'p' } });
    assert.deepEqual(bare.metadata, { name: 'p' });
  });

  it("a write replaces the object's managedFields without touching the caller's", () => {
    const { store } = testStore();
    const created = store.create('pods', pod('p'), { fieldManager: 'creator' });
    const next = structuredClone(created) as KubeObject;
    const theirs = next.metadata.managedFields;
    const snapshot = structuredClone(theirs);
    next.metadata.labels = { x: 'y' };
    const updated = store.update('pods', next, { fieldManager: 'labeller' });
    assert.deepEqual(theirs, snapshot);
    assert.notEqual(updated.metadata.managedFields, theirs);
    assert.deepEqual(
      (updated.metadata.managedFields as { manager: string }[]).map((e) => e.manager),
      ['creator', 'labeller'],
    );
  });
});
