/**
 * The bootstrap at cluster start and the aggregation controller, over an in-memory store: defaults
 * created once, edits kept, missing defaults restored, autoupdate=false respected, aggregated roles
 * filled at once and kept in step with new `aggregate-to-*` roles.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AGGREGATION_FIELD_MANAGER,
  createClusterRoleAggregationController,
} from './aggregation-controller';
import { ensureBootstrapPolicy } from './bootstrap';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy';
import { memoryRbacStore } from './testing/memory-store';
import type { ClusterRole, ClusterRoleBinding } from './types';

test('creates every default role and binding once, with view/edit/admin already aggregated', () => {
  const store = memoryRbacStore();
  const report = ensureBootstrapPolicy(store);
  assert.equal(
    report.created.length,
    bootstrapClusterRoles().length + bootstrapClusterRoleBindings().length,
  );
  const view = store.get('clusterroles', '', 'view') as ClusterRole;
  const admin = store.get('clusterroles', '', 'admin') as ClusterRole;
  assert.ok(
    (view.rules ?? []).some((r) => r.resources?.includes('pods') && r.verbs.includes('list')),
  );
  assert.ok((admin.rules ?? []).some((r) => r.resources?.includes('rolebindings')));
  assert.ok(
    store.writes.some((w) => w.verb === 'update' && w.fieldManager === AGGREGATION_FIELD_MANAGER),
  );
  // A second start changes nothing.
  store.writes.length = 0;
  assert.deepEqual(ensureBootstrapPolicy(store), {
    created: [],
    updated: [],
    recreated: [],
    protected: [],
  });
  assert.deepEqual(store.writes, []);
});

test('never clobbers: extra rules and subjects stay, missing ones come back, autoupdate=false is left alone', () => {
  const store = memoryRbacStore();
  ensureBootstrapPolicy(store);
  const discovery = structuredClone(
    store.get('clusterroles', '', 'system:discovery') as ClusterRole,
  );
  discovery.rules = [{ verbs: ['get'], nonResourceURLs: ['/custom'] }];
  store.update('clusterroles', discovery);
  const basic = structuredClone(
    store.get('clusterrolebindings', '', 'system:basic-user') as ClusterRoleBinding,
  );
  basic.subjects = [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'extra' }];
  store.update('clusterrolebindings', basic);
  const publicInfo = structuredClone(
    store.get('clusterroles', '', 'system:public-info-viewer') as ClusterRole,
  );
  publicInfo.rules = [];
  publicInfo.metadata.annotations = { 'rbac.authorization.kubernetes.io/autoupdate': 'false' };
  store.update('clusterroles', publicInfo);
  store.delete('clusterrolebindings', '', 'system:discovery');

  const report = ensureBootstrapPolicy(store);
  assert.deepEqual(report.created, ['clusterrolebindings/system:discovery']);
  assert.deepEqual(report.protected, ['clusterroles/system:public-info-viewer']);
  const after = store.get('clusterroles', '', 'system:discovery') as ClusterRole;
  assert.deepEqual(after.rules?.[0], { verbs: ['get'], nonResourceURLs: ['/custom'] });
  assert.ok((after.rules ?? []).some((r) => r.nonResourceURLs?.[0] === '/api'));
  const subjects = (store.get('clusterrolebindings', '', 'system:basic-user') as ClusterRoleBinding)
    .subjects;
  assert.deepEqual(
    subjects?.map((s) => s.name),
    ['extra', 'system:authenticated'],
  );
  assert.deepEqual(
    (store.get('clusterroles', '', 'system:public-info-viewer') as ClusterRole).rules,
    [],
  );
});

test('a binding whose roleRef was changed is recreated', () => {
  const store = memoryRbacStore();
  ensureBootstrapPolicy(store);
  store.delete('clusterrolebindings', '', 'cluster-admin');
  store.create('clusterrolebindings', {
    ...bootstrapClusterRoleBindings()[0]!,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
  });
  assert.deepEqual(ensureBootstrapPolicy(store).recreated, ['clusterrolebindings/cluster-admin']);
  assert.equal(
    (store.get('clusterrolebindings', '', 'cluster-admin') as ClusterRoleBinding).roleRef.name,
    'cluster-admin',
  );
});

test('the controller folds a new aggregate-to-view role into view, edit and admin, and takes it out again', async (t) => {
  const store = memoryRbacStore();
  ensureBootstrapPolicy(store);
  const controller = createClusterRoleAggregationController(store);
  controller.start();
  t.after(() => controller.stop());
  await controller.idle();
  store.writes.length = 0;

  store.create('clusterroles', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name: 'crontabs-view',
      labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' },
    },
    rules: [
      {
        apiGroups: ['stable.example.com'],
        resources: ['crontabs'],
        verbs: ['get', 'list', 'watch'],
      },
    ],
  });
  // Writes happen after the triggering write, not inside it.
  assert.equal(store.writes.length, 1);
  await controller.idle();
  const has = (name: string) =>
    ((store.get('clusterroles', '', name) as ClusterRole).rules ?? []).some((r) =>
      r.resources?.includes('crontabs'),
    );
  assert.ok(has('view') && has('edit') && has('admin'));

  store.delete('clusterroles', '', 'crontabs-view');
  await controller.idle();
  assert.ok(!has('view') && !has('edit') && !has('admin'));
});
