/**
 * Impersonation from @kubernetes/client-node 2.0.1 over HTTPS with the cluster's CA: a
 * kubeconfig user with `as: alice` sends `Impersonate-User` and the requests run as alice; groups
 * can only be added per request with `setHeaderOptions('Impersonate-Group', …)`, which sets ONE
 * header line — so several groups given as an array (or "a,b") arrive as one group named
 * `team-a,team-b`, exactly as kube-apiserver (which reads one group per header line) would take
 * them. One group per client is what client-node can impersonate.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AuthenticationV1Api,
  CoreV1Api,
  KubeConfig,
  setHeaderOptions,
  type V1SelfSubjectReview,
} from '@kubernetes/client-node';
import { kubeconfigYaml } from './cluster';
import { startEmulator, type RunningEmulator } from './server';
import { bindClusterRole } from './apiserver/testing/support';
import { trustCluster } from './testing/cluster-fetch';

let em: RunningEmulator;
let kc: KubeConfig;

function statusOf(error: unknown): { code?: number; body?: string } {
  return error as { code?: number; body?: string };
}

before(async () => {
  em = trustCluster(await startEmulator({ kubelet: false, controllers: () => [] }));
  const yaml = kubeconfigYaml(em.url, em.adminToken, em.caCertificate).replace(
    `      token: ${em.adminToken}`,
    `      token: ${em.adminToken}\n      as: alice`,
  );
  kc = new KubeConfig();
  kc.loadFromString(yaml);
  await bindClusterRole(em.url, { name: 'alice-view', clusterRole: 'view', user: 'alice' });
});
after(() => em.stop());

describe('client-node impersonation', () => {
  it('kubeconfig `as: alice` runs every request as alice', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const pods = await core.listNamespacedPod({ namespace: 'default' });
    assert.deepEqual(pods.items, []);
    await assert.rejects(
      core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'x' } } }),
      (error: unknown) => {
        const { code, body } = statusOf(error);
        assert.equal(code, 403);
        assert.equal(
          (JSON.parse(body ?? '{}') as { message?: string }).message,
          'configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "default"',
        );
        return true;
      },
    );
    const review = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    assert.deepEqual(JSON.parse(JSON.stringify(review.status?.userInfo)), {
      username: 'alice',
      groups: ['system:authenticated'],
    });
  });

  it('Impersonate-Group through setHeaderOptions: one header line, so one group', async () => {
    const whoami = (groups: string | string[]): Promise<V1SelfSubjectReview> =>
      kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview(
        { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } },
        // The typings take a string; an array is what a caller wanting several groups would try.
        setHeaderOptions('Impersonate-Group', groups as string),
      );
    const one = await whoami('team-a');
    assert.deepEqual(one.status?.userInfo?.groups, ['team-a', 'system:authenticated']);
    const array = await whoami(['team-a', 'team-b']);
    assert.deepEqual(array.status?.userInfo?.groups, ['team-a,team-b', 'system:authenticated']);
  });
});
