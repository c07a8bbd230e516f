/**
 * The hub's model follows its cache: made part-way through a cluster's life, fed watch events and
 * relists, it answers as a fresh build of the cache's own snapshot would (the diagnosis route's
 * old path: createDiagnosisContext over `visibleSnapshot(EVERYTHING, …)`), and finds Services by
 * namespace/name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVERYTHING, visibleSnapshot } from '../access/scope';
import { createDiagnosisContext, diagnoseService } from '../topology/diagnosis';
import { buildTopologyWithDiagnoses } from '../topology';
import type { RecordKind, SlimRecord } from '../topology/records';
import { Churn } from '../topology/testing/churn';
import { ClusterCache } from './cache';
import { modelOf } from './hub-model';

function feed(cache: ClusterCache, churn: Churn, before: Map<string, SlimRecord>): void {
  const batch = churn.step();
  for (const record of batch.upserts) cache.apply('MODIFIED', record);
  for (const ref of batch.deletes) cache.apply('DELETED', before.get(ref.uid)!);
}

test('the model of a cache answers as a fresh build of the cache, through events and relists', () => {
  const churn = new Churn(11);
  const cache = new ClusterCache();
  for (const record of churn.seed().upserts) cache.apply('ADDED', record);
  for (let i = 0; i < 20; i++) feed(cache, churn, new Map(churn.records));
  const model = modelOf(cache);
  assert.equal(modelOf(cache), model, 'one model per cache');
  for (let step = 0; step < 60; step++) {
    if (step % 15 === 14) {
      // A relist: the cache emits only the differences.
      const kinds = new Set<RecordKind>([...churn.records.values()].map((r) => r.kind));
      for (const kind of kinds)
        cache.replace(
          kind,
          [...churn.records.values()].filter((r) => r.kind === kind),
        );
    } else {
      feed(cache, churn, new Map(churn.records));
    }
    const snapshot = visibleSnapshot(EVERYTHING, cache.snapshot());
    assert.deepStrictEqual(
      model.topologyWithDiagnoses(),
      buildTopologyWithDiagnoses(snapshot),
      `step ${step}`,
    );
    const context = createDiagnosisContext(snapshot);
    for (const svc of snapshot.services) {
      assert.equal(model.service(svc.meta.namespace, svc.meta.name), svc);
      assert.deepStrictEqual(model.diagnose(svc), diagnoseService(svc, context));
    }
  }
});
