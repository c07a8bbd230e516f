/**
 * The node leases (upstream pkg/kubelet/nodelease) and the Lease kind (ValidateLease, printLease),
 * black box over HTTP: every Node gets `kube-node-lease/<node>` held by itself for 40 s and owned
 * by the Node; invalid durations and transitions are refused with upstream's messages; the
 * Table has NAME, HOLDER, AGE; the renew interval stretches only for large clusters.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterFetch } from '../../testing/cluster-fetch';
import { type Json, startTestCluster } from '../testing/test-cluster';
import { renewIntervalMs } from './node-lease';

const LEASES = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';

describe('node leases', () => {
  it('each Node has a Lease held by itself, owned by the Node', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 2 });
    const nodes = (await c.get('/api/v1/nodes')).items as Json[];
    const leases = await c.until('leases', async () => {
      const items = (await c.get(LEASES)).items as Json[];
      return items.length === nodes.length ? items : undefined;
    });
    for (const node of nodes) {
      const lease = leases.find((l) => l.metadata.name === node.metadata.name);
      assert.ok(lease, node.metadata.name);
      assert.equal(lease.spec.holderIdentity, node.metadata.name);
      assert.equal(lease.spec.leaseDurationSeconds, 40);
      assert.match(lease.spec.renewTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      assert.deepEqual(lease.metadata.ownerReferences, [
        { apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid },
      ]);
    }
  });

  it('a renewal rewrites only what the kubelet owns: labels, other spec fields and their managers stay', async (t) => {
    const c = await startTestCluster(t, { kubelet: true, nodes: 1 });
    const [node] = (await c.get('/api/v1/nodes')).items as Json[];
    const name = node.metadata.name as string;
    const first = await c.until('lease', async () => {
      const items = (await c.get(LEASES)).items as Json[];
      return items[0];
    });
    // Someone else takes the lease with an old renewTime, labels it and adds acquireTime.
    const taken = await c.put(`${LEASES}/${name}`, {
      ...first,
      metadata: { ...first.metadata, labels: { team: 'x' } },
      spec: {
        ...first.spec,
        holderIdentity: 'someone-else',
        acquireTime: '2020-01-01T00:00:00.000000Z',
        renewTime: '2020-01-01T00:00:00.000000Z',
      },
    });
    // A Node event has the kubelet look at its lease at once: not its own, so it renews.
    await c.patch(`/api/v1/nodes/${name}`, { metadata: { labels: { poke: '1' } } });
    const renewed = await c.until('renewal', async () => {
      const lease = await c.get(`${LEASES}/${name}`);
      return lease.spec.holderIdentity === name ? lease : undefined;
    });
    assert.deepEqual(Object.keys(renewed.metadata), Object.keys(taken.metadata));
    assert.deepEqual(Object.keys(renewed.spec), Object.keys(taken.spec));
    assert.deepEqual(renewed.metadata.labels, { team: 'x' });
    assert.equal(renewed.spec.acquireTime, '2020-01-01T00:00:00.000000Z');
    assert.equal(renewed.spec.leaseDurationSeconds, 40);
    assert.ok(renewed.spec.renewTime > taken.spec.renewTime);
    assert.deepEqual(renewed.metadata.ownerReferences, first.metadata.ownerReferences);
    const managers = (lease: Json) => lease.metadata.managedFields as Json[];
    const kubelet = (lease: Json) => managers(lease).find((e) => e.manager === 'kubelet');
    // The kubelet owns again exactly what it owned at creation, encoded alike (key order too);
    // the other writer keeps the label and acquireTime, which the kubelet never set.
    assert.equal(
      JSON.stringify(kubelet(renewed).fieldsV1),
      JSON.stringify(kubelet(first).fieldsV1),
    );
    assert.ok(kubelet(renewed).time >= kubelet(first).time);
    const other = managers(renewed).find((e) => e.manager !== 'kubelet');
    assert.deepEqual(other?.fieldsV1, {
      'f:metadata': { 'f:labels': { '.': {}, 'f:team': {} } },
      'f:spec': { 'f:acquireTime': {} },
    });
  });

  it('validates as ValidateLease and prints NAME, HOLDER, AGE', async (t) => {
    const c = await startTestCluster(t);
    const path = '/apis/coordination.k8s.io/v1/namespaces/default/leases';
    const lease = (name: string, spec: Record<string, unknown>) => ({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name },
      spec,
    });
    await assert.rejects(
      c.post(path, lease('bad', { leaseDurationSeconds: 0, leaseTransitions: -1 })),
      (e: Error & { status: Json }) => {
        assert.deepEqual(
          e.status.details.causes.map((x: Json) => `${x.field}: ${x.message}`),
          [
            'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
            'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
          ],
        );
        return true;
      },
    );
    await c.post(path, lease('mine', { holderIdentity: 'me', leaseDurationSeconds: 15 }));
    const table = await c
      .send('GET', `${path}`, undefined, undefined)
      .then(async () => fetchTable(c.url, path));
    assert.deepEqual(
      table.columnDefinitions.map((d: Json) => d.name),
      ['Name', 'Holder', 'Age'],
    );
    assert.deepEqual(table.rows[0].cells.slice(0, 2), ['mine', 'me']);
  });

  it('renews every 10 s, stretched so a cluster renews at most 20 leases a second', () => {
    assert.equal(renewIntervalMs(3), 10_000);
    assert.equal(renewIntervalMs(200), 10_000);
    assert.equal(renewIntervalMs(5000), 250_000);
  });
});

async function fetchTable(url: string, path: string): Promise<Json> {
  const response = await clusterFetch(url + path, {
    headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
  });
  return response.json();
}
