import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTopology } from '../topology';
import { toClusterSnapshot } from '../topology/records';
import { manualSlice } from '../topology/testing/endpoints';
import { podRecord, serviceRecord } from '../topology/testing/objects';
import { buildDrawGraph } from './view-model';

test("an endpoint whose pod the selector does not match is drawn as such, not as traffic's usual edge", () => {
  const web = podRecord('default', 'web-1', { labels: { app: 'web' }, ip: '10.2.0.1' });
  const other = podRecord('default', 'other-1', { labels: { app: 'other' }, ip: '10.2.0.9' });
  const service = serviceRecord('default', 'web', { selector: { app: 'web' } });
  const endpoint = (pod: typeof web) => ({
    addresses: [pod.podIP!],
    ready: true,
    targetRef: { kind: 'Pod', namespace: 'default', name: pod.meta.name, uid: pod.meta.uid },
  });
  const slice = manualSlice('default', 'web-manual', 'web', {
    endpoints: [endpoint(web), endpoint(other)],
  });
  const graph = buildDrawGraph(buildTopology(toClusterSnapshot([web, other, service, slice])), {
    drawAll: true,
  });
  const kindTo = (pod: typeof web) =>
    graph.edges.find((e) => e.target === `pod:${pod.meta.uid}` && e.source.startsWith('ep:'))?.kind;
  assert.equal(kindTo(web), 'targets');
  assert.equal(kindTo(other), 'endpoint-not-selected');
  assert.equal(
    graph.edges.filter((e) => e.target === `pod:${other.meta.uid}`).length,
    1,
    'one edge to the stray pod, not two',
  );
});
