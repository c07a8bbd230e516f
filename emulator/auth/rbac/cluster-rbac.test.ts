/**
 * RBAC composed over a store: after the bootstrap, a RoleBinding to `view` lets alice list pods in
 * her namespace only; the write guard passes non-RBAC writes and refuses an escalating binding.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClusterRbac } from './cluster-rbac';
import { bindToClusterRole, newRoleBinding, resourceAttributes, user } from './testing/builders';
import { memoryRbacStore } from './testing/memory-store';

test('bootstrap, bind view, authorize and guard writes', () => {
  const store = memoryRbacStore();
  const rbac = createClusterRbac(store);
  rbac.bootstrap();
  const alice = user('alice', ['system:authenticated']);
  const list = (namespace: string) =>
    rbac.authorizer.authorize(
      resourceAttributes(alice, { verb: 'list', resource: 'pods', namespace }),
    );
  assert.equal(list('team-a').decision, 'noOpinion');

  const binding = {
    ...newRoleBinding('team-a', 'view', bindToClusterRole, 'User:alice'),
    metadata: { name: 'x', namespace: 'team-a' },
  };
  const admin = user('kubernetes-admin', ['system:masters', 'system:authenticated']);
  assert.equal(
    rbac.checkWrite({
      user: admin,
      namespace: 'team-a',
      requestName: '',
      resource: 'rolebindings',
      object: binding,
    }),
    undefined,
  );
  store.create('rolebindings', binding);
  assert.deepEqual(list('team-a'), {
    decision: 'allow',
    reason: 'RBAC: allowed by RoleBinding "x/team-a" of ClusterRole "view" to User "alice"',
  });
  assert.equal(list('team-b').decision, 'noOpinion');

  // alice holds view in team-a, so she may not hand out edit there.
  const escalate = {
    ...newRoleBinding('team-a', 'edit', bindToClusterRole, 'User:bob'),
    metadata: { name: 'y', namespace: 'team-a' },
  };
  const refused = rbac.checkWrite({
    user: alice,
    namespace: 'team-a',
    requestName: '',
    resource: 'rolebindings',
    object: escalate,
  });
  assert.equal(refused?.code, 403);
  assert.match(
    refused?.message ?? '',
    /^rolebindings\.rbac\.authorization\.k8s\.io "y" is forbidden: user "alice"/,
  );
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'team-a' } };
  assert.equal(
    rbac.checkWrite({
      user: alice,
      namespace: 'team-a',
      requestName: '',
      resource: 'pods',
      object: pod,
    }),
    undefined,
  );
});
