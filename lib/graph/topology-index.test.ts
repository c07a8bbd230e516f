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
    let lastTable: unknown = null;
    for (let step = 1; step <= 120; step++) {
      const batch = churn.step();
      model.apply(batch);
      const { topology } = model.topologyWithDiagnoses();
      const withMemo = indexTopology(topology, memo);
      assert.ok(withMemo.externalNameTarget.size > 0, 'the ExternalName Service is indexed');
      assert.deepStrictEqual(
        withMemo,
        indexTopology(topology),
        `seed ${seed}, step ${step} (${batch.what})`,
      );
      if (withMemo.pods === lastTable) keptPodTable++;
      lastTable = withMemo.pods;
    }
    assert.ok(keptPodTable > 0, `the pod table was kept across batches (${keptPodTable})`);
  }
});

test('a topology not assembled from fragments is indexed whole, memo or not', () => {
  const churn = new Churn(4);
  const seed = churn.seed();
  const topology = buildTopology(toClusterSnapshot(seed.upserts));
  const copy = structuredClone(topology);
  assert.deepStrictEqual(indexTopology(copy, createIndexMemo()), indexTopology(topology));
});
