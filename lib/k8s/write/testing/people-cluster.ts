/**
 * Test helper (not product code): an embedded cluster with people in it, for writes made as a
 * signed-in person. The admin kubeconfig plays the dashboard (it may impersonate anyone); RBAC:
 * - alice: `edit` in team-a through the group `team-a`, and write on Endpoints/EndpointSlices in
 *   team-a through the group `endpoint-writers` (upstream's `edit` has not granted those since
 *   1.22), so a create succeeds only when BOTH groups arrive as separate groups;
 * - bob: cluster-wide `view`, nothing else;
 * - the ServiceAccount team-a/deployer: the same two grants, for token mode (`kubectl create
 *   token`).
 * The cluster writes its audit log (`--audit-log-path`) so a test can see who each request was.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type EmbeddedCluster } from '../../../../e2e/harness';
import type { Viewer } from '@/lib/auth/viewer';

export const ALICE: Viewer = {
  mode: 'proxy',
  user: { username: 'alice', groups: ['team-a', 'endpoint-writers'] },
};
export const BOB: Viewer = { mode: 'oidc', user: { username: 'bob', groups: ['sre'] } };
export const DEPLOYER = 'system:serviceaccount:team-a:deployer';

const ref = (kind: 'Role' | 'ClusterRole', name: string) => ({
  apiGroup: 'rbac.authorization.k8s.io',
  kind,
  name,
});
const subject = (kind: 'User' | 'Group' | 'ServiceAccount', name: string) =>
  kind === 'ServiceAccount'
    ? { kind, name, namespace: 'team-a' }
    : { apiGroup: 'rbac.authorization.k8s.io', kind, name };

function rbac(): string {
  const binding = (name: string, roleRef: object, subjects: object[]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: 'team-a' },
    roleRef,
    subjects,
  });
  const items = [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'deployer', namespace: 'team-a' },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'endpoint-writer', namespace: 'team-a' },
      rules: [
        { apiGroups: [''], resources: ['endpoints'], verbs: ['create', 'update', 'delete'] },
        {
          apiGroups: ['discovery.k8s.io'],
          resources: ['endpointslices'],
          verbs: ['create', 'update', 'delete'],
        },
      ],
    },
    binding('team-a-edit', ref('ClusterRole', 'edit'), [
      subject('Group', 'team-a'),
      subject('ServiceAccount', 'deployer'),
    ]),
    binding('endpoint-writers', ref('Role', 'endpoint-writer'), [
      subject('Group', 'endpoint-writers'),
      subject('ServiceAccount', 'deployer'),
    ]),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'bob-view' },
      roleRef: ref('ClusterRole', 'view'),
      subjects: [subject('User', 'bob')],
    },
  ];
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

/** One audit.k8s.io/v1 Event, the fields the tests read. */
export interface AuditEvent {
  stage: string;
  verb: string;
  requestURI: string;
  user: { username: string; groups?: string[] };
  impersonatedUser?: { username: string; groups?: string[] };
  objectRef?: { resource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
}

export interface PeopleCluster {
  cluster: EmbeddedCluster;
  /** A fresh token of team-a/deployer (TokenRequest). */
  deployerToken: string;
  /** Every ResponseComplete event written so far. */
  auditEvents(): AuditEvent[];
  /**
   * The events matching `match`, once at least `count` are written: the cluster writes an event
   * after the response body has gone out, so a client can see its answer before the log line.
   */
  auditEventsWhen(match: (e: AuditEvent) => boolean, count?: number): Promise<AuditEvent[]>;
}

export async function startPeopleCluster(): Promise<PeopleCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-people-'));
  const auditLog = join(dir, 'audit.log');
  const cluster = await startCluster('empty', { extraArgs: ['--audit-log-path', auditLog] });
  const run = async (...args: string[]) => {
    const result = await cluster.kubectl(...args);
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  await run('create', 'namespace', 'team-a');
  await run('create', 'namespace', 'team-b');
  writeFileSync(join(dir, 'rbac.json'), rbac());
  await run('apply', '-f', join(dir, 'rbac.json'));
  const deployerToken = (await run('create', 'token', 'deployer', '-n', 'team-a')).trim();
  // The cluster appends while the test reads: only lines it has finished (up to the last newline).
  const auditEvents = () =>
    readFileSync(auditLog, 'utf8')
      .split('\n')
      .slice(0, -1)
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditEvent)
      .filter((e) => e.stage === 'ResponseComplete');
  return {
    cluster,
    deployerToken,
    auditEvents,
    async auditEventsWhen(match, count = 1) {
      for (let tries = 0; ; tries++) {
        const found = auditEvents().filter(match);
        if (found.length >= count || tries >= 100) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
