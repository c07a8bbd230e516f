/** Stored objects by key, sorted keys for paging, and per-namespace ranges. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createObjectTables,
  getObject,
  listObjects,
  lowerBound,
  objectKey,
  putObject,
  removeObject,
  sortedKeys,
} from './store-tables';
import type { KubeObject } from './types';

const pod = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace, name },
});

describe('object tables', () => {
  it('keys namespaced objects by namespace/name and cluster-scoped ones by name', () => {
    assert.equal(objectKey('pods', 'default', 'web'), 'default/web');
    assert.equal(objectKey('nodes', 'ignored', 'node-1'), 'node-1');
  });

  it('keeps keys sorted across inserts and removals, and lists one namespace as a range', () => {
    const tables = createObjectTables();
    for (const [ns, name] of [
      ['b', 'x'],
      ['a', 'z'],
      ['a', 'y'],
      ['ab', 'q'],
    ] as const) {
      putObject(tables, 'pods', pod(ns, name));
    }
    assert.deepEqual(sortedKeys(tables, 'pods'), ['a/y', 'a/z', 'ab/q', 'b/x']);
    assert.deepEqual(
      listObjects(tables, 'pods', 'a').map((o) => o.metadata.name),
      ['y', 'z'],
    );
    assert.equal(listObjects(tables, 'pods').length, 4);
    removeObject(tables, 'pods', pod('a', 'y'));
    assert.deepEqual(sortedKeys(tables, 'pods'), ['a/z', 'ab/q', 'b/x']);
    assert.equal(getObject(tables, 'pods', 'a', 'y'), undefined);
    assert.equal(getObject(tables, 'pods', 'b', 'x')?.metadata.name, 'x');
    assert.deepEqual(listObjects(tables, 'pods', 'none'), []);
  });

  it('lowerBound finds the first key not below the target', () => {
    const keys = ['a/1', 'a/2', 'b/1'];
    assert.equal(lowerBound(keys, 'a/'), 0);
    assert.equal(lowerBound(keys, 'a/2'), 1);
    assert.equal(lowerBound(keys, 'a/3'), 2);
    assert.equal(lowerBound(keys, 'c'), 3);
    assert.equal(lowerBound([], 'x'), 0);
  });
});
