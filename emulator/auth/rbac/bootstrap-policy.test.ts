/**
 * The bootstrap policy: what the shipped roles and bindings mean once aggregated, checked against
 * the authorizer (view reads but does not write or read secrets, edit writes, admin grants roles,
 * cluster-admin and system:masters, discovery for authenticated users, public info for everyone)
 * and the metadata upstream stamps on each object.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregatedRules } from './aggregation';
import { createClusterAuthorizer } from './cluster-authorizer';
import {
  AUTO_UPDATE_ANNOTATION,
  BOOTSTRAP_LABEL,
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
} from './bootstrap-policy';
import { staticRbacSource } from './static-source';
import {
  newRoleBinding,
  bindToClusterRole,
  nonResourceAttributes,
  resourceAttributes,
  user,
} from './testing/builders';
import type { ClusterRole, RoleBinding } from './types';

/** Runs aggregation to a fixed point, as the controller does over successive events. */
function aggregated(roles: ClusterRole[]): ClusterRole[] {
  const current = roles.map((r) => structuredClone(r));
  for (let changed = true; changed;) {
    changed = false;
    for (const role of current) {
      const rules = aggregatedRules(role, current);
      if (rules) {
        role.rules = rules;
        changed = true;
      }
    }
  }
  return current;
}

const roles = aggregated(bootstrapClusterRoles());

function authorizerWith(...roleBindings: RoleBinding[]) {
  return createClusterAuthorizer(
    staticRbacSource({
      clusterRoles: roles,
      clusterRoleBindings: bootstrapClusterRoleBindings(),
      roleBindings,
    }),
  );
}

const alice = user('alice', ['system:authenticated']);
const bindAlice = (role: string) => ({
  ...newRoleBinding('team-a', role, bindToClusterRole, 'User:alice'),
  metadata: { name: 'x', namespace: 'team-a' },
});
const can = (
  authz: ReturnType<typeof authorizerWith>,
  verb: string,
  resource: string,
  group = '',
  namespace = 'team-a',
  subresource = '',
) =>
  authz.authorize(
    resourceAttributes(alice, { verb, resource, apiGroup: group, namespace, subresource }),
  ).decision === 'allow';

test('every bootstrap object carries the rbac-defaults label and the autoupdate annotation', () => {
  for (const object of [...bootstrapClusterRoles(), ...bootstrapClusterRoleBindings()]) {
    assert.equal(object.metadata.labels?.[BOOTSTRAP_LABEL], 'rbac-defaults', object.metadata.name);
    assert.equal(
      object.metadata.annotations?.[AUTO_UPDATE_ANNOTATION],
      'true',
      object.metadata.name,
    );
  }
  for (const binding of bootstrapClusterRoleBindings()) {
    assert.ok(
      bootstrapClusterRoles().some((r) => r.metadata.name === binding.roleRef.name),
      binding.metadata.name,
    );
  }
});

test('view aggregates read access; admin contains edit contains view', () => {
  const byName = (name: string) => roles.find((r) => r.metadata.name === name)!;
  const json = (name: string) => (byName(name).rules ?? []).map((r) => JSON.stringify(r));
  assert.ok(json('view').length > 0);
  for (const rule of json('view')) assert.ok(json('edit').includes(rule), `edit lacks ${rule}`);
  for (const rule of json('edit')) assert.ok(json('admin').includes(rule), `admin lacks ${rule}`);
  assert.deepEqual(byName('view').aggregationRule, {
    clusterRoleSelectors: [
      { matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
    ],
  });
});

test('view in a namespace: read the workload kinds, not secrets, not writes, not elsewhere', () => {
  const authz = authorizerWith(bindAlice('view'));
  assert.ok(can(authz, 'list', 'pods'));
  assert.ok(can(authz, 'watch', 'endpointslices', 'discovery.k8s.io'));
  assert.ok(can(authz, 'get', 'deployments', 'apps', 'team-a', 'scale'));
  assert.ok(can(authz, 'get', 'pods', '', 'team-a', 'log'));
  assert.ok(!can(authz, 'get', 'secrets'));
  assert.ok(!can(authz, 'create', 'pods'));
  assert.ok(!can(authz, 'list', 'pods', '', 'team-b'));
  assert.ok(!can(authz, 'list', 'roles', 'rbac.authorization.k8s.io'));
});

test('edit writes workloads and secrets but not RBAC; admin also manages roles and bindings', () => {
  const edit = authorizerWith(bindAlice('edit'));
  assert.ok(can(edit, 'create', 'deployments', 'apps'));
  assert.ok(can(edit, 'delete', 'services'));
  assert.ok(can(edit, 'get', 'secrets'));
  assert.ok(!can(edit, 'create', 'endpoints'));
  assert.ok(!can(edit, 'create', 'rolebindings', 'rbac.authorization.k8s.io'));
  const admin = authorizerWith(bindAlice('admin'));
  assert.ok(can(admin, 'create', 'rolebindings', 'rbac.authorization.k8s.io'));
  assert.ok(can(admin, 'create', 'localsubjectaccessreviews', 'authorization.k8s.io'));
  assert.ok(!can(admin, 'create', 'clusterroles', 'rbac.authorization.k8s.io', ''));
});

test('authenticated users may discover and review themselves; anonymous users see public info', () => {
  const authz = authorizerWith();
  const anonymous = user('system:anonymous', ['system:unauthenticated']);
  const get = (who: typeof alice, path: string) =>
    authz.authorize(nonResourceAttributes(who, 'get', path));
  assert.equal(get(alice, '/apis/apps/v1').decision, 'allow');
  assert.equal(
    get(alice, '/version').reason,
    'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
  );
  assert.equal(get(alice, '/metrics').decision, 'noOpinion');
  assert.equal(get(anonymous, '/version').decision, 'allow');
  assert.equal(get(anonymous, '/healthz').decision, 'allow');
  assert.equal(get(anonymous, '/api').decision, 'noOpinion');
  assert.ok(can(authz, 'create', 'selfsubjectaccessreviews', 'authorization.k8s.io', ''));
  assert.ok(can(authz, 'create', 'selfsubjectrulesreviews', 'authorization.k8s.io', ''));
  assert.ok(can(authz, 'create', 'selfsubjectreviews', 'authentication.k8s.io', ''));
  assert.ok(!can(authz, 'list', 'pods'));
});

test('system:masters is bound to cluster-admin, whose rules a rules review reports', () => {
  const authz = authorizerWith();
  const admin = user('kubernetes-admin', ['system:masters', 'system:authenticated']);
  assert.equal(
    authz.authorize(resourceAttributes(admin, { verb: 'delete', resource: 'nodes', name: 'n1' }))
      .decision,
    'allow',
  );
  const review = authz.rulesFor(admin, 'default');
  assert.deepEqual(review.resourceRules[0], { verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
  assert.deepEqual(review.nonResourceRules[0], { verbs: ['*'], nonResourceURLs: ['*'] });
});
