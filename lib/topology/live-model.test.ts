/**
 * The maintained model equals fresh builds: random change sequences (testing/churn.ts, seeded so a
 * failure names its seed and step), compared after every step with buildTopologyWithDiagnoses over
 * the same records in a shuffled order; and it recomputes only what a change touches.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDiagnosisContext, diagnoseService, type DnsResults } from './diagnosis';
import { buildTopologyWithDiagnoses } from './index';
import { LiveModel, type RecordChanges } from './live-model';
import { toClusterSnapshot, type ClusterSnapshot, type SlimRecord } from './records';
import { Churn } from './testing/churn';
import { manualSlice } from './testing/endpoints';
import { nodeRecord, podRecord, serviceRecord } from './testing/objects';
import { shuffled, withControllers } from './testing/snapshots';
import { deploymentRecord, replicaSetRecord, replicaSetWithPods } from './testing/workloads';

const DNS: DnsResults = { 'db.example.com': { ok: false, error: 'NXDOMAIN' } };

function fresh(churn: Churn, seed: number): ClusterSnapshot {
  return toClusterSnapshot(shuffled([...churn.records.values()], seed));
}

function checkAll(model: LiveModel, churn: Churn, where: string): void {
  const expected = buildTopologyWithDiagnoses(fresh(churn, churn.int(1000)), { dnsResults: DNS });
  const actual = model.topologyWithDiagnoses(DNS);
  assert.deepStrictEqual(actual, expected, where);
}

function checkOne(model: LiveModel, churn: Churn, where: string): void {
  const snapshot = fresh(churn, churn.int(1000));
  if (snapshot.services.length === 0) return;
  const svc = churn.pick(snapshot.services);
  const context = createDiagnosisContext(snapshot, { dnsResults: DNS });
  assert.equal(model.service(svc.meta.namespace, svc.meta.name), svc, where);
  assert.deepStrictEqual(model.diagnose(svc, DNS), diagnoseService(svc, context), where);
}

describe('LiveModel equals a fresh build after every change', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    test(`seed ${seed}: 150 random changes`, () => {
      const churn = new Churn(seed);
      const model = new LiveModel();
      model.apply(churn.seed());
      checkAll(model, churn, `seed ${seed}, after the seed batch`);
      for (let step = 1; step <= 150; step++) {
        const batch = churn.step();
        model.apply(batch);
        const where = `seed ${seed}, step ${step} (${batch.what})`;
        // Some steps ask one Service only, so stale answers pile up between full checks.
        if (churn.int(3) === 0) checkAll(model, churn, where);
        else checkOne(model, churn, where);
      }
      checkAll(model, churn, `seed ${seed}, at the end`);
    });
  }

  test('large batches rebuild the index at once, and the answers stay equal', () => {
    const churn = new Churn(9);
    const model = new LiveModel([], { rebuildAt: 2 });
    model.apply(churn.seed());
    for (let step = 1; step <= 60; step++) {
      model.apply(churn.step());
      checkAll(model, churn, `step ${step}`);
    }
    assert.ok(model.counters.rebuilds > 1, 'some batches were large');
    assert.ok(model.counters.records > 0, 'and some were edited');
  });

  test('a model made from a snapshot answers as the snapshot does', () => {
    const churn = new Churn(42);
    churn.seed();
    for (let i = 0; i < 40; i++) churn.step();
    const model = LiveModel.of(fresh(churn, 1));
    checkAll(model, churn, 'from a snapshot');
  });
});

describe('LiveModel recomputes only what a change touches', () => {
  function cluster() {
    const pods = [
      podRecord('team-a', 'web-1', { labels: { app: 'web' }, ip: '10.2.0.1' }),
      podRecord('team-a', 'web-2', { labels: { app: 'web' }, ip: '10.2.0.2' }),
      podRecord('team-a', 'api-1', { labels: { app: 'api' }, ip: '10.2.0.3' }),
      podRecord('team-b', 'db-1', { labels: { app: 'db' }, ip: '10.2.0.4' }),
    ];
    const services = [
      serviceRecord('team-a', 'web', { selector: { app: 'web' } }),
      serviceRecord('team-a', 'api', { selector: { app: 'api' } }),
      serviceRecord('team-b', 'db', { selector: { app: 'db' } }),
    ];
    return withControllers({ pods, services });
  }

  test('warmed in slices, the model answers every Service before it is asked, the same answers', () => {
    const snapshot = cluster();
    const model = LiveModel.of(snapshot);
    let slices = 0;
    for (;;) {
      let budget = 1;
      slices++;
      if (model.warm(() => budget-- > 0)) break;
    }
    assert.equal(slices, snapshot.services.length, 'one answer per slice');
    assert.deepEqual(model.pendingServices(), []);
    const made = model.counters.recomputed;
    assert.deepStrictEqual(model.topologyWithDiagnoses(), buildTopologyWithDiagnoses(snapshot));
    assert.equal(model.counters.recomputed, made, 'nothing left to compute when asked');
    assert.equal(
      model.warm(() => false),
      true,
      'already warm: nothing asked of the budget',
    );
  });

  test('a readiness flip of one pod recomputes only the Service that selects it', () => {
    const snapshot = cluster();
    const model = LiveModel.of(snapshot);
    model.topologyWithDiagnoses();
    assert.deepEqual(
      model.pendingServices().map((s) => s.meta.uid),
      [],
    );
    const before = model.counters.recomputed;
    const pod = snapshot.pods.find((p) => p.meta.name === 'web-1')!;
    model.apply({ upserts: [{ ...pod, ready: false }], deletes: [] });
    const web = model.service('team-a', 'web')!;
    assert.deepEqual(
      model.pendingServices().map((s) => s.meta.uid),
      [web.meta.uid],
    );
    model.topologyWithDiagnoses();
    assert.equal(model.counters.recomputed - before, 1);
  });

  test("a pod relabelled from one Service's selector to another's recomputes those two only", () => {
    const snapshot = cluster();
    const model = LiveModel.of(snapshot);
    model.topologyWithDiagnoses();
    const pod = snapshot.pods.find((p) => p.meta.name === 'web-2')!;
    model.apply({
      upserts: [{ ...pod, meta: { ...pod.meta, labels: { app: 'api' } } }],
      deletes: [],
    });
    const expected = [model.service('team-a', 'api')!, model.service('team-a', 'web')!];
    assert.deepEqual(
      model.pendingServices().map((s) => s.meta.uid),
      expected.map((s) => s.meta.uid),
    );
  });

  test("another namespace's pod changing recomputes nothing there", () => {
    const snapshot = cluster();
    const model = LiveModel.of(snapshot);
    model.topologyWithDiagnoses();
    const pod = snapshot.pods.find((p) => p.meta.name === 'db-1')!;
    model.apply({ upserts: [{ ...pod, ready: false }], deletes: [] });
    assert.deepEqual(
      model.pendingServices().map((s) => s.meta.uid),
      [model.service('team-b', 'db')!.meta.uid],
    );
  });

  test('a Service whose selector matches nothing is recomputed when a near miss appears', () => {
    const snapshot = cluster();
    const typo = serviceRecord('team-a', 'typo', { selector: { app: 'wbe' } });
    const model = LiveModel.of({ ...snapshot, services: [...snapshot.services, typo] });
    model.topologyWithDiagnoses();
    model.apply({
      upserts: [podRecord('team-a', 'web-3', { labels: { app: 'web' }, ip: '10.2.0.9' })],
      deletes: [],
    });
    assert.deepEqual(
      model
        .pendingServices()
        .map((s) => s.meta.uid)
        .sort(),
      [typo.meta.uid, model.service('team-a', 'web')!.meta.uid].sort(),
    );
  });
});

describe('LiveModel follows the facts that span Services', () => {
  /** Applies `changes` to a model of `records` and compares it with a fresh build after each. */
  function follow(records: SlimRecord[], ...changes: RecordChanges[]): LiveModel {
    const truth = new Map(records.map((r) => [r.meta.uid, r]));
    const model = new LiveModel(records);
    const check = () =>
      assert.deepStrictEqual(
        model.topologyWithDiagnoses(),
        buildTopologyWithDiagnoses(toClusterSnapshot(truth.values())),
      );
    check();
    for (const change of changes) {
      for (const r of change.upserts) truth.set(r.meta.uid, r);
      for (const d of change.deletes) truth.delete(d.uid);
      model.apply(change);
      check();
    }
    return model;
  }

  test('the first workload of a cluster turns the workload checks on', () => {
    const d = deploymentRecord('team-a', 'web', { labels: { app: 'web' }, replicas: 0 });
    const model = follow([serviceRecord('team-a', 'web', { selector: { app: 'web' } })], {
      upserts: [d, replicaSetRecord(d)],
      deletes: [],
    });
    const codes = model.topologyWithDiagnoses().diagnoses[0]!.reasons.map((r) => r.code);
    assert.ok(codes.includes('scaled-to-zero'));
  });

  test("a pod in another namespace becomes (and stops being) a Service's near miss", () => {
    const pod = podRecord('team-b', 'web-1', { labels: { app: 'web' }, ip: '10.2.0.1' });
    follow(
      [serviceRecord('team-a', 'web', { selector: { app: 'web' } })],
      { upserts: [pod], deletes: [] },
      { upserts: [{ ...pod, meta: { ...pod.meta, labels: { app: 'api' } } }], deletes: [] },
    );
  });

  test('an endpoint on another namespace’s pod IP stops being foreign when a node takes the IP', () => {
    const svc = serviceRecord('team-a', 'ext', {});
    const slice = manualSlice('team-a', 'ext-1', 'ext', {
      ports: [{ port: 80, protocol: 'TCP' }],
      endpoints: [{ addresses: ['10.3.0.7'] }],
    });
    const node = nodeRecord('node-9', { internalIP: '10.3.0.7' });
    follow(
      [svc, slice],
      { upserts: [podRecord('team-b', 'db-1', { ip: '10.3.0.7' })], deletes: [] },
      { upserts: [node], deletes: [] },
      { upserts: [], deletes: [{ kind: 'Node', uid: node.meta.uid }] },
    );
  });

  test("a rollout's new pods failing and recovering", () => {
    const d = deploymentRecord('team-a', 'web', { labels: { app: 'web' }, revision: '2' });
    const old = replicaSetWithPods(d, { templateHash: 'old11', revision: '1', replicas: 2 });
    const next = replicaSetWithPods(d, {
      templateHash: 'new22',
      revision: '2',
      replicas: 1,
      ready: 0,
    });
    const svc = serviceRecord('team-a', 'web', { selector: { app: 'web' } });
    const pods = [...old.pods, ...next.pods];
    const base = withControllers({ services: [svc], pods });
    const failing = next.pods[0]!;
    follow(
      [...base.services, ...base.pods, ...base.endpointSlices, ...base.endpoints, d],
      { upserts: [old.replicaSet, next.replicaSet], deletes: [] },
      { upserts: [{ ...failing, ready: true, containers: [] }], deletes: [] },
      { upserts: [], deletes: [{ kind: 'Pod', uid: old.pods[0]!.meta.uid }] },
    );
  });
});
