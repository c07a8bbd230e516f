/**
 * The change trail's causes (Service spec, pod labels, Service lifecycle) and "no data" before the
 * first observation, from slim-record fixtures fed as the cache's change batches (how the
 * history is attached to a cache, what counts as the baseline, is attach-history.test.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceHistory } from './service-history';
import { controllerSlices } from '../topology/testing/endpoints';
import { deploymentPods, serviceRecord } from '../topology/testing/objects';
import type { PodRecord, ServiceRecord } from '../topology/records';
import type { TimelineEntry } from '../api/diagnostics';

const MIN = 60_000;

function clock(start: string) {
  let now = Date.parse(start);
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function nginx(created = '2026-11-26T09:00:00Z') {
  const svc = serviceRecord('default', 'web', { selector: { app: 'nginx' } });
  svc.meta = { ...svc.meta, creationTimestamp: created };
  const pods = deploymentPods('default', 'nginx', 2, { labels: { app: 'nginx' } });
  return { svc, pods };
}

function edited(svc: ServiceRecord, change: Partial<ServiceRecord>): ServiceRecord {
  return {
    ...svc,
    ...change,
    meta: { ...svc.meta, resourceVersion: `${svc.meta.resourceVersion}1` },
  };
}

function relabelled(pod: PodRecord, labels: Record<string, string>): PodRecord {
  return { ...pod, meta: { ...pod.meta, labels, resourceVersion: `${pod.meta.resourceVersion}1` } };
}

const kinds = (entries: TimelineEntry[]) => entries.map((e) => e.type);

describe('ServiceHistory: no data before the first observation', () => {
  it('answers "no data" 15 minutes back for a Service first seen 10 minutes ago (the replay bug)', () => {
    // Created 09:00; Switchboard starts at 09:10 and sees 2 ready endpoints.
    const time = clock('2026-11-26T09:10:00Z');
    const history = new ServiceHistory({ now: time.now });
    const { svc, pods } = nginx();
    history.apply(
      { upserts: [svc, ...pods, ...controllerSlices(svc, pods)], deletes: [] },
      { initial: true },
    );
    const start = time.now();
    time.advance(10 * MIN);

    // It used to answer "2 endpoints, 2 ready" here, from a time nobody observed.
    const before = history.stateAt('default', 'web', time.now() - 15 * MIN);
    assert.deepEqual(before.endpoints, []);
    assert.deepEqual(before.noData, {
      reason: 'not-observed',
      since: new Date(start).toISOString(),
    });

    const beforeCreation = history.stateAt('default', 'web', Date.parse('2026-11-26T08:59:00Z'));
    assert.deepEqual(beforeCreation.noData, {
      reason: 'not-created',
      since: '2026-11-26T09:00:00.000Z',
    });

    const now = history.stateAt('default', 'web', time.now());
    assert.equal(now.noData, undefined);
    assert.equal(now.endpoints.length, 2);
  });

  it('a Service created while watching: "created" in the trail, "not-created" before it, empty right after', () => {
    const time = clock('2026-11-26T09:00:00Z');
    const history = new ServiceHistory({ now: time.now });
    history.apply({ upserts: [], deletes: [] }, { initial: true });
    time.advance(5 * MIN);
    const { svc, pods } = nginx('2026-11-26T09:05:00Z');
    history.apply({ upserts: [svc], deletes: [] });
    const created = time.now();
    time.advance(1000);
    history.apply({ upserts: controllerSlices(svc, pods), deletes: [] });

    assert.deepEqual(kinds(history.entries('default', 'web')), ['service', 'endpoint', 'endpoint']);
    assert.equal(history.stateAt('default', 'web', created - MIN).noData?.reason, 'not-created');
    assert.deepEqual(history.stateAt('default', 'web', created), { endpoints: [] });
    assert.equal(history.stateAt('default', 'web', time.now()).endpoints.length, 2);
  });

  it('a Service never seen has no data at all', () => {
    const history = new ServiceHistory();
    assert.deepEqual(history.stateAt('default', 'nope', Date.now()), {
      endpoints: [],
      noData: { reason: 'not-observed' },
    });
  });
});

describe('ServiceHistory: causes in the trail', () => {
  function started() {
    const time = clock('2026-11-26T09:10:00Z');
    const history = new ServiceHistory({ now: time.now });
    const { svc, pods } = nginx();
    history.apply(
      { upserts: [svc, ...pods, ...controllerSlices(svc, pods)], deletes: [] },
      { initial: true },
    );
    time.advance(MIN);
    return { time, history, svc, pods };
  }

  it('a selector change comes before the endpoint removals it causes, with old → new', () => {
    const { history, svc, pods } = started();
    const typo = edited(svc, { selector: { app: 'ngnix' } });
    const gone = controllerSlices(svc, pods).map((s) => ({ kind: s.kind, uid: s.meta.uid }));
    history.apply({ upserts: [typo], deletes: gone });
    const entries = history.entries('default', 'web');
    assert.deepEqual(kinds(entries), ['spec', 'endpoint', 'endpoint']);
    const [spec] = entries;
    assert.ok(spec?.type === 'spec');
    assert.deepEqual([spec.field, spec.from, spec.to], ['selector', 'app=nginx', 'app=ngnix']);
    assert.equal(spec.at, '2026-11-26T09:11:00.000Z');
    assert.ok(entries.slice(1).every((e) => e.type === 'endpoint' && e.change === 'removed'));
  });

  it('ports and type changes, and nothing for a write that changes neither', () => {
    const { history, svc } = started();
    history.apply({ upserts: [edited(svc, {})], deletes: [] });
    assert.deepEqual(history.entries('default', 'web'), []);
    const next = edited(svc, {
      type: 'NodePort',
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }],
    });
    history.apply({ upserts: [next], deletes: [] });
    const changes = history
      .entries('default', 'web')
      .map((e) => (e.type === 'spec' ? [e.field, e.from, e.to] : e.type));
    assert.deepEqual(changes, [
      ['ports', '80/TCP→80', 'http:80/TCP→8080 (node 30080)'],
      ['type', 'ClusterIP', 'NodePort'],
    ]);
  });

  it('a pod whose labels no longer match leaves the selector; relabelled back, it enters again', () => {
    const { time, history, pods } = started();
    const moved = relabelled(pods[0]!, { app: 'web', 'pod-template-hash': 'x' });
    history.apply({ upserts: [moved], deletes: [] });
    time.advance(MIN);
    history.apply({ upserts: [relabelled(moved, { app: 'nginx' })], deletes: [] });
    // A label change that keeps the pod selected is not a move.
    history.apply({ upserts: [relabelled(pods[1]!, { app: 'nginx', tier: 'web' })], deletes: [] });
    const moves = history
      .entries('default', 'web')
      .map((e) => (e.type === 'pod-labels' ? [e.pod, e.move, e.from, e.to] : e.type));
    const hash = pods[0]!.meta.labels!['pod-template-hash']!;
    assert.deepEqual(moves, [
      [
        pods[0]!.meta.name,
        'left',
        `app=nginx,pod-template-hash=${hash}`,
        'app=web,pod-template-hash=x',
      ],
      [pods[0]!.meta.name, 'entered', 'app=web,pod-template-hash=x', 'app=nginx'],
    ]);
  });

  it('records the Service being deleted', () => {
    const { history, svc } = started();
    history.apply({ upserts: [], deletes: [{ kind: 'Service', uid: svc.meta.uid }] });
    const [entry] = history.entries('default', 'web');
    assert.ok(entry?.type === 'service' && entry.change === 'deleted');
  });

  it('nothing from the first sync is a change', () => {
    const { history } = started();
    assert.deepEqual(history.entries('default', 'web'), []);
  });
});

describe('ServiceHistory: bounded in Services too', () => {
  it('forgets the trail of a Service deleted longer ago than the age limit', () => {
    const time = clock('2026-11-26T09:10:00Z');
    const history = new ServiceHistory({ now: time.now, maxAgeMs: 60 * MIN });
    const { svc, pods } = nginx();
    const slices = controllerSlices(svc, pods);
    history.apply({ upserts: [svc, ...pods, ...slices], deletes: [] }, { initial: true });
    time.advance(MIN);
    history.apply({
      upserts: [],
      deletes: [svc, ...slices].map((r) => ({ kind: r.kind, uid: r.meta.uid })),
    });
    assert.ok(history.retainedSince('default', 'web'));
    time.advance(30 * MIN);
    history.apply({ upserts: [], deletes: [] });
    assert.ok(history.retainedSince('default', 'web'), 'kept while its entries are young');
    time.advance(40 * MIN);
    history.apply({ upserts: [], deletes: [] });
    assert.equal(history.retainedSince('default', 'web'), undefined);
    assert.deepEqual(history.stateAt('default', 'web', time.now()).noData?.reason, 'not-observed');
  });
});
