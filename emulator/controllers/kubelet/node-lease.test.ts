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
