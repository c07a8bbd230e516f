/**
 * The store's managedFields stamping when the object does not fit the kind's types (a list-map
 * element without its key): the write goes through without managedFields, as upstream's
 * UpdateNoErrors does, instead of failing as an internal error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kindSchema } from '../api/openapi/field-types';
import { pod, testStore } from './testing/store';

describe('stampManagedFields', () => {
  it('drops managedFields when the object cannot be typed, and writes on', () => {
    const { store } = testStore({ kindSchema });
    const spec = { containers: [{ name: 'c', image: 'i' }], imagePullSecrets: [{}] };
    const created = store.create('pods', pod('p', spec), { fieldManager: 'kubectl' });
    assert.equal(created.metadata.managedFields, undefined);
    const typed = store.create('pods', pod('q', { containers: spec.containers }), {
      fieldManager: 'kubectl',
    });
    assert.equal((typed.metadata.managedFields as unknown[]).length, 1);
    const next = structuredClone(typed);
    (next.spec as Record<string, unknown>).imagePullSecrets = [{ key: 'x' }];
    const updated = store.update('pods', next, { fieldManager: 'kubectl' });
    assert.equal(updated.metadata.managedFields, undefined);
  });
});
