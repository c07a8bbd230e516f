// The root CA publisher, black box over HTTPS (after upstream's rootcacertpublisher
// publisher_test.go cases): every active namespace gets `kube-root-ca.crt` with the serving CA,
// a deleted or edited one is put back, other ConfigMaps and extra metadata are left alone, and
// terminating namespaces get nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestCluster } from '../testing/test-cluster';
import { ROOT_CA_CONFIGMAP } from './root-ca-publisher';

const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

describe('root CA publisher', () => {
  it('publishes the serving CA in every namespace, with upstream annotation', async (t) => {
    const cluster = await startTestCluster(t);
    await cluster.settle();
    const all = await cluster.get('/api/v1/configmaps');
    const published = all.items.filter(
      (i: { metadata: { name: string } }) => i.metadata.name === ROOT_CA_CONFIGMAP,
    );
    assert.deepEqual(
      published.map((i: { metadata: { namespace: string } }) => i.metadata.namespace).sort(),
      ['default', 'kube-node-lease', 'kube-public', 'kube-system'],
    );
    const cm = await cluster.get(`/api/v1/namespaces/default/configmaps/${ROOT_CA_CONFIGMAP}`);
    assert.deepEqual(Object.keys(cm.data), ['ca.crt']);
    assert.equal(cm.data['ca.crt'], cluster.caCertificate);
    assert.match(String(cm.data['ca.crt']), /^-----BEGIN CERTIFICATE-----\n/);
    assert.deepEqual(cm.metadata.annotations, { 'kubernetes.io/description': DESCRIPTION });
  });

  it('creates it in a new namespace and recreates it when deleted', async (t) => {
    const cluster = await startTestCluster(t);
    await cluster.post('/api/v1/namespaces', { metadata: { name: 'team-a' } });
    const path = `/api/v1/namespaces/team-a/configmaps/${ROOT_CA_CONFIGMAP}`;
    const first = await cluster.until('published in team-a', async () =>
      cluster.get(path).catch(() => undefined),
    );
    await cluster.del(path);
    const again = await cluster.until('republished', async () => {
      const cm = await cluster.get(path).catch(() => undefined);
      return cm && cm.metadata.uid !== first.metadata.uid ? cm : undefined;
    });
    assert.equal(again.data['ca.crt'], cluster.caCertificate);
  });

  it('restores edited data and the description, keeping other metadata', async (t) => {
    const cluster = await startTestCluster(t);
    await cluster.settle();
    const path = `/api/v1/namespaces/default/configmaps/${ROOT_CA_CONFIGMAP}`;
    await cluster.patch(path, {
      metadata: { labels: { kept: 'yes' }, annotations: { 'kubernetes.io/description': null } },
      data: { 'ca.crt': 'tampered', extra: 'x' },
    });
    await cluster.settle();
    const cm = await cluster.get(path);
    assert.deepEqual(cm.data, { 'ca.crt': cluster.caCertificate });
    assert.deepEqual(cm.metadata.labels, { kept: 'yes' });
    assert.equal(cm.metadata.annotations['kubernetes.io/description'], DESCRIPTION);
  });

  it('leaves other ConfigMaps alone and publishes nothing into a terminating namespace', async (t) => {
    const cluster = await startTestCluster(t);
    await cluster.post('/api/v1/namespaces', { metadata: { name: 'gone' } });
    await cluster.post('/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'other' },
      data: { a: 'b' },
    });
    await cluster.settle();
    await cluster.del('/api/v1/namespaces/default/configmaps/other');
    await cluster.del('/api/v1/namespaces/gone');
    await cluster.until('namespace deleted', async () => {
      try {
        await cluster.get('/api/v1/namespaces/gone');
        return false;
      } catch {
        return true;
      }
    });
    await cluster.settle();
    const all = await cluster.get('/api/v1/configmaps');
    assert.deepEqual(
      all.items
        .map((i: { metadata: { namespace: string; name: string } }) => i.metadata.namespace)
        .filter((ns: string) => ns === 'gone'),
      [],
    );
    assert.deepEqual(
      (await cluster.get('/api/v1/namespaces/default/configmaps')).items.map(
        (i: { metadata: { name: string } }) => i.metadata.name,
      ),
      [ROOT_CA_CONFIGMAP],
    );
  });
});
