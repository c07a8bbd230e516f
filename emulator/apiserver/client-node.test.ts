/**
 * @kubernetes/client-node 2.x against the core over HTTP: typed list (items without kind),
 * create, JSON-patch (its default patch type), Watch events, and the informer's resume after the
 * server ends a watch and its relist after a 410.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CoreV1Api,
  type KubeConfig,
  Watch,
  makeInformer,
  type V1Endpoints,
} from '@kubernetes/client-node';
import type { RunningEmulator } from '../server';
import { eventually, startCore } from './testing/support';
import { clusterKubeConfig } from '../testing/kube-config';

let em: RunningEmulator;
let kc: KubeConfig;

before(async () => {
  em = await startCore({ historySize: 20 });
  kc = clusterKubeConfig(em);
});
after(() => em.stop());

describe('@kubernetes/client-node', () => {
  it('creates, lists and patches', async () => {
    const api = kc.makeApiClient(CoreV1Api);
    await api.createNamespacedEndpoints({
      namespace: 'default',
      body: { metadata: { name: 'cn', labels: { app: 'cn' } } },
    });
    const list = await api.listNamespacedEndpoints({
      namespace: 'default',
      labelSelector: 'app=cn',
    });
    assert.deepEqual(
      list.items.map((i) => i.metadata?.name),
      ['cn'],
    );
    assert.ok(list.metadata?.resourceVersion);
    assert.ok(list.items[0]?.metadata?.creationTimestamp instanceof Date);
    const patched = await api.patchNamespacedEndpoints({
      namespace: 'default',
      name: 'cn',
      body: [{ op: 'add', path: '/metadata/labels/extra', value: 'yes' }],
    });
    assert.equal(patched.metadata?.labels?.extra, 'yes');
    await assert.rejects(
      api.readNamespacedEndpoints({ namespace: 'default', name: 'missing' }),
      (e: { code?: number }) => e.code === 404,
    );
  });

  it('watches with Watch', async () => {
    const api = kc.makeApiClient(CoreV1Api);
    const list = await api.listNamespacedEndpoints({ namespace: 'default' });
    const seen: string[] = [];
    const watch = new Watch(kc);
    const ctl = await watch.watch(
      '/api/v1/namespaces/default/endpoints',
      { resourceVersion: list.metadata?.resourceVersion },
      (type: string, obj: V1Endpoints) => seen.push(`${type} ${obj.metadata?.name}`),
      () => undefined,
    );
    await api.createNamespacedEndpoints({
      namespace: 'default',
      body: { metadata: { name: 'w1' } },
    });
    await api.deleteNamespacedEndpoints({ namespace: 'default', name: 'w1' });
    await eventually(() => seen.length >= 2);
    assert.deepEqual(seen, ['ADDED w1', 'DELETED w1']);
    ctl.abort();
  });

  it('keeps an informer in sync across a server-ended watch and a 410 relist', async () => {
    const api = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer(kc, '/api/v1/namespaces/default/endpoints', () =>
      api.listNamespacedEndpoints({ namespace: 'default' }),
    );
    const added: string[] = [];
    const deleted: string[] = [];
    informer.on('add', (o: V1Endpoints) => added.push(o.metadata?.name ?? ''));
    informer.on('delete', (o: V1Endpoints) => deleted.push(o.metadata?.name ?? ''));
    informer.on('error', () => undefined);
    await informer.start();
    await api.createNamespacedEndpoints({
      namespace: 'default',
      body: { metadata: { name: 'inf-1' } },
    });
    await eventually(() => added.includes('inf-1'));
    // The server ends every open watch; the informer re-watches from its last RV.
    em.router.closeWatches();
    await api.createNamespacedEndpoints({
      namespace: 'default',
      body: { metadata: { name: 'inf-2' } },
    });
    await eventually(() => added.includes('inf-2'));
    // Push the informer's RV out of the (20-event) history, then end its watch: it gets 410
    // on resume, relists, and reports what changed meanwhile.
    em.router.closeWatches();
    const w = informer as unknown as { stop(): Promise<void> };
    await w.stop();
    for (let i = 0; i < 25; i++) {
      em.store.create('events', {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `churn-${i}`, namespace: 'default' },
        involvedObject: { kind: 'Pod', name: 'x', namespace: 'default' },
        reason: 'Churn',
        message: 'churn',
        type: 'Normal',
      });
    }
    em.store.delete('endpoints', 'default', 'inf-1');
    await informer.start();
    await eventually(() => deleted.includes('inf-1'));
    assert.ok(informer.get('inf-2', 'default'));
    await informer.stop();
  });
});
