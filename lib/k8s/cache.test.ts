import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterCache, type ChangeBatch } from './cache';
import type { NamespaceRecord } from '../topology/records';

const ns = (uid: string, rv: string): NamespaceRecord => ({
  kind: 'Namespace',
  meta: { uid, name: uid, namespace: '', resourceVersion: rv },
  phase: 'Active',
});

test('replace emits only what differs: changed RV, missing, new', () => {
  const cache = new ClusterCache();
  const batches: ChangeBatch[] = [];
  cache.subscribe((b) => batches.push(b));
  cache.replace('Namespace', [ns('a', '1'), ns('b', '1'), ns('c', '1')]);
  assert.equal(batches[0]?.upserts.length, 3);
  cache.replace('Namespace', [ns('a', '1'), ns('b', '2'), ns('d', '1')]);
  assert.deepEqual(
    batches[1]?.upserts.map((r) => r.meta.uid),
    ['b', 'd'],
  );
  assert.deepEqual(batches[1]?.deletes, [
    { kind: 'Namespace', uid: 'c', namespace: '', name: 'c' },
  ]);
  cache.replace('Namespace', [ns('a', '1'), ns('b', '2'), ns('d', '1')]);
  assert.equal(batches.length, 2, 'an identical relist emits nothing');
  assert.deepEqual(cache.counters, { upserts: 5, deletes: 1 });
});

test('events: same RV is ignored, delete of an unknown uid is ignored', () => {
  const cache = new ClusterCache();
  let n = 0;
  cache.subscribe(() => n++);
  cache.apply('ADDED', ns('a', '1'));
  cache.apply('MODIFIED', ns('a', '1'));
  cache.apply('DELETED', ns('zzz', '3'));
  cache.apply('MODIFIED', ns('a', '2'));
  cache.apply('DELETED', ns('a', '3'));
  assert.equal(n, 3);
  assert.equal(cache.size('Namespace'), 0);
  assert.deepEqual(cache.snapshot().namespaces, []);
});

test("only a kind's first list is marked initial: relists and watch events are changes", () => {
  const cache = new ClusterCache();
  const batches: ChangeBatch[] = [];
  cache.subscribe((b) => batches.push(b));
  cache.replace('Namespace', [ns('a', '1')]);
  cache.apply('ADDED', ns('b', '1'));
  cache.replace('Namespace', [ns('a', '2'), ns('b', '1')]);
  assert.deepEqual(
    batches.map((b) => b.initial ?? false),
    [true, false, false],
  );
});
