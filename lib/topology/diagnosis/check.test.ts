/**
 * The parts of a Service's check context made on first use (check.ts: the selector text, the
 * commands, the workloads behind it) answer as the plain computations do, on every Service of
 * churned clusters (testing/churn.ts), however often they are read, and for a Service whose
 * commands cannot be shown.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceRecord, WorkloadRecord } from '../records';
import { toClusterSnapshot } from '../records';
import { selectorMatches, selectorToString } from '../selector';
import { kubectl, serviceSlicesCommand } from '../shell-quote';
import { indexSnapshot, type SnapshotIndex } from '../snapshot-index';
import { Churn } from '../testing/churn';
import { serviceRecord } from '../testing/objects';
import { snapshotOf } from '../testing/snapshots';
import { createServiceCheck } from './check';
import { workloadsBehind } from './workloads';

function plainCommands(svc: ServiceRecord) {
  const ns = svc.meta.namespace;
  const name = svc.meta.name;
  const selText = selectorToString(svc.selector);
  return {
    svc: kubectl('get', 'service', '-n', ns, name, '-o', 'yaml'),
    slices: serviceSlicesCommand(ns, name),
    endpoints: kubectl('get', 'endpoints', '-n', ns, name, '-o', 'yaml'),
    pods: selText
      ? kubectl('get', 'pods', '-n', ns, '-l', selText, '-o', 'wide')
      : kubectl('get', 'pods', '-n', ns, '-o', 'wide'),
  };
}

function plainWorkloadsBehind(index: SnapshotIndex, svc: ServiceRecord): WorkloadRecord[] {
  return (index.workloadsByNamespace.get(svc.meta.namespace) ?? []).filter(
    (w) =>
      !(w.kind === 'ReplicaSet' && index.ownerOf(w)) &&
      selectorMatches(svc.selector, w.templateLabels),
  );
}

function assertLikePlain(index: SnapshotIndex, svc: ServiceRecord, where: string): void {
  const c = createServiceCheck(svc, index, []);
  const expected = plainCommands(svc);
  for (let read = 0; read < 2; read++) {
    assert.equal(c.selText, selectorToString(svc.selector), where);
    assert.deepEqual(
      { svc: c.cmd.svc, slices: c.cmd.slices, endpoints: c.cmd.endpoints, pods: c.cmd.pods },
      expected,
      where,
    );
    assert.deepEqual(workloadsBehind(c), plainWorkloadsBehind(index, svc), where);
  }
}

describe('check context: made on first use, as the plain computation', () => {
  it('on every Service of churned clusters, step after step', () => {
    let workloadsSeen = 0;
    for (const seed of [1, 2, 3]) {
      const churn = new Churn(seed);
      churn.seed();
      for (let step = 1; step <= 60; step++) {
        churn.step();
        const index = indexSnapshot(toClusterSnapshot(churn.records.values()));
        for (const svc of index.services) {
          if (svc.type === 'ExternalName') continue;
          assertLikePlain(index, svc, `seed ${seed}, step ${step}, ${svc.meta.name}`);
          workloadsSeen += workloadsBehind(createServiceCheck(svc, index, [])).length;
        }
      }
    }
    assert.ok(workloadsSeen > 0, 'some Services had workloads behind them');
  });

  it('keeps a command that cannot be shown as undefined, and a selector-less pods command', () => {
    const hostile = serviceRecord('bad\nns', 'web', { selector: { app: 'web' } });
    const selectorless = serviceRecord('default', 'db');
    const index = indexSnapshot(snapshotOf({ services: [hostile, selectorless] }));
    assertLikePlain(index, hostile, 'control character in the namespace');
    const c = createServiceCheck(hostile, index, []);
    assert.equal(c.cmd.svc, undefined);
    assert.equal(c.cmd.svc, undefined);
    assertLikePlain(index, selectorless, 'selector-less');
    assert.equal(
      createServiceCheck(selectorless, index, []).cmd.pods,
      'kubectl get pods -n default -o wide',
    );
  });
});
