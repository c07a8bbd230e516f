import assert from 'node:assert/strict';
import { test } from 'node:test';
import { namespaceRecord, podRecord, serviceRecord } from '../topology/testing/objects';
import { toClusterSnapshot, type SlimRecord } from '../topology/records';
import { prng } from '../testing/prng';
import { clusterSnapshotOf, edit, RecordTable } from './record-table';

const pods = Array.from({ length: 400 }, (_, i) => podRecord('ns', `pod-${i}`, {}));

const asMap = (table: ReadonlyMap<string, SlimRecord>) => new Map([...table]);

test('a table reads as the map of its records: get, has, size, every entry once', () => {
  const table = RecordTable.of(pods);
  const map = new Map(pods.map((p) => [p.meta.uid, p] as const));
  assert.equal(table.size, map.size);
  assert.deepStrictEqual(asMap(table), map);
  assert.deepStrictEqual(new Set(table.keys()), new Set(map.keys()));
  assert.deepStrictEqual(new Set(table.values()), new Set(map.values()));
  for (const pod of pods) assert.equal(table.get(pod.meta.uid), pod);
  assert.equal(table.has('nope'), false);
  const seen: string[] = [];
  table.forEach((value, key, self) => {
    assert.equal(self, table);
    assert.equal(value.meta.uid, key);
    seen.push(key);
  });
  assert.equal(seen.length, pods.length);
});

test('a draft leaves its base as it was, shares the shards it did not write, and is the base when it wrote nothing', () => {
  const base = RecordTable.of(pods);
  assert.equal(edit(base).done(), base, 'nothing written: the base itself');
  const draft = edit(base);
  const changed = { ...pods[3]!, meta: { ...pods[3]!.meta, resourceVersion: '999' } };
  draft.set(changed.meta.uid, changed);
  draft.delete(pods[7]!.meta.uid);
  draft.delete('not-there');
  const next = draft.done() as RecordTable;
  assert.equal(next.size, pods.length - 1);
  assert.equal(next.get(changed.meta.uid), changed);
  assert.equal(next.has(pods[7]!.meta.uid), false);
  assert.equal(base.get(changed.meta.uid), pods[3], 'the base reads as before');
  assert.equal(base.size, pods.length);
  const shared = next.shards.filter((shard, i) => shard === base.shards[i]).length;
  assert.ok(shared >= next.shards.length - 2, `only the written shards are copies (${shared})`);
});

test('random edits over tables and plain maps: always the same records as a Map given the same edits', () => {
  for (const seed of [1, 2, 3]) {
    const random = prng(seed);
    let table: ReadonlyMap<string, SlimRecord> = new Map(
      pods.slice(0, 50).map((p) => [p.meta.uid, p]),
    );
    const model = new Map(table);
    for (let step = 0; step < 200; step++) {
      const draft = edit(table);
      const before = asMap(table);
      for (let k = Math.floor(random() * 6); k > 0; k--) {
        const pod = pods[Math.floor(random() * pods.length)]!;
        if (random() < 0.4) {
          draft.delete(pod.meta.uid);
          model.delete(pod.meta.uid);
        } else {
          draft.set(pod.meta.uid, pod);
          model.set(pod.meta.uid, pod);
        }
        assert.equal(draft.get(pod.meta.uid), model.get(pod.meta.uid));
        assert.equal(draft.has(pod.meta.uid), model.has(pod.meta.uid));
      }
      const next = draft.done();
      assert.deepStrictEqual(asMap(next), model, `seed ${seed}, step ${step}`);
      assert.equal(next.size, model.size);
      assert.deepStrictEqual(asMap(table), before, 'the table before reads as it did');
      table = next;
    }
  }
});

test('grouped by kind: the same snapshot as grouping every record, edit after edit', () => {
  const records: SlimRecord[] = [
    ...pods.slice(0, 120),
    ...Array.from({ length: 40 }, (_, i) => serviceRecord('ns', `svc-${i}`)),
    ...Array.from({ length: 10 }, (_, i) => namespaceRecord(`ns-${i}`)),
  ];
  const random = prng(7);
  let table: ReadonlyMap<string, SlimRecord> = RecordTable.of(records.slice(0, 60));
  assert.deepStrictEqual(clusterSnapshotOf(table), toClusterSnapshot(table.values()));
  for (let step = 0; step < 150; step++) {
    const draft = edit(table);
    for (let k = 1 + Math.floor(random() * 4); k > 0; k--) {
      const record = records[Math.floor(random() * records.length)]!;
      if (random() < 0.4) draft.delete(record.meta.uid);
      else draft.set(record.meta.uid, { ...record });
    }
    const before = toClusterSnapshot(table.values());
    const next = draft.done();
    assert.deepStrictEqual(
      clusterSnapshotOf(next),
      toClusterSnapshot(next.values()),
      `step ${step}`,
    );
    assert.deepStrictEqual(clusterSnapshotOf(table), before, `step ${step}: the table before`);
    table = next;
  }
  const plain = new Map(records.map((r) => [r.meta.uid, r]));
  assert.deepStrictEqual(
    clusterSnapshotOf(plain),
    toClusterSnapshot(plain.values()),
    'a plain map',
  );
});
