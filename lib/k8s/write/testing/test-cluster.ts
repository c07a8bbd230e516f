/**
 * Test helper (not product code): an embedded cluster started as a real process through
 * e2e/harness.ts (the dashboard reaches a cluster only over HTTPS, trusting its CA, as it would
 * a real one), with an auth configuration naming restricted users, and write clients for each
 * user.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { startCluster, type EmbeddedCluster } from '../../../../e2e/harness';
import { createKubeClient, type KubeSend } from '../client';

export const USERS = {
  noSlices: 'no-slices-token',
  noDelete: 'no-delete-token',
  noUpdate: 'no-update-token',
} as const;

export const AUTH_CONFIG = {
  users: [
    {
      name: 'no-slices',
      token: USERS.noSlices,
      deny: [{ verbs: ['create'], resources: ['endpointslices'], namespaces: ['*'] }],
    },
    {
      name: 'no-delete',
      token: USERS.noDelete,
      deny: [{ verbs: ['delete'], resources: ['services'], namespaces: ['*'] }],
    },
    {
      name: 'no-update',
      token: USERS.noUpdate,
      deny: [{ verbs: ['update'], resources: ['endpoints', 'endpointslices'], namespaces: ['*'] }],
    },
  ],
};

export interface TestCluster {
  cluster: EmbeddedCluster;
  send(token?: string): KubeSend;
  kubeConfig(token?: string): KubeConfig;
}

export async function startTestCluster(scenario = 'empty'): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-write-'));
  const authFile = join(dir, 'auth.json');
  writeFileSync(authFile, JSON.stringify(AUTH_CONFIG));
  const cluster = await startCluster(scenario, { extraArgs: ['--auth', authFile] });
  const kubeConfig = (token?: string) => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'c',
          server: cluster.url,
          caData: Buffer.from(cluster.caCertificate).toString('base64'),
        },
      ],
      users: [{ name: 'u', ...(token ? { token } : {}) }],
      contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
      currentContext: 'ctx',
    });
    return kc;
  };
  return { cluster, kubeConfig, send: (token) => createKubeClient(kubeConfig(token)) };
}

/** Wraps a client so that requests matching `when` fail: thrown (network) or with a 500. */
export function failing(
  send: KubeSend,
  when: (request: Parameters<KubeSend>[0], index: number) => boolean,
  how: 'throw' | '500' | 'lose-answer' = 'throw',
): KubeSend {
  let index = 0;
  return async (request) => {
    const i = index++;
    if (!when(request, i)) return send(request);
    if (how === 'throw') throw new Error('injected network failure');
    if (how === 'lose-answer') {
      await send(request);
      throw new Error('injected: answer lost');
    }
    return { status: 500, body: { kind: 'Status', message: 'injected server error', code: 500 } };
  };
}
