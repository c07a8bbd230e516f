// RBAC Tables: roles print the apiserver's default NAME / CREATED AT table; bindings print
// upstream's printRoleBinding/printClusterRoleBinding with subjects under -o wide.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ago, cells, columns, meta, table } from './testing/table';

const G = 'rbac.authorization.k8s.io';

describe('RBAC tables', () => {
  it('roles and clusterroles use the default table (Created At is an RFC 3339 date)', () => {
    for (const resource of ['roles', 'clusterroles'] as const) {
      const t = table(resource, [
        { apiVersion: `${G}/v1`, kind: 'Role', metadata: meta('reader'), rules: [] },
      ]);
      assert.deepEqual(columns(t), ['Name', 'Created At']);
      assert.deepEqual(
        t.columnDefinitions.map((c) => c.type),
        ['string', 'date'],
      );
      assert.deepEqual(cells(t), [['reader', ago(300).replace('.000Z', 'Z')]]);
    }
  });
  it('bindings: ROLE is kind/name; users, groups and namespace/name service accounts with -o wide', () => {
    const subjects = [
      { kind: 'User', name: 'alice', apiGroup: G },
      { kind: 'User', name: 'bob', apiGroup: G },
      { kind: 'Group', name: 'team-a', apiGroup: G },
      { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
    ];
    const rb = table('rolebindings', [
      {
        apiVersion: `${G}/v1`,
        kind: 'RoleBinding',
        metadata: meta('view-team'),
        roleRef: { apiGroup: G, kind: 'ClusterRole', name: 'view' },
        subjects,
      },
    ]);
    assert.deepEqual(columns(rb), [
      'Name',
      'Role',
      'Age',
      '[Users]',
      '[Groups]',
      '[ServiceAccounts]',
    ]);
    assert.deepEqual(cells(rb), [
      ['view-team', 'ClusterRole/view', '5m', 'alice, bob', 'team-a', 'ci/builder'],
    ]);
    const crb = table('clusterrolebindings', [
      {
        apiVersion: `${G}/v1`,
        kind: 'ClusterRoleBinding',
        metadata: meta('admins'),
        roleRef: { apiGroup: G, kind: 'ClusterRole', name: 'cluster-admin' },
      },
    ]);
    assert.deepEqual(cells(crb), [['admins', 'ClusterRole/cluster-admin', '5m', '', '', '']]);
  });
});
