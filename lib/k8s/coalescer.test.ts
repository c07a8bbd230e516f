import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NamespaceRecord, SlimRecord } from '../topology/records';
import { ChangeCoalescer } from './coalescer';

const ns = (uid: string, rv: string): NamespaceRecord =>
  ({
    kind: 'Namespace',
    meta: { uid, name: uid, namespace: '', resourceVersion: rv },
  }) as NamespaceRecord;

function collect() {
  const out: { upserts: SlimRecord[]; deletes: string[]; previous: Map<string, string> }[] = [];
  const c = new ChangeCoalescer({ idleMs: 60_000, tickMs: 60_000 }, (upserts, deletes, previous) =>
    out.push({
      upserts,
      deletes: deletes.map((d) => d.uid),
      previous: new Map([...previous].map(([k, v]) => [k, v.meta.resourceVersion])),
    }),
  );
  return { c, out };
}

const many = (n: number, rv: string) => Array.from({ length: n }, (_, i) => ns(`u${i}`, rv));

test('a big batch with nothing pending goes out as it came', () => {
  const { c, out } = collect();
  const upserts = many(1500, '2');
  const previous = new Map<string, SlimRecord>([['u7', ns('u7', '1')]]);
  c.add({ upserts, deletes: [{ kind: 'Namespace', uid: 'gone' }], previous });
  c.flush();
  c.stop();
  assert.equal(out.length, 1);
  assert.equal(out[0]!.upserts, upserts);
  assert.deepEqual(out[0]!.deletes, ['gone']);
  assert.deepEqual([...out[0]!.previous], [['u7', '1']]);
});

test('a change that joins a big batch before it goes is coalesced with it per object', () => {
  const { c, out } = collect();
  const previous = new Map<string, SlimRecord>([['u3', ns('u3', '1')]]);
  c.add({ upserts: many(1500, '2'), deletes: [], previous });
  c.add({ upserts: [ns('u3', '3')], deletes: [{ kind: 'Namespace', uid: 'u4' }] });
  c.flush();
  c.stop();
  assert.equal(out.length, 1);
  const { upserts, deletes, previous: before } = out[0]!;
  assert.equal(upserts.length, 1499, 'u3 once, u4 a delete instead');
  assert.equal(upserts.find((r) => r.meta.uid === 'u3')?.meta.resourceVersion, '3');
  assert.deepEqual(deletes, ['u4']);
  assert.deepEqual([...before], [['u3', '1']], 'compared with the version before the batch');
});

test('small batches are coalesced per object as before', () => {
  const { c, out } = collect();
  c.add({ upserts: [ns('a', '1'), ns('b', '1')], deletes: [] });
  c.add({ upserts: [ns('a', '2')], deletes: [] });
  c.flush();
  c.stop();
  assert.deepEqual(
    out[0]!.upserts.map((r) => `${r.meta.uid}@${r.meta.resourceVersion}`),
    ['a@2', 'b@1'],
  );
});
