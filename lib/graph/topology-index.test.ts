import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveModel } from '../topology/live-model';
import { buildTopology } from '../topology';
import { toClusterSnapshot } from '../topology/records';
import { Churn } from '../topology/testing/churn';
import { serviceRecord } from '../topology/testing/objects';
import { createIndexMemo, indexTopology } from './topology-index';

test('indexed per Service with a memo, batch after batch: the same lookups as indexed whole', () => {
  for (const seed of [1, 2, 3]) {
    const churn = new Churn(seed);
    const model = new LiveModel();
    model.apply(churn.seed());
    // An ExternalName Service: its DNS target is an edge of its own.
    const db = serviceRecord('default', 'db', {
      type: 'ExternalName',
      externalName: 'db.example.com',
    });
    model.apply({ upserts: [db], deletes: [] });
    const memo = createIndexMemo();
    let keptPodTable = 0;
    let known = 0;
    let lastTable: unknown = null;
    // What the previous index held (its pod table is updated in place: copied here).
    let held: Map<string, unknown> | null = null;
    for (let step = 1; step <= 120; step++) {
      const batch = churn.step();
      model.apply(batch);
      const { topology } = model.topologyWithDiagnoses();
      const withMemo = indexTopology(topology, memo);
      const where = `seed ${seed}, step ${step} (${batch.what})`;
      assert.ok(withMemo.externalNameTarget.size > 0, 'the ExternalName Service is indexed');
      const { changed, ...lookups } = withMemo;
      const { changed: none, ...whole } = indexTopology(topology);
      assert.equal(none, null, 'indexed whole: not known');
      assert.deepStrictEqual(lookups, whole, where);
      const now = new Map<string, unknown>([...withMemo.pods, ...withMemo.externals]);
      if (changed) {
        known++;
        const differ = new Set<string>();
        for (const [id, target] of now) if (held!.get(id) !== target) differ.add(id);
        for (const id of held!.keys()) if (!now.has(id)) differ.add(id);
        assert.deepStrictEqual(new Set(changed), differ, `${where}: what changed`);
      }
      held = now;
      if (withMemo.pods === lastTable) keptPodTable++;
      lastTable = withMemo.pods;
    }
    assert.ok(keptPodTable > 0, `the pod table was kept across batches (${keptPodTable})`);
    assert.ok(known > 0, `what changed was known after some batches (${known})`);
  }
});

test('a topology not assembled from fragments is indexed whole, memo or not', () => {
  const churn = new Churn(4);
  const seed = churn.seed();
  const topology = buildTopology(toClusterSnapshot(seed.upserts));
  const copy = structuredClone(topology);
  assert.deepStrictEqual(indexTopology(copy, createIndexMemo()), indexTopology(topology));
});

test('after an index made whole, the next one with the same memo does not claim to know what changed', () => {
  const churn = new Churn(5);
  const model = new LiveModel();
  model.apply(churn.seed());
  const memo = createIndexMemo();
  const assembled = () => model.topologyWithDiagnoses().topology;
  indexTopology(assembled(), memo);
  assert.notEqual(indexTopology(assembled(), memo).changed, null, 'known between two assembled');
  indexTopology(structuredClone(assembled()), memo);
  assert.equal(indexTopology(assembled(), memo).changed, null);
});
