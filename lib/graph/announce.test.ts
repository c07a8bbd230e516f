import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  indexForAnnouncements,
  indexWorkloadsForAnnouncements,
  summarizeChanges,
} from './announce';
import { workloadCluster } from './testing/workload-cluster';
import { buildDrawGraph } from './view-model';

test('summaries name added, removed and changed Services with before/after counts', () => {
  const before = new Map([
    ['a', { name: 'default/a', ready: 2, count: 2, health: 'healthy' }],
    ['b', { name: 'default/b', ready: 1, count: 1, health: 'healthy' }],
    ['c', { name: 'default/c', ready: 0, count: 0, health: 'broken' }],
  ]);
  const after = new Map([
    ['a', { name: 'default/a', ready: 1, count: 2, health: 'degraded' }],
    ['c', { name: 'default/c', ready: 0, count: 0, health: 'healthy' }],
    ['d', { name: 'default/d', ready: 0, count: 1, health: 'broken' }],
  ]);
  assert.deepEqual(summarizeChanges(before, after), [
    'default/a: 1 of 2 endpoints ready (was 2 of 2), now degraded',
    'default/c is now healthy',
    'default/d added, 0 of 1 endpoints ready',
    'default/b removed',
  ]);
  assert.deepEqual(summarizeChanges(after, after), []);
});

test('a Service whose counts and health change together is announced with both', () => {
  const svc = (ready: number, count: number, health: 'healthy' | 'warning' | 'broken') =>
    indexForAnnouncements({
      services: [
        {
          id: 'svc:x',
          namespace: 'default',
          name: 'ingress-nginx',
          readyCount: ready,
          endpointCount: count,
          health,
        },
      ],
    });
  // Scaled to zero: first degraded with the same counts, then the endpoints go with it broken.
  assert.deepEqual(summarizeChanges(svc(2, 2, 'healthy'), svc(2, 2, 'warning')), [
    'default/ingress-nginx is now degraded',
  ]);
  assert.deepEqual(summarizeChanges(svc(2, 2, 'warning'), svc(0, 0, 'broken')), [
    'default/ingress-nginx: 0 of 0 endpoints ready (was 2 of 2), now broken',
  ]);
  // Counts that change within one health say only the counts.
  assert.deepEqual(summarizeChanges(svc(2, 3, 'warning'), svc(1, 3, 'warning')), [
    'default/ingress-nginx: 1 of 3 endpoints ready (was 2 of 3)',
  ]);
});

test('a Service whose endpoints cannot be judged is announced with why, never "0 of 0"', () => {
  const svc = (notJudged?: 'not-visible' | 'not-read') =>
    indexForAnnouncements({
      services: [
        {
          id: 'svc:x',
          namespace: 'shop',
          name: 'api',
          readyCount: notJudged ? 0 : 2,
          endpointCount: notJudged ? 0 : 2,
          health: notJudged ? 'unknown' : 'healthy',
          ...(notJudged ? { endpointsNotJudged: notJudged } : {}),
        },
      ],
    });
  assert.deepEqual(summarizeChanges(new Map(), svc('not-visible')), [
    'shop/api added, endpoints not visible to you',
  ]);
  assert.deepEqual(summarizeChanges(svc('not-read'), svc()), [
    'shop/api: 2 of 2 endpoints ready (was endpoints not read yet)',
  ]);
  assert.deepEqual(summarizeChanges(svc(), svc('not-visible')), [
    'shop/api: endpoints not visible to you (was 2 of 2)',
  ]);
  assert.deepEqual(summarizeChanges(svc('not-read'), svc('not-read')), []);
});

test('workloads are announced when their counts or state change, never when they appear or leave', () => {
  const wl = (ready: number, health: string) => ({
    name: 'Deployment shop/api',
    ready,
    count: 2,
    health,
    unit: 'pods' as const,
  });
  assert.deepEqual(summarizeChanges(new Map(), new Map([['w', wl(2, 'all ready')]])), []);
  assert.deepEqual(summarizeChanges(new Map([['w', wl(2, 'all ready')]]), new Map()), []);
  assert.deepEqual(
    summarizeChanges(new Map([['w', wl(2, 'all ready')]]), new Map([['w', wl(0, 'none ready')]])),
    ['Deployment shop/api: 0 of 2 pods ready (was 2 of 2)'],
  );
  assert.deepEqual(
    summarizeChanges(
      new Map([['w', wl(2, 'all ready')]]),
      new Map([['w', wl(2, 'rollout in progress')]]),
    ),
    ['Deployment shop/api: rollout in progress'],
  );
  // Scaled to zero: said so, while its pods stop and once they have.
  const zero = (ready: number) => ({ ...wl(ready, 'all ready'), count: 0 });
  assert.deepEqual(
    summarizeChanges(new Map([['w', wl(2, 'all ready')]]), new Map([['w', zero(2)]])),
    ['Deployment shop/api: scaled to zero, 2 pods still ready (was 2 of 2)'],
  );
  assert.deepEqual(summarizeChanges(new Map([['w', zero(2)]]), new Map([['w', zero(0)]])), [
    'Deployment shop/api: scaled to zero (was scaled to zero, 2 pods still ready)',
  ]);
  const cluster = workloadCluster();
  const graph = buildDrawGraph(cluster.topology, { workloads: cluster.workloads });
  assert.deepEqual(
    [...indexWorkloadsForAnnouncements(graph).values()]
      .map((s) => `${s.name} ${s.ready}/${s.count}`)
      .sort(),
    [
      'DaemonSet shop/web-b 2/2',
      'Deployment shop/api 3/3',
      'Deployment shop/web-a 1/1',
      'StatefulSet shop/db 2/3',
    ],
  );
});

test('a Service whose health was not known yet (DNS answer pending) is not announced as broken', () => {
  const gateway = {
    id: 'svc:1',
    namespace: 'payments',
    name: 'billing-gateway',
    readyCount: 0,
    endpointCount: 0,
  };
  const loaded = indexForAnnouncements({
    services: [{ ...gateway, health: 'healthy', healthPending: true }],
  });
  const answered = indexForAnnouncements({ services: [{ ...gateway, health: 'broken' }] });
  assert.deepEqual(summarizeChanges(loaded, answered), []);
  // Once its health is known, a change is real and announced.
  const fixed = indexForAnnouncements({ services: [{ ...gateway, health: 'healthy' }] });
  assert.deepEqual(summarizeChanges(answered, fixed), ['payments/billing-gateway is now healthy']);
  assert.deepEqual(summarizeChanges(fixed, answered), ['payments/billing-gateway is now broken']);
});
