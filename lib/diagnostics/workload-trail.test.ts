/**
 * Workload entries of the change trail, from fixtures: replicas old → new with who set them,
 * template image changes, rollouts started / finished / stalled, workloads created and deleted,
 * a Deployment's Events — and a Deployment's own ReplicaSets kept out of the trail.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceHistory } from './service-history';
import { serviceRecord } from '../topology/testing/objects';
import {
  deploymentRecord,
  progressingCondition,
  replicaSetRecord,
} from '../topology/testing/workloads';
import type { DeploymentRecord, EventRecord } from '../topology/records';
import type { TimelineEntry } from '../api/diagnostics';

function setup() {
  let now = Date.parse('2026-11-26T12:19:00Z');
  const history = new ServiceHistory({ now: () => now });
  const svc = serviceRecord('default', 'api', { selector: { app: 'api' } });
  const other = serviceRecord('default', 'other', { selector: { app: 'other' } });
  const api = deploymentRecord('default', 'api', { replicas: 2, revision: '6' });
  history.apply({ upserts: [svc, other, api], deletes: [] }, { initial: true });
  now += 30_000;
  return { history, api, advance: (ms: number) => (now += ms) };
}

function next(api: DeploymentRecord, change: Partial<DeploymentRecord>): DeploymentRecord {
  return {
    ...api,
    ...change,
    meta: { ...api.meta, resourceVersion: `${api.meta.resourceVersion}1` },
  };
}

const trail = (history: ServiceHistory, name = 'api') => history.entries('default', name);
const workloadEntries = (entries: TimelineEntry[]) =>
  entries.flatMap((e) =>
    e.type === 'workload'
      ? [[e.field, e.from ?? null, e.to ?? null]]
      : e.type === 'rollout'
        ? [[e.phase, e.revision ?? null]]
        : [],
  );

describe('ServiceHistory: workload entries', () => {
  it('kubectl scale --replicas=0: a replicas entry 2 → 0 by the scale subresource’s writer', () => {
    const { history, api } = setup();
    const scale = {
      manager: 'kubectl',
      operation: 'Update',
      subresource: 'scale',
      time: '2026-11-26T12:19:30Z',
    };
    history.apply({ upserts: [next(api, { replicas: 0, replicasChange: scale })], deletes: [] });
    const [entry] = trail(history);
    assert.ok(entry?.type === 'workload');
    assert.deepEqual(
      [entry.workload, entry.field, entry.from, entry.to],
      [{ kind: 'Deployment', name: 'api' }, 'replicas', '2', '0'],
    );
    assert.deepEqual(entry.by, scale);
    assert.equal(entry.at, '2026-11-26T12:19:30.000Z');
    assert.deepEqual(
      trail(history, 'other'),
      [],
      'a Service that does not select the pods is not told',
    );
  });

  it('kubectl set image: an image entry and the rollout it starts; finished when Progressing says so', () => {
    const { history, api, advance } = setup();
    const edit = { manager: 'kubectl-set', operation: 'Update', time: '2026-11-26T12:19:30Z' };
    const rolling = next(api, {
      images: ['nginx:1.28-bad'],
      revision: '7',
      conditions: [progressingCondition('api-x', 'ReplicaSetUpdated')],
    });
    rolling.meta = { ...rolling.meta, lastChange: edit };
    history.apply({ upserts: [rolling], deletes: [] });
    advance(60_000);
    history.apply({
      upserts: [next(rolling, { conditions: [progressingCondition('api-x')] })],
      deletes: [],
    });
    assert.deepEqual(workloadEntries(trail(history)), [
      ['image', 'nginx:1.27', 'nginx:1.28-bad'],
      ['started', '7'],
      ['finished', '7'],
    ]);
    const [image, started] = trail(history);
    assert.deepEqual(image?.by, edit);
    assert.equal(started?.by, undefined, 'a rollout is the controller’s doing: no author');
  });

  it('a rollout past its deadline is "stalled" with the condition’s message', () => {
    const { history, api } = setup();
    const stuck = next(api, {
      revision: '7',
      conditions: [progressingCondition('api-x', 'ProgressDeadlineExceeded')],
    });
    history.apply({ upserts: [stuck], deletes: [] });
    const stalled = trail(history).find((e) => e.type === 'rollout' && e.phase === 'stalled');
    assert.ok(stalled?.type === 'rollout');
    assert.equal(stalled.message, 'ReplicaSet "api-x" has timed out progressing.');
  });

  it('template labels, creation and deletion; the Deployment’s ReplicaSets are not listed', () => {
    const { history, api } = setup();
    history.apply({
      upserts: [replicaSetRecord(api, { templateHash: 'h2', replicas: 1 })],
      deletes: [],
    });
    assert.deepEqual(trail(history), [], 'an owned ReplicaSet is its Deployment’s business');
    history.apply({
      upserts: [next(api, { templateLabels: { app: 'api', tier: 'web' } })],
      deletes: [],
    });
    history.apply({ upserts: [], deletes: [{ kind: 'Deployment', uid: api.meta.uid }] });
    const worker = deploymentRecord('default', 'api-worker', { labels: { app: 'api' } });
    history.apply({ upserts: [worker], deletes: [] });
    assert.deepEqual(workloadEntries(trail(history)), [
      ['template-labels', '', 'tier=web'],
      ['deleted', null, null],
      ['created', null, null],
    ]);
  });

  it('Events of the Deployment and of its ReplicaSets reach the Service', () => {
    const { history, api } = setup();
    const rs = replicaSetRecord(api, { templateHash: 'h2' });
    history.apply({ upserts: [rs], deletes: [] });
    const event = (uid: string, kind: string, name: string, reason: string): EventRecord => ({
      kind: 'Event',
      meta: { uid, name: `${name}.1`, namespace: 'default', resourceVersion: '1' },
      involved: { kind, namespace: 'default', name },
      type: 'Normal',
      reason,
      message: `${reason} happened`,
      count: 1,
      lastTimestamp: '2026-11-26T12:19:40Z',
    });
    history.apply({
      upserts: [
        event('e1', 'Deployment', 'api', 'ScalingReplicaSet'),
        event('e2', 'ReplicaSet', rs.meta.name, 'SuccessfulDelete'),
      ],
      deletes: [],
    });
    assert.deepEqual(
      trail(history).map((e) => (e.type === 'event' ? e.object : e.type)),
      ['Deployment/api', `ReplicaSet/${rs.meta.name}`],
    );
  });

  it('an Event read before the ReplicaSet it names is placed once the ReplicaSet arrives', () => {
    const { history, api } = setup();
    const rs = replicaSetRecord(api, { templateHash: 'h3' });
    const early: EventRecord = {
      kind: 'Event',
      meta: { uid: 'e3', name: `${rs.meta.name}.1`, namespace: 'default', resourceVersion: '1' },
      involved: { kind: 'ReplicaSet', namespace: 'default', name: rs.meta.name },
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: 'Created pod',
      count: 1,
      lastTimestamp: '2026-11-26T12:19:40Z',
    };
    history.apply({ upserts: [early], deletes: [] });
    assert.deepEqual(trail(history), [], 'no Service of its yet');
    history.apply({ upserts: [rs], deletes: [] });
    assert.deepEqual(
      trail(history).map((e) => (e.type === 'event' ? e.object : e.type)),
      [`ReplicaSet/${rs.meta.name}`],
    );
  });
});
