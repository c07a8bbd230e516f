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

test('in-cluster: the ServiceAccount directory (SWITCHBOARD_SERVICEACCOUNT_DIR) gives CA, token file and namespace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-sa-'));
  const home = mkdtempSync(join(tmpdir(), 'sb-home-'));
  writeFileSync(join(dir, 'token'), 'token-one');
  writeFileSync(join(dir, 'ca.crt'), 'not a real CA');
  writeFileSync(join(dir, 'namespace'), 'switchboard');
  const before = { ...process.env };
  const env = {
    KUBERNETES_SERVICE_HOST: 'fd00::1',
    KUBERNETES_SERVICE_PORT: '6443',
    SWITCHBOARD_SERVICEACCOUNT_DIR: dir,
  };
  assert.deepEqual(resolveClusterSource({ env, home }), { kind: 'in-cluster' });
  const kc = loadKubeConfig(env, home);
  assert.deepEqual({ ...process.env }, before, 'process.env is left as it was');
  const cluster = kc.getCurrentCluster();
  assert.equal(cluster?.server, 'https://[fd00::1]:6443');
  assert.equal(cluster?.caFile, join(dir, 'ca.crt'));
  assert.equal(cluster?.skipTLSVerify, false);
  assert.equal(kc.getContextObject(kc.getCurrentContext())?.namespace, 'switchboard');
  const options: { headers?: Record<string, unknown> } = {};
  await kc.applyToHTTPSOptions(options);
  assert.equal(options.headers?.Authorization, 'Bearer token-one');
});

test('loadKubeConfig with no kubeconfig and no ServiceAccount names what it looked for', () => {
  const home = mkdtempSync(join(tmpdir(), 'sb-home-'));
  assert.throws(
    () =>
      loadKubeConfig(
        { KUBERNETES_SERVICE_HOST: '10.0.0.1', SWITCHBOARD_SERVICEACCOUNT_DIR: home },
        home,
      ),
    /no kubeconfig .* no in-cluster ServiceAccount \(KUBERNETES_SERVICE_HOST and .*token\)/,
  );
});
