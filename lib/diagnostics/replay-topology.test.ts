import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTopology } from '../topology';
import { toClusterSnapshot } from '../topology/records';
import { controllerSlices } from '../topology/testing/endpoints';
import { deploymentPods, serviceRecord } from '../topology/testing/objects';
import { replayTopology } from './replay-topology';

function live() {
  const web = serviceRecord('default', 'web', { selector: { app: 'web' } });
  const other = serviceRecord('default', 'zz-other', { selector: { app: 'other' } });
  const pods = deploymentPods('default', 'web', 2, { labels: { app: 'web' } });
  const otherPods = deploymentPods('default', 'other', 1, { labels: { app: 'other' } });
  const records = [
    web,
    other,
    ...pods,
    ...otherPods,
    ...controllerSlices(web, pods),
    ...controllerSlices(other, otherPods),
  ];
  return { topology: buildTopology(toClusterSnapshot(records)), pods, web };
}

describe('replayTopology: one Service drawn as it was', () => {
  it('replaces only that Service’s endpoints and edges, keeping ids and the other Services', () => {
    const { topology, pods, web } = live();
    const [first, second] = pods;
    const replayed = replayTopology(topology, {
      service: 'default/web',
      at: '2026-11-26T09:00:00.000Z',
      state: { endpoints: [{ address: first!.podIP!, state: 'not-ready', pod: first!.meta.name }] },
    });
    const svc = replayed.services.find((s) => s.name === 'web')!;
    assert.deepEqual([svc.endpointCount, svc.readyCount, svc.health], [1, 0, 'broken']);
    const own = replayed.endpoints.filter((e) => e.serviceId === svc.id);
    assert.deepEqual(
      own.map((e) => [e.id, e.condition]),
      [[`ep:${web.meta.uid}:${first!.podIP}`, 'not-ready']],
    );
    assert.ok(!replayed.endpoints.some((e) => e.address === second!.podIP));
    assert.ok(
      replayed.edges.some((e) => e.source === own[0]!.id && e.target === `pod:${first!.meta.uid}`),
    );
    // The other Service is untouched, and still listed after web's endpoints.
    const other = topology.endpoints.filter((e) => e.serviceId !== svc.id);
    assert.deepEqual(replayed.endpoints.slice(1), other);
    assert.equal(replayed.pods, topology.pods);
  });

  it('"no data" draws the Service with no endpoints and unknown health, never the live ones', () => {
    const { topology } = live();
    const replayed = replayTopology(topology, {
      service: 'default/web',
      at: '2026-11-26T09:00:00.000Z',
      state: { endpoints: [], noData: { reason: 'not-observed' } },
    });
    const svc = replayed.services.find((s) => s.name === 'web')!;
    assert.deepEqual([svc.endpointCount, svc.health], [0, 'unknown']);
    assert.ok(!replayed.edges.some((e) => e.source === svc.id));
  });

  it('an unknown Service leaves the topology as it is', () => {
    const { topology } = live();
    const state = { endpoints: [] };
    assert.equal(replayTopology(topology, { service: 'default/nope', at: '', state }), topology);
  });
});
