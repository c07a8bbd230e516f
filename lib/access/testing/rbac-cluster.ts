/**
 * Test support: an embedded cluster with RBAC on and two teams' namespaces (`team-a`, `team-b`,
 * a Service and a pod each), people bound as the scope tests need — alice `view` in team-a only,
 * group `sre` cluster `view` — and a hub and an access resolver reading it with the dashboard's
 * (admin) credentials.
 */
import assert from 'node:assert/strict';
import { startCluster, type EmbeddedCluster } from '../../../e2e/harness';
import { loadClusterConnection } from '../../k8s/connection';
import { Hub } from '../../k8s/hub';
import { createKubeClient } from '../../k8s/write/client';
import { AccessResolver, type ResolverOptions } from '../resolver';

export const ALICE = { username: 'alice', groups: ['team-a'] };
export const BOB = { username: 'bob', groups: ['sre'] };
export const CAROL = { username: 'carol', groups: [] };

export interface RbacCluster {
  cluster: EmbeddedCluster;
  kubectl(...args: string[]): Promise<string>;
  /** A RoleBinding `name` to the `view` ClusterRole for `subject` (`--user=x` / `--group=x`). */
  grantView(name: string, subject: string, namespace: string): Promise<void>;
  hub(): Promise<Hub>;
  resolver(options?: Partial<ResolverOptions>): AccessResolver;
  stop(): Promise<void>;
}

export async function startRbacCluster(): Promise<RbacCluster> {
  const cluster = await startCluster('seed', { extraArgs: ['--authorization-mode', 'RBAC'] });
  const kubectl = async (...args: string[]) => {
    const r = await cluster.kubectl(...args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  for (const team of ['team-a', 'team-b']) {
    await kubectl('create', 'namespace', team);
    await kubectl('create', 'service', 'clusterip', `web-${team}`, '--tcp=80', '-n', team);
    await kubectl('run', `pod-${team}`, '--image=nginx', '-l', `app=web-${team}`, '-n', team);
  }
  const grantView = async (name: string, subject: string, namespace: string) => {
    await kubectl('create', 'rolebinding', name, '--clusterrole=view', subject, '-n', namespace);
  };
  await grantView('alice-view', '--user=alice', 'team-a');
  await kubectl('create', 'clusterrolebinding', 'sre-view', '--clusterrole=view', '--group=sre');
  const connection = loadClusterConnection({ SWITCHBOARD_KUBECONFIG: cluster.kubeconfig });
  const hubs: Hub[] = [];
  return {
    cluster,
    kubectl,
    grantView,
    async hub() {
      const hub = new Hub({ connection });
      hubs.push(hub);
      assert.equal(await hub.waitForSync(30_000), true);
      return hub;
    },
    resolver(options = {}) {
      return new AccessResolver({
        send: createKubeClient(connection.kubeConfig),
        namespaces: () => ['default', 'kube-system', 'team-a', 'team-b'],
        ttlMs: 30_000,
        ...options,
      });
    },
    async stop() {
      await Promise.all(hubs.map((h) => h.stop()));
      await cluster.stop();
    },
  };
}
