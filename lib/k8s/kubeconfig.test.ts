import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IN_CLUSTER_TOKEN, loadKubeConfig, resolveClusterSource } from './kubeconfig';

test('resolution order: flag > KUBECONFIG > ~/.kube/config > in-cluster > none', () => {
  const home = '/home/u';
  const homeFile = join(home, '.kube', 'config');
  const all = (p: string) => p === homeFile || p === IN_CLUSTER_TOKEN;
  const env = { KUBECONFIG: '/a:/b', KUBERNETES_SERVICE_HOST: '10.0.0.1' };
  assert.deepEqual(resolveClusterSource({ flagFile: '/f', env, home, exists: all }), {
    kind: 'flag',
    file: '/f',
  });
  assert.deepEqual(resolveClusterSource({ env, home, exists: all }), {
    kind: 'env',
    files: '/a:/b',
  });
  assert.deepEqual(resolveClusterSource({ env: { ...env, KUBECONFIG: '' }, home, exists: all }), {
    kind: 'home',
    file: homeFile,
  });
  assert.deepEqual(
    resolveClusterSource({
      env: { KUBERNETES_SERVICE_HOST: 'x' },
      home,
      exists: (p) => p === IN_CLUSTER_TOKEN,
    }),
    { kind: 'in-cluster' },
  );
  assert.deepEqual(
    resolveClusterSource({ env: { KUBERNETES_SERVICE_HOST: 'x' }, home, exists: () => false }),
    { kind: 'none' },
  );
  assert.deepEqual(resolveClusterSource({ env: {}, home, exists: () => false }), { kind: 'none' });
});

test('loadKubeConfig honours the context and names the missing one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-kc-'));
  const file = join(dir, 'config');
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters:
- name: one
  cluster: { server: "http://127.0.0.1:1", insecure-skip-tls-verify: true }
- name: two
  cluster: { server: "http://127.0.0.1:2", insecure-skip-tls-verify: true }
users: [{ name: u, user: { token: t } }]
contexts:
- { name: a, context: { cluster: one, user: u } }
- { name: b, context: { cluster: two, user: u } }
current-context: a
`,
  );
  assert.equal(
    loadKubeConfig({ SWITCHBOARD_KUBECONFIG: file }).getCurrentCluster()?.server,
    'http://127.0.0.1:1',
  );
  assert.equal(
    loadKubeConfig({ SWITCHBOARD_KUBECONFIG: file, SWITCHBOARD_CONTEXT: 'b' }).getCurrentCluster()
      ?.server,
    'http://127.0.0.1:2',
  );
  assert.throws(
    () => loadKubeConfig({ SWITCHBOARD_KUBECONFIG: file, SWITCHBOARD_CONTEXT: 'nope' }),
    /no context "nope".*a, b/,
  );
});
