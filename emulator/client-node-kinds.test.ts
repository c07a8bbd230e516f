/**
 * Integration: @kubernetes/client-node's typed APIs for the RBAC, config, set and policy kinds
 * against the embedded cluster over loopback: create and read back through
 * RbacAuthorizationV1Api, CoreV1Api, AppsV1Api, NetworkingV1Api and PolicyV1Api, with the
 * defaults the apiserver applies, and the apiserver's 422 Status for an invalid object.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AppsV1Api,
  CoreV1Api,
  type KubeConfig,
  NetworkingV1Api,
  PolicyV1Api,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { startEmulator, type RunningEmulator } from './server';
import { clusterKubeConfig } from './testing/kube-config';

describe('client-node typed APIs for the later kinds', () => {
  let emulator: RunningEmulator;
  let kc: KubeConfig;
  before(async () => {
    emulator = await startEmulator({ port: 0, kubelet: false, controllers: () => [] });
    kc = clusterKubeConfig(emulator);
  });
  after(async () => {
    await emulator?.stop();
  });

  it('RBAC: a ClusterRole, a RoleBinding to it, and its defaults', async () => {
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    await rbac.createClusterRole({
      body: {
        metadata: { name: 'svc-reader' },
        rules: [{ apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch'] }],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: 'default',
      body: {
        metadata: { name: 'svc-readers' },
        roleRef: { apiGroup: '', kind: 'ClusterRole', name: 'svc-reader' },
        subjects: [{ kind: 'User', name: 'alice' }],
      },
    });
    const binding = await rbac.readNamespacedRoleBinding({
      name: 'svc-readers',
      namespace: 'default',
    });
    assert.equal(binding.roleRef.apiGroup, 'rbac.authorization.k8s.io');
    assert.equal(binding.subjects?.[0]?.apiGroup, 'rbac.authorization.k8s.io');
    // The cluster's own bootstrap ClusterRoles (cluster-admin, view, …) are listed too.
    const roles = (await rbac.listClusterRole()).items.map((r) => r.metadata?.name);
    assert.ok(roles.includes('svc-reader'), roles.join(' '));
    assert.ok(roles.includes('cluster-admin') && roles.includes('view'), roles.join(' '));
    await assert.rejects(
      rbac.replaceNamespacedRoleBinding({
        name: 'svc-readers',
        namespace: 'default',
        body: { ...binding, roleRef: { ...binding.roleRef, name: 'other' } },
      }),
      (err: { code?: number; body?: string }) =>
        err.code === 422 && String(err.body).includes('cannot change roleRef'),
    );
  });

  it('ConfigMap and ServiceAccount', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'settings' }, data: { mode: 'fast' } },
    });
    await core.createNamespacedServiceAccount({
      namespace: 'default',
      body: { metadata: { name: 'builder' }, automountServiceAccountToken: false },
    });
    const cm = await core.readNamespacedConfigMap({ name: 'settings', namespace: 'default' });
    assert.deepEqual(cm.data, { mode: 'fast' });
    const sa = await core.readNamespacedServiceAccount({ name: 'builder', namespace: 'default' });
    assert.equal(sa.automountServiceAccountToken, false);
  });

  it('StatefulSet and DaemonSet with their defaults and zero status', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const template = (app: string) => ({
      metadata: { labels: { app } },
      spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
    });
    const sts = await apps.createNamespacedStatefulSet({
      namespace: 'default',
      body: {
        metadata: { name: 'db' },
        spec: {
          serviceName: 'db',
          selector: { matchLabels: { app: 'db' } },
          template: template('db'),
        },
      },
    });
    assert.equal(sts.spec?.podManagementPolicy, 'OrderedReady');
    assert.equal(sts.spec?.updateStrategy?.rollingUpdate?.partition, 0);
    assert.equal(sts.status?.replicas, 0);
    const ds = await apps.createNamespacedDaemonSet({
      namespace: 'default',
      body: {
        metadata: { name: 'agent' },
        spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') },
      },
    });
    assert.equal(ds.spec?.updateStrategy?.type, 'RollingUpdate');
    assert.equal(ds.metadata?.generation, 1);
    const scale = await apps.readNamespacedStatefulSetScale({ name: 'db', namespace: 'default' });
    assert.equal(scale.spec?.replicas, 1);
    assert.equal(scale.status?.selector, 'app=db');
  });

  it('NetworkPolicy and PodDisruptionBudget', async () => {
    const net = kc.makeApiClient(NetworkingV1Api);
    const np = await net.createNamespacedNetworkPolicy({
      namespace: 'default',
      body: {
        metadata: { name: 'deny-all' },
        spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] },
      },
    });
    assert.deepEqual(np.spec?.policyTypes, ['Ingress', 'Egress']);
    assert.equal(np.spec?.egress?.[0]?.ports?.[0]?.protocol, 'TCP');
    const policy = kc.makeApiClient(PolicyV1Api);
    const pdb = await policy.createNamespacedPodDisruptionBudget({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } },
      },
    });
    assert.equal(pdb.status?.disruptionsAllowed, 0);
    const list = await policy.listPodDisruptionBudgetForAllNamespaces();
    assert.deepEqual(
      list.items.map((p) => p.metadata?.name),
      ['web'],
    );
  });
});
