/**
 * Escalation prevention. Ported black-box: TestEscalation of pkg/registry/rbac/role/policybased/
 * storage_test.go and of pkg/registry/rbac/clusterrole/policybased/storage_test.go (4 users, each
 * creating and updating; whether the `escalate` authorizer was consulted). Then the binding rules
 * (`bind`, or holding the role's rules; 404 for a missing role), the aggregationRule rule, the
 * garbage-collector exemption and upstream's refusal texts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Authorizer, RequestAttributes, UserInfo } from '../types';
import {
  checkBindingWrite,
  checkRoleWrite,
  type EscalationContext,
  type RoleResource,
} from './escalation';
import { staticRbacSource, type StaticPolicy } from './static-source';
import {
  newClusterRoleBinding,
  newRoleBinding,
  bindToClusterRole,
  bindToRole,
  user,
} from './testing/builders';
import type { ClusterRole, Role, RoleBinding } from './types';

const aliceRole: ClusterRole = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'alice-role' },
  rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
};
const aliceBinding = {
  ...newClusterRoleBinding('alice-role', 'User:alice'),
  metadata: { name: 'alice' },
};
const upstreamPolicy: StaticPolicy = {
  clusterRoles: [aliceRole],
  clusterRoleBindings: [aliceBinding],
};

/** The fake authorizer of the upstream tests: allows steve anything, counts its calls. */
function countingAuthorizer(allowed: string[]): Authorizer & { calls: RequestAttributes[] } {
  const calls: RequestAttributes[] = [];
  return {
    calls,
    authorize(attributes) {
      calls.push(attributes);
      return {
        decision: allowed.includes(attributes.user.username) ? 'allow' : 'noOpinion',
        reason: '',
      };
    },
  };
}

const upstreamUsers: {
  name: string;
  user: UserInfo;
  expectAllowed: boolean;
  expectAuthz: boolean;
}[] = [
  // superuser doesn't even trigger an authz check, and is allowed
  {
    name: 'superuser',
    user: user('superuser', ['system:masters']),
    expectAuthz: false,
    expectAllowed: true,
  },
  // bob triggers an authz check, is disallowed by the authorizer, and has no RBAC permissions
  { name: 'bob', user: user('bob'), expectAuthz: true, expectAllowed: false },
  // steve triggers an authz check, is allowed by the authorizer, and has no RBAC permissions
  { name: 'steve', user: user('steve'), expectAuthz: true, expectAllowed: true },
  // alice triggers an authz check, is denied by the authorizer, but has RBAC permissions
  { name: 'alice', user: user('alice'), expectAuthz: true, expectAllowed: true },
];

for (const resource of ['roles', 'clusterroles'] as RoleResource[]) {
  const namespace = resource === 'roles' ? 'myns' : '';
  const role: Role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: resource === 'roles' ? 'Role' : 'ClusterRole',
    metadata: namespace ? { name: 'myrole', namespace } : { name: 'myrole' },
    rules: [{ apiGroups: [''], verbs: ['get'], resources: ['pods'] }],
  };
  for (const c of upstreamUsers) {
    test(`TestEscalation (${resource}): ${c.name}`, () => {
      const attempts: [string, string, Role | undefined][] = [
        ['create', '', undefined],
        ['update', 'myrole', { ...role, rules: [] }],
      ];
      for (const [verb, requestName, previous] of attempts) {
        const authorizer = countingAuthorizer(['steve']);
        const ctx: EscalationContext = {
          user: c.user,
          namespace,
          requestName,
          authorizer,
          source: staticRbacSource(upstreamPolicy),
        };
        const error = checkRoleWrite(ctx, resource, role, previous);
        if (c.expectAllowed) assert.equal(error, undefined, `${verb}: ${error?.message}`);
        else assert.equal(error?.code, 403, `${verb}: expected forbidden`);
        assert.equal(authorizer.calls.length > 0, c.expectAuthz, `${verb}: authz calls`);
        for (const call of authorizer.calls) {
          assert.equal(call.verb, 'escalate');
          assert.equal(call.resource, resource);
          assert.equal(call.apiGroup, 'rbac.authorization.k8s.io');
          assert.equal(call.namespace, namespace);
          assert.equal(call.name, requestName);
        }
      }
    });
  }
}

const podReader: ClusterRole = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'pod-reader' },
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
};
const secretsAdmin: ClusterRole = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'secrets-admin' },
  rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['*'] }],
};
// bob administers team-a: he holds pod-reader there and may manage bindings.
const teamPolicy: StaticPolicy = {
  clusterRoles: [podReader, secretsAdmin],
  roleBindings: [
    {
      ...newRoleBinding('team-a', 'pod-reader', bindToClusterRole, 'User:bob'),
      metadata: { name: 'bob-reads', namespace: 'team-a' },
    },
  ],
};

function bobCtx(namespace: string, allowed: string[] = []): EscalationContext {
  return {
    user: user('bob', ['system:authenticated']),
    namespace,
    requestName: '',
    authorizer: countingAuthorizer(allowed),
    source: staticRbacSource(teamPolicy),
  };
}

function binding(
  roleKind: 'Role' | 'ClusterRole',
  roleName: string,
  namespace: string,
): RoleBinding {
  const b = newRoleBinding(
    namespace,
    roleName,
    roleKind === 'Role' ? bindToRole : bindToClusterRole,
    'User:carol',
  );
  return { ...b, metadata: { name: 'carol-binding', namespace } };
}

test('binding a role whose rules you hold is allowed; one you do not hold is refused with the rules', () => {
  assert.equal(
    checkBindingWrite(
      bobCtx('team-a'),
      'rolebindings',
      binding('ClusterRole', 'pod-reader', 'team-a'),
    ),
    undefined,
  );
  const error = checkBindingWrite(
    bobCtx('team-a'),
    'rolebindings',
    binding('ClusterRole', 'secrets-admin', 'team-a'),
  );
  assert.equal(error?.code, 403);
  assert.equal(
    error?.message,
    'rolebindings.rbac.authorization.k8s.io "carol-binding" is forbidden: user "bob" (groups=["system:authenticated"]) ' +
      'is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["*"]}',
  );
  assert.deepEqual(error?.status.details, {
    name: 'carol-binding',
    group: 'rbac.authorization.k8s.io',
    kind: 'rolebindings',
  });
  // What bob holds in team-a he does not hold in team-b, nor cluster-wide.
  assert.equal(
    checkBindingWrite(
      bobCtx('team-b'),
      'rolebindings',
      binding('ClusterRole', 'pod-reader', 'team-b'),
    )?.code,
    403,
  );
  const crb = { ...newClusterRoleBinding('pod-reader', 'User:carol'), metadata: { name: 'carol' } };
  assert.equal(checkBindingWrite(bobCtx(''), 'clusterrolebindings', crb)?.code, 403);
});

test('the bind verb on the referenced role allows binding it without holding its rules', () => {
  const ctx = bobCtx('team-a', ['bob']);
  assert.equal(
    checkBindingWrite(ctx, 'rolebindings', binding('ClusterRole', 'secrets-admin', 'team-a')),
    undefined,
  );
  const calls = (ctx.authorizer as ReturnType<typeof countingAuthorizer>).calls;
  assert.equal(calls.length, 1);
  assert.deepEqual(
    {
      verb: calls[0]?.verb,
      apiGroup: calls[0]?.apiGroup,
      resource: calls[0]?.resource,
      name: calls[0]?.name,
      namespace: calls[0]?.namespace,
    },
    {
      verb: 'bind',
      apiGroup: 'rbac.authorization.k8s.io',
      resource: 'clusterroles',
      name: 'secrets-admin',
      namespace: 'team-a',
    },
  );
});

test('binding a role that does not exist is 404 NotFound for the role (after bind is refused)', () => {
  const error = checkBindingWrite(
    bobCtx('team-a'),
    'rolebindings',
    binding('Role', 'nope', 'team-a'),
  );
  assert.equal(error?.code, 404);
  assert.equal(error?.message, 'roles.rbac.authorization.k8s.io "nope" not found');
  const crb = { ...newClusterRoleBinding('gone', 'User:carol'), metadata: { name: 'carol' } };
  assert.equal(
    checkBindingWrite(bobCtx(''), 'clusterrolebindings', crb)?.message,
    'clusterroles.rbac.authorization.k8s.io "gone" not found',
  );
  // system:masters skips every check, including the lookup.
  const admin = { ...bobCtx(''), user: user('admin', ['system:masters']) };
  assert.equal(checkBindingWrite(admin, 'clusterrolebindings', crb), undefined);
});

test('creating a Role with rules you do not hold lists the missing rules compacted and sorted', () => {
  const role: Role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'too-much', namespace: 'team-a' },
    rules: [
      { apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['get', 'list', 'delete'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] },
    ],
  };
  const error = checkRoleWrite(bobCtx('team-a'), 'roles', role);
  assert.equal(
    error?.message,
    'roles.rbac.authorization.k8s.io "too-much" is forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
      '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}\n' +
      '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list" "delete"]}\n' +
      '{APIGroups:["apps"], Resources:["deployments"], Verbs:["create"]}',
  );
  const within: Role = {
    ...role,
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }],
  };
  assert.equal(checkRoleWrite(bobCtx('team-a'), 'roles', within), undefined);
});

test('resolution errors are appended to the refusal', () => {
  const policy: StaticPolicy = {
    roleBindings: [
      {
        ...newRoleBinding('team-a', 'gone', bindToRole, 'User:bob'),
        metadata: { name: 'b', namespace: 'team-a' },
      },
    ],
  };
  const ctx = { ...bobCtx('team-a'), source: staticRbacSource(policy) };
  const role: Role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'r', namespace: 'team-a' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
  };
  assert.equal(
    checkRoleWrite(ctx, 'roles', role)?.message,
    'roles.rbac.authorization.k8s.io "r" is forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
      '{APIGroups:[""], Resources:["pods"], Verbs:["get"]}; resolution errors: [role.rbac.authorization.k8s.io "gone" not found]',
  );
});

test('an aggregationRule needs full authority even when the rules are held', () => {
  const aggregated: ClusterRole = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'monitoring' },
    aggregationRule: {
      clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-monitoring': 'true' } }],
    },
    rules: [],
  };
  const nearlyAdmin: StaticPolicy = {
    clusterRoles: [aliceRole],
    clusterRoleBindings: [aliceBinding],
  };
  const ctx: EscalationContext = {
    user: user('alice'),
    namespace: '',
    requestName: '',
    authorizer: countingAuthorizer([]),
    source: staticRbacSource(nearlyAdmin),
  };
  const error = checkRoleWrite(ctx, 'clusterroles', aggregated);
  assert.equal(
    error?.message,
    'clusterroles.rbac.authorization.k8s.io "monitoring" is forbidden: must have cluster-admin privileges to use the aggregationRule',
  );
  // Removing an aggregationRule counts too.
  const plain: ClusterRole = { ...aggregated, aggregationRule: undefined };
  assert.equal(checkRoleWrite(ctx, 'clusterroles', plain, aggregated)?.code, 403);
  // With every URL as well (cluster-admin), it is allowed.
  const admin: StaticPolicy = {
    clusterRoles: [
      {
        ...aliceRole,
        rules: [...(aliceRole.rules ?? []), { verbs: ['*'], nonResourceURLs: ['*'] }],
      },
    ],
    clusterRoleBindings: [aliceBinding],
  };
  assert.equal(
    checkRoleWrite({ ...ctx, source: staticRbacSource(admin) }, 'clusterroles', aggregated),
    undefined,
  );
});

test('updates that touch only ownerReferences and finalizers are always allowed', () => {
  const role: Role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'r', namespace: 'team-a', resourceVersion: '5' },
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['*'] }],
  };
  const finalized: Role = {
    ...role,
    metadata: { ...role.metadata, finalizers: ['example.com/keep'] },
  };
  assert.equal(checkRoleWrite(bobCtx('team-a'), 'roles', finalized, role), undefined);
  const changed: Role = {
    ...finalized,
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }],
  };
  assert.equal(checkRoleWrite(bobCtx('team-a'), 'roles', changed, role)?.code, 403);
  const b = binding('ClusterRole', 'secrets-admin', 'team-a');
  const owned = {
    ...b,
    metadata: {
      ...b.metadata,
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'u' }],
    },
  };
  assert.equal(checkBindingWrite(bobCtx('team-a'), 'rolebindings', owned, b), undefined);
});
