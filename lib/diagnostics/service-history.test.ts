import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceHistory } from './service-history';
import { controllerSlices, manualEndpoints } from '../topology/testing/endpoints';
import { deploymentPods, serviceRecord } from '../topology/testing/objects';
import type { EventRecord, PodRecord } from '../topology/records';

function clock(start = Date.parse('2026-11-26T03:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function nginx() {
  const svc = serviceRecord('default', 'ingress-nginx', {
    selector: { app: 'nginx' },
    type: 'NodePort',
  });
  const pods = deploymentPods('default', 'nginx-deployment', 2, { labels: { app: 'nginx' } });
  return { svc, pods };
}

describe('ServiceHistory', () => {
  it('treats the first sync as the baseline, not as changes', () => {
    const time = clock();
    const history = new ServiceHistory({ now: time.now });
    const { svc, pods } = nginx();
    history.apply(
      { upserts: [svc, ...pods, ...controllerSlices(svc, pods)], deletes: [] },
      { initial: true },
    );
    assert.deepEqual(history.entries('default', 'ingress-nginx'), []);
    const state = history.stateAt('default', 'ingress-nginx', time.now());
    assert.equal(state.endpoints.length, 2);
    assert.ok(state.endpoints.every((e) => e.state === 'ready'));
  });

  it('records added, ready → not-ready and removed endpoints with their pod and time', () => {
    const time = clock();
    const history = new ServiceHistory({ now: time.now });
    const { svc, pods } = nginx();
    history.apply({ upserts: controllerSlices(svc, pods), deletes: [] }, { initial: true });

    time.advance(60_000);
    const scaled = [
      ...pods,
      ...deploymentPods('default', 'nginx-deployment', 3, { labels: { app: 'nginx' } }).slice(2),
    ];
    history.apply({ upserts: controllerSlices(svc, scaled), deletes: [] });

    time.advance(60_000);
    const unready: PodRecord[] = scaled.map((p, i) => (i === 0 ? { ...p, ready: false } : p));
    history.apply({ upserts: controllerSlices(svc, unready), deletes: [] });

    time.advance(60_000);
    const [, ...remaining] = unready;
    history.apply({ upserts: controllerSlices(svc, remaining), deletes: [] });

    const entries = history.entries('default', 'ingress-nginx');
    assert.deepEqual(
      entries.map((e) =>
        e.type === 'endpoint' ? [e.change, e.address, e.from ?? null, e.to ?? null, e.pod] : e,
      ),
      [
        ['added', scaled[2]!.podIP, null, 'ready', scaled[2]!.meta.name],
        ['changed', scaled[0]!.podIP, 'ready', 'not-ready', scaled[0]!.meta.name],
        ['removed', scaled[0]!.podIP, 'not-ready', null, scaled[0]!.meta.name],
      ],
    );
    assert.equal(entries[0]!.at, '2026-11-26T03:01:00.000Z');
  });

  it('replays what the Service looked like at a given time', () => {
    const time = clock();
    const history = new ServiceHistory({ now: time.now });
    const { svc, pods } = nginx();
    history.apply({ upserts: controllerSlices(svc, pods), deletes: [] }, { initial: true });
    const start = time.now();
    time.advance(10_000);
    history.apply({
      upserts: controllerSlices(
        svc,
        pods.map((p) => ({ ...p, ready: false })),
      ),
      deletes: [],
    });
    const afterOutage = time.now();
    time.advance(10_000);
    history.apply({ upserts: controllerSlices(svc, pods), deletes: [] });

    assert.deepEqual(
      history.stateAt('default', 'ingress-nginx', start + 1).endpoints.map((e) => e.state),
      ['ready', 'ready'],
    );
    assert.deepEqual(
      history.stateAt('default', 'ingress-nginx', afterOutage).endpoints.map((e) => e.state),
      ['not-ready', 'not-ready'],
    );
    assert.deepEqual(
      history.stateAt('default', 'ingress-nginx', time.now()).endpoints.map((e) => e.state),
      ['ready', 'ready'],
    );
  });

  it('follows a deleted EndpointSlice by uid alone', () => {
    const time = clock();
    const history = new ServiceHistory({ now: time.now });
    const { svc, pods } = nginx();
    const slices = controllerSlices(svc, pods);
    history.apply({ upserts: slices, deletes: [] }, { initial: true });
    history.apply({
      upserts: [],
      deletes: slices.map((s) => ({ kind: 'EndpointSlice', uid: s.meta.uid })),
    });
    const entries = history.entries('default', 'ingress-nginx');
    assert.equal(entries.length, 2);
    assert.ok(entries.every((e) => e.type === 'endpoint' && e.change === 'removed'));
  });

  it('uses legacy Endpoints for a Service without slices', () => {
    const history = new ServiceHistory();
    history.apply(
      {
        upserts: [
          manualEndpoints('default', 'external-web', [
            { addresses: ['10.10.50.53'], ports: [{ name: 'apache', port: 80 }] },
          ]),
        ],
        deletes: [],
      },
      {},
    );
    const [entry] = history.entries('default', 'external-web');
    assert.ok(entry?.type === 'endpoint');
    assert.equal(entry.address, '10.10.50.53');
    assert.equal(entry.change, 'added');
  });

  it('attaches Events of the Service and of its endpoint pods, once per count', () => {
    const time = clock();
    const history = new ServiceHistory({ now: time.now });
    const { svc, pods } = nginx();
    history.apply({ upserts: controllerSlices(svc, pods), deletes: [] }, { initial: true });
    const event = (uid: string, kind: string, name: string, count: number): EventRecord => ({
      kind: 'Event',
      meta: { uid, name: `${name}.1`, namespace: 'default', resourceVersion: String(count) },
      involved: { kind, namespace: 'default', name },
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Readiness probe failed',
      count,
      lastTimestamp: new Date(time.now()).toISOString(),
    });
    history.apply({ upserts: [event('e1', 'Pod', pods[0]!.meta.name, 1)], deletes: [] });
    history.apply({ upserts: [event('e1', 'Pod', pods[0]!.meta.name, 1)], deletes: [] });
    history.apply({ upserts: [event('e1', 'Pod', pods[0]!.meta.name, 2)], deletes: [] });
    history.apply({ upserts: [event('e2', 'Pod', 'unrelated-pod', 1)], deletes: [] });
    const events = history.entries('default', 'ingress-nginx').filter((e) => e.type === 'event');
    assert.equal(events.length, 2);
    assert.equal(events[0]?.type === 'event' && events[0].object, `Pod/${pods[0]!.meta.name}`);
  });

  it("places a pod's Event that arrives after the slice dropped the pod, as one arriving before", () => {
    // A pod's Events and its endpoints come down different watches: two processes may see them
    // in either order, and must derive the same trail.
    const { svc, pods } = nginx();
    const trails = (['event-first', 'slice-first'] as const).map((order) => {
      const time = clock();
      const history = new ServiceHistory({ now: time.now });
      history.apply({ upserts: controllerSlices(svc, pods), deletes: [] }, { initial: true });
      time.advance(1000);
      const killing: EventRecord = {
        kind: 'Event',
        meta: { uid: 'k1', name: 'kill.1', namespace: 'default', resourceVersion: '7' },
        involved: { kind: 'Pod', namespace: 'default', name: pods[0]!.meta.name },
        type: 'Normal',
        reason: 'Killing',
        message: 'Stopping container nginx',
        count: 1,
        lastTimestamp: new Date(time.now()).toISOString(),
      };
      const dropped = { upserts: controllerSlices(svc, pods.slice(1)), deletes: [] };
      const batches =
        order === 'event-first'
          ? [{ upserts: [killing], deletes: [] }, dropped]
          : [dropped, { upserts: [killing], deletes: [] }];
      for (const batch of batches) {
        history.apply(batch);
        time.advance(200);
      }
      // What the entries say; when each was seen is the process's own clock.
      return history
        .entries('default', 'ingress-nginx')
        .map((e) =>
          e.type === 'event'
            ? `event ${e.reason} ${e.object}`
            : e.type === 'endpoint'
              ? `endpoint ${e.change} ${e.pod ?? ''}`
              : e.type,
        )
        .sort();
    });
    const [eventFirst, sliceFirst] = trails;
    assert.deepEqual(eventFirst, [
      `endpoint removed ${pods[0]!.meta.name}`,
      `event Killing Pod/${pods[0]!.meta.name}`,
    ]);
    assert.deepEqual(sliceFirst, eventFirst);
  });

  it('stays bounded and keeps replay exact inside the retained window', () => {
    const time = clock();
    const history = new ServiceHistory({ now: time.now, maxEntriesPerService: 10 });
    const { svc, pods } = nginx();
    history.apply({ upserts: controllerSlices(svc, pods), deletes: [] }, { initial: true });
    let ready = true;
    for (let i = 0; i < 50; i++) {
      time.advance(1000);
      ready = !ready;
      history.apply({
        upserts: controllerSlices(svc, [{ ...pods[0]!, ready }, pods[1]!]),
        deletes: [],
      });
    }
    assert.equal(history.entries('default', 'ingress-nginx').length, 10);
    const state = history.stateAt('default', 'ingress-nginx', time.now());
    assert.equal(state.noData, undefined);
    assert.deepEqual(
      state.endpoints.find((e) => e.address === pods[0]!.podIP)?.state,
      ready ? 'ready' : 'not-ready',
    );
    assert.deepEqual(
      history.stateAt('default', 'ingress-nginx', time.now() - 45_000).noData?.reason,
      'before-retained-history',
    );
  });

  it('forgets entries older than the age limit', () => {
    const time = clock();
    const history = new ServiceHistory({ now: time.now, maxAgeMs: 60_000 });
    const { svc, pods } = nginx();
    history.apply({ upserts: controllerSlices(svc, pods), deletes: [] }, { initial: true });
    time.advance(1000);
    history.apply({ upserts: controllerSlices(svc, pods.slice(0, 1)), deletes: [] });
    time.advance(120_000);
    history.apply({ upserts: controllerSlices(svc, pods), deletes: [] });
    const entries = history.entries('default', 'ingress-nginx');
    assert.equal(entries.length, 1);
    assert.ok(entries[0]?.type === 'endpoint' && entries[0].change === 'added');
  });
});
