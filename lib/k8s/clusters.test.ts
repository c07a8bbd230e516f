import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KubeConfig } from '@kubernetes/client-node';
import { selectClusters, type ClusterEntry } from './cluster-set';
import { ClusterRegistry, isUnknownCluster, UnknownClusterError } from './clusters';

function entries(contexts: Record<string, number>): ClusterEntry[] {
  const kc = new KubeConfig();
  const names = Object.keys(contexts);
  kc.loadFromOptions({
    clusters: names.map((n) => ({
      name: n,
      server: `https://127.0.0.1:${contexts[n]}`,
      skipTLSVerify: false,
    })),
    users: [{ name: 'u', token: 't' }],
    contexts: names.map((n) => ({ name: n, cluster: n, user: 'u' })),
    currentContext: names[0] ?? '',
  });
  return selectClusters(kc, { contexts: [], allContexts: true }).entries;
}

test('the registry: one hub per cluster, the first the default, unknown ids refused', () => {
  const registry = new ClusterRegistry({
    load: () => ({ entries: entries({ eu: 1, us: 2 }), files: [] }),
  });
  assert.deepEqual(registry.ids(), ['eu', 'us']);
  assert.equal(registry.hub(), registry.hub('eu'), 'no id: the default cluster');
  assert.notEqual(registry.hub('eu'), registry.hub('us'));
  assert.equal(registry.hub('us').info.name, 'us');
  assert.throws(() => registry.hub('ap'), UnknownClusterError);
  // Recognised by name, as an error from another bundled copy of the class would be.
  const foreign = Object.assign(new Error('x'), { name: 'UnknownClusterError' });
  assert.equal(isUnknownCluster(foreign), true);
  assert.equal(isUnknownCluster(new Error('x')), false);
});

test('reload: added clusters join, removed ones are stopped, a repointed one gets a fresh hub', async () => {
  let current: Record<string, number> = { eu: 1, us: 2 };
  const registry = new ClusterRegistry({ load: () => ({ entries: entries(current), files: [] }) });
  const heard: unknown[] = [];
  registry.onChange((change) => heard.push(change));
  const eu = registry.hub('eu');
  const us = registry.hub('us');
  let usStopped = false;
  const stop = us.stop.bind(us);
  us.stop = async () => {
    usStopped = true;
    await stop();
  };
  current = { eu: 9, ap: 3 };
  const change = registry.reload();
  assert.deepEqual(change, { added: ['ap'], removed: ['us'], changed: ['eu'] });
  assert.deepEqual(heard, [change]);
  assert.equal(usStopped, true);
  assert.deepEqual(registry.ids(), ['eu', 'ap']);
  assert.notEqual(registry.hub('eu'), eu, 'eu points elsewhere now: a new hub');
  assert.equal(registry.hub('eu').info.name, 'eu');
  assert.throws(() => registry.hub('us'), UnknownClusterError);
  // Nothing changed: nothing heard, the same hubs.
  const ap = registry.hub('ap');
  assert.deepEqual(registry.reload(), { added: [], removed: [], changed: [] });
  assert.equal(registry.hub('ap'), ap);
  assert.equal(heard.length, 1);
  // A configuration that fails to load keeps the clusters as they are.
  const failing = new ClusterRegistry({
    load: (() => {
      let calls = 0;
      return () => {
        if (calls++ > 0) throw new Error('bad yaml');
        return { entries: entries({ eu: 1 }), files: [] };
      };
    })(),
    log: () => undefined,
  });
  assert.deepEqual(failing.reload(), { added: [], removed: [], changed: [] });
  assert.deepEqual(failing.ids(), ['eu']);
  await registry.stop();
});
