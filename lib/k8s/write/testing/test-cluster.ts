/**
 * Test helper (not product code): an embedded cluster started as a real process through
 * e2e/harness.ts (the dashboard reaches a cluster only over HTTPS, trusting its CA, as it would
 * a real one), with token-file users whose RBAC grants everything Switchboard's writes touch but
 * one thing each, and write clients for each user.
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

/** kube-apiserver's --token-auth-file: token,user,uid. */
const TOKEN_FILE = [
  `${USERS.noSlices},no-slices,no-slices-uid`,
  `${USERS.noDelete},no-delete,no-delete-uid`,
  `${USERS.noUpdate},no-update,no-update-uid`,
  '',
].join('\n');

const ALL = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const but = (verb: string) => ALL.filter((v) => v !== verb);
const CORE = ['namespaces', 'pods', 'services', 'endpoints', 'events', 'configmaps', 'nodes'];
const without = (resource: string) => CORE.filter((r) => r !== resource);

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** Each user's rules: everything on the kinds the writes touch, except the one thing named. */
const RULES: Record<string, Rule[]> = {
  // may not create endpointslices
  'no-slices': [
    { apiGroups: [''], resources: CORE, verbs: ALL },
    { apiGroups: ['apps'], resources: ['*'], verbs: ALL },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: but('create') },
  ],
  // may not delete services
  'no-delete': [
    { apiGroups: [''], resources: without('services'), verbs: ALL },
    { apiGroups: [''], resources: ['services'], verbs: but('delete') },
    { apiGroups: ['apps', 'discovery.k8s.io'], resources: ['*'], verbs: ALL },
  ],
  // may not update endpoints or endpointslices
  'no-update': [
    { apiGroups: [''], resources: without('endpoints'), verbs: ALL },
    { apiGroups: [''], resources: ['endpoints'], verbs: but('update') },
    { apiGroups: ['apps'], resources: ['*'], verbs: ALL },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: but('update') },
  ],
};

function rbacManifest(): string {
  const items = Object.entries(RULES).flatMap(([user, rules]) => [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: user },
      rules,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: user },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: user },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
    },
  ]);
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

export interface TestCluster {
  cluster: EmbeddedCluster;
  send(token?: string): KubeSend;
  kubeConfig(token?: string): KubeConfig;
}

export async function startTestCluster(scenario = 'empty'): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-write-'));
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(tokenFile, TOKEN_FILE);
  const cluster = await startCluster(scenario, { extraArgs: ['--token-auth-file', tokenFile] });
  const rbac = join(dir, 'rbac.json');
  writeFileSync(rbac, rbacManifest());
  const applied = await cluster.kubectl('apply', '-f', rbac);
  if (applied.code !== 0) throw new Error(`kubectl apply of the users' RBAC: ${applied.stderr}`);
  const kubeConfig = (token = cluster.token) => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'c',
          server: cluster.url,
          caData: Buffer.from(cluster.caCertificate).toString('base64'),
        },
      ],
      users: [{ name: 'u', token }],
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

/**
 * A dual-stack cluster's answers from the single-stack embedded one: a Service is sent without
 * its IP family fields (which this cluster refuses for IPv6) and its answer carries them back, as
 * a dual-stack API server would give them. For tests of what follows the Service (slices,
 * rollback), not of the families themselves.
 */
export function dualStack(send: KubeSend): KubeSend {
  return async (request) => {
    const body = request.body as { kind?: string; spec?: Record<string, unknown> } | undefined;
    if (request.method !== 'POST' || body?.kind !== 'Service' || !body.spec) return send(request);
    const { ipFamilyPolicy, ipFamilies, ...spec } = body.spec;
    const response = await send({ ...request, body: { ...body, spec } });
    const answered = response.body as { spec?: Record<string, unknown> } | undefined;
    if (ipFamilies && answered?.spec)
      answered.spec = { ...answered.spec, ipFamilyPolicy, ipFamilies };
    return response;
  };
}
