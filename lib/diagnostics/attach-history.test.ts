/**
 * What a trail attached to a cluster cache takes as its baseline: each kind's first list, in
 * whatever order the kinds finish listing and whenever the trail is attached — never a change at
 * start-up — while what changes after a kind's first list is recorded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterCache } from '../k8s/cache';
import { attachHistory } from './attach-history';
import { ServiceHistory } from './service-history';
import { controllerSlices } from '../topology/testing/endpoints';
import { deploymentPods, objectMeta, serviceRecord } from '../topology/testing/objects';
import { deploymentRecord } from '../topology/testing/workloads';
import type { EventRecord, RecordKind, SlimRecord } from '../topology/records';

function orders<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** The seed's ingress-nginx: a Service, its Deployment's two pods and slice, and its Event. */
function seed() {
  const svc = serviceRecord('default', 'ingress-nginx', { selector: { app: 'nginx' } });
  const pods = deploymentPods('default', 'nginx-deployment', 2, { labels: { app: 'nginx' } });
  const deployment = deploymentRecord('default', 'nginx-deployment', {
    labels: { app: 'nginx' },
  });
  const scaled: EventRecord = {
    kind: 'Event',
    meta: objectMeta('Event', 'default', 'nginx-deployment.187f3a'),
    involved: { kind: 'Deployment', namespace: 'default', name: 'nginx-deployment' },
    type: 'Normal',
    reason: 'ScalingReplicaSet',
    message: 'Scaled up replica set nginx-deployment-5d8f to 2',
    count: 1,
    lastTimestamp: '2026-11-26T09:00:05Z',
  };
  const lists = new Map<RecordKind, SlimRecord[]>([
    ['Service', [svc]],
    ['Pod', pods],
    ['EndpointSlice', controllerSlices(svc, pods)],
    ['Deployment', [deployment]],
    ['Event', [scaled]],
  ]);
  return { svc, pods, lists };
}

/** Ten minutes after the seed's objects were created: its Event is recent, as at a real start. */
const NOW = Date.parse('2026-11-26T09:10:00Z');
const attach = (cache: ClusterCache) =>
  attachHistory(cache, new ServiceHistory({ now: () => NOW }));

const endpointEntries = (history: ReturnType<typeof attachHistory>['history']) =>
  history.entries('default', 'ingress-nginx').filter((e) => e.type === 'endpoint');

describe('attachHistory', () => {
  it('the endpoints there at start are the baseline in every order of first lists and attach point', () => {
    const { svc, pods, lists } = seed();
    const failures: string[] = [];
    for (const order of orders([...lists.keys()])) {
      // Attached before any list (memory), or after some kinds listed (the durable store loads first).
      for (let attachAfter = 0; attachAfter <= order.length; attachAfter++) {
        const cache = new ClusterCache();
        let attached: ReturnType<typeof attachHistory> | undefined;
        order.forEach((kind, i) => {
          if (i === attachAfter) attached = attach(cache);
          cache.replace(kind, lists.get(kind)!);
        });
        const { history } = attached ?? attach(cache);
        const label = `${order.join(' → ')}, attached after ${attachAfter}`;
        const entries = endpointEntries(history);
        if (entries.length > 0) failures.push(`${label}: ${entries.length} endpoint entries`);
        const now = history.stateAt('default', 'ingress-nginx', NOW);
        if (now.endpoints.length !== 2) failures.push(`${label}: ${now.endpoints.length} now`);

        // A change after the first lists is still a change.
        const three = deploymentPods('default', 'nginx-deployment', 3, {
          labels: { app: 'nginx' },
        });
        cache.replace('EndpointSlice', controllerSlices(svc, [...pods, three[2]!]));
        const added = endpointEntries(history);
        if (added.length !== 1 || added[0]?.type !== 'endpoint' || added[0].initial)
          failures.push(`${label}: the scale-up is ${JSON.stringify(added)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('a kind listed after the map went live (optional workloads) is baseline, not "created"', () => {
    const cache = new ClusterCache();
    const svc = serviceRecord('default', 'api', { selector: { app: 'api' } });
    cache.replace('Service', [svc]);
    const { history } = attach(cache);
    cache.replace('Deployment', [deploymentRecord('default', 'api')]);
    assert.deepEqual(history.entries('default', 'api'), []);
    cache.apply('ADDED', deploymentRecord('default', 'api-worker', { labels: { app: 'api' } }));
    const [created] = history.entries('default', 'api');
    assert.ok(created?.type === 'workload' && created.field === 'created');
  });
});
