// The ServiceAccount controller, black box over HTTP (after upstream's
// serviceaccounts_controller_test.go cases): every active namespace gets a `default`
// ServiceAccount, a deleted one comes back, existing ones are left alone, and terminating
// namespaces get nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestCluster } from '../testing/test-cluster';

const names = (list: { items: { metadata: { name: string } }[] }) =>
  list.items.map((i) => i.metadata.name);

describe('serviceaccount controller', () => {
  it('gives the system namespaces their default ServiceAccount', async (t) => {
    const cluster = await startTestCluster(t);
    const all = await cluster.get('/api/v1/serviceaccounts');
    assert.deepEqual(
      all.items.map(
        (i: { metadata: { namespace: string; name: string } }) =>
          `${i.metadata.namespace}/${i.metadata.name}`,
      ),
      ['default/default', 'kube-node-lease/default', 'kube-public/default', 'kube-system/default'],
    );
    const sa = await cluster.get('/api/v1/namespaces/default/serviceaccounts/default');
    assert.deepEqual(Object.keys(sa).sort(), ['apiVersion', 'kind', 'metadata']);
    assert.equal(sa.metadata.labels, undefined);
  });

  it('creates one in a new namespace and recreates it when deleted', async (t) => {
    const cluster = await startTestCluster(t);
    await cluster.post('/api/v1/namespaces', { metadata: { name: 'team-a' } });
    await cluster.until('default SA in team-a', async () =>
      names(await cluster.get('/api/v1/namespaces/team-a/serviceaccounts')).includes('default'),
    );
    const first = await cluster.get('/api/v1/namespaces/team-a/serviceaccounts/default');
    await cluster.del('/api/v1/namespaces/team-a/serviceaccounts/default');
    const again = await cluster.until('recreated default SA', async () => {
      const list = await cluster.get('/api/v1/namespaces/team-a/serviceaccounts');
      return list.items.find(
        (i: { metadata: { uid: string } }) => i.metadata.uid !== first.metadata.uid,
      );
    });
    assert.equal(again.metadata.name, 'default');
  });

  it('leaves other ServiceAccounts and an existing default alone', async (t) => {
    const cluster = await startTestCluster(t);
    await cluster.post('/api/v1/namespaces', { metadata: { name: 'ci' } });
    await cluster.settle();
    await cluster.post('/api/v1/namespaces/ci/serviceaccounts', { metadata: { name: 'builder' } });
    await cluster.patch('/api/v1/namespaces/ci/serviceaccounts/default', {
      metadata: { labels: { kept: 'yes' } },
    });
    await cluster.del('/api/v1/namespaces/ci/serviceaccounts/builder');
    await cluster.settle();
    assert.deepEqual(names(await cluster.get('/api/v1/namespaces/ci/serviceaccounts')), [
      'default',
    ]);
    const sa = await cluster.get('/api/v1/namespaces/ci/serviceaccounts/default');
    assert.deepEqual(sa.metadata.labels, { kept: 'yes' });
  });

  it('does not recreate the default ServiceAccount of a terminating namespace', async (t) => {
    const cluster = await startTestCluster(t);
    await cluster.post('/api/v1/namespaces', { metadata: { name: 'gone' } });
    await cluster.settle();
    await cluster.del('/api/v1/namespaces/gone');
    await cluster.until('namespace deleted', async () => {
      try {
        await cluster.get('/api/v1/namespaces/gone');
        return false;
      } catch {
        return true;
      }
    });
    const all = await cluster.get('/api/v1/serviceaccounts');
    assert.ok(
      !all.items.some((i: { metadata: { namespace: string } }) => i.metadata.namespace === 'gone'),
    );
  });
});
