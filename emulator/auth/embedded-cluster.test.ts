// The embedded cluster's access as the chain sees it: who a bearer token is, and what the `--auth`
// deny rules refuse them (the union with system:masters and AlwaysAllow around them).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { embeddedClusterAccess } from './embedded-cluster';
import { memoryRbacStore } from './rbac/testing/memory-store';
import { AUTH, resourceAttributes } from './testing/auth-config';
import type { UserInfo } from './types';

async function whoIs(
  token: string | undefined,
  access = embeddedClusterAccess({ store: memoryRbacStore(), authConfig: AUTH }),
) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const result = await access.authenticator.authenticate(new Request('http://x/api', { headers }));
  assert.ok(result?.ok);
  return result.user;
}

describe('authorize', () => {
  type Attrs = Parameters<typeof resourceAttributes>[1];
  // name, token, attributes, allowed, user
  // prettier-ignore
  const cases: [string, string | undefined, Attrs, boolean, string][] = [
    ['no token: admin', undefined, { verb: 'create', group: 'discovery.k8s.io', resource: 'endpointslices', namespace: 'default' }, true, 'admin'],
    // An unknown token is the admin, as with no token (it used to be reported as system:anonymous
    // by the authorizer while `auth whoami` said admin; both now say admin).
    ['unknown token: allowed', 'nope', { verb: 'delete', resource: 'pods', namespace: 'default' }, true, 'admin'],
    ['denied verb and resource', 't0k3n', { verb: 'create', group: 'discovery.k8s.io', resource: 'endpointslices', namespace: 'default' }, false, 'restricted'],
    ['other verbs allowed', 't0k3n', { verb: 'list', group: 'discovery.k8s.io', resource: 'endpointslices', namespace: 'default' }, true, 'restricted'],
    ['other resources allowed', 't0k3n', { verb: 'create', resource: 'services', namespace: 'default' }, true, 'restricted'],
    ['namespace-scoped deny', 'view', { verb: 'get', resource: 'services', namespace: 'shop' }, false, 'shop-viewer'],
    ['other namespaces fine', 'view', { verb: 'get', resource: 'services', namespace: 'default' }, true, 'shop-viewer'],
  ];
  for (const [name, token, attrs, allowed, username] of cases) {
    it(name, async () => {
      const access = embeddedClusterAccess({ store: memoryRbacStore(), authConfig: AUTH });
      const user = await whoIs(token, access);
      assert.equal(user.username, username);
      const decision = access.authorizer.authorize(resourceAttributes(user, attrs));
      assert.equal(decision.decision === 'allow', allowed);
    });
  }
  it('allows everything without a configuration', async () => {
    const access = embeddedClusterAccess({ store: memoryRbacStore() });
    const user = await whoIs('t0k3n', access);
    const decision = access.authorizer.authorize(
      resourceAttributes(user, { verb: 'create', resource: 'endpoints' }),
    );
    assert.equal(decision.decision, 'allow');
  });
});

describe('embedded cluster access', () => {
  it('the kubeconfig token and no token are both the admin, in system:masters', async () => {
    const access = embeddedClusterAccess({
      store: memoryRbacStore(),
      authConfig: AUTH,
      adminToken: 'k',
    });
    for (const token of ['k', undefined]) {
      const user = await whoIs(token, access);
      assert.deepEqual(user, {
        username: 'admin',
        groups: ['system:masters', 'system:authenticated'],
      });
    }
  });
  it('a configured user is authenticated, and a deny is a deny with no reason (RBAC gives none)', async () => {
    const access = embeddedClusterAccess({ store: memoryRbacStore(), authConfig: AUTH });
    const user = await whoIs('t0k3n', access);
    assert.deepEqual(user.groups, ['system:authenticated']);
    const decision = access.authorizer.authorize(
      resourceAttributes(user, { verb: 'update', resource: 'endpoints', namespace: 'x' }),
    );
    assert.deepEqual(decision, { decision: 'deny', reason: '' });
  });
  it('a rule names resource/subresource or the resource for all its subresources', () => {
    const { authorizer } = embeddedClusterAccess({
      store: memoryRbacStore(),
      authConfig: {
        users: [
          { name: 'a', token: 'a', deny: [{ verbs: ['update'], resources: ['pods/status'] }] },
          { name: 'b', token: 'b', deny: [{ verbs: ['update'], resources: ['pods'] }] },
        ],
      },
    });
    const as = (username: string): UserInfo => ({ username, groups: ['system:authenticated'] });
    const status = { verb: 'update', resource: 'pods', subresource: 'status', namespace: 'n' };
    assert.equal(authorizer.authorize(resourceAttributes(as('a'), status)).decision, 'deny');
    assert.equal(
      authorizer.authorize(resourceAttributes(as('a'), { ...status, subresource: '' })).decision,
      'allow',
    );
    assert.equal(authorizer.authorize(resourceAttributes(as('b'), status)).decision, 'deny');
  });
  it('cluster-scoped requests match any namespaces list; non-resource paths and self-reviews are never denied', () => {
    const { authorizer } = embeddedClusterAccess({ store: memoryRbacStore(), authConfig: AUTH });
    const viewer: UserInfo = { username: 'shop-viewer', groups: ['system:authenticated'] };
    assert.equal(
      authorizer.authorize(resourceAttributes(viewer, { verb: 'list', resource: 'nodes' }))
        .decision,
      'deny',
    );
    const review = resourceAttributes(viewer, {
      verb: 'create',
      group: 'authorization.k8s.io',
      resource: 'selfsubjectaccessreviews',
    });
    assert.equal(authorizer.authorize(review).decision, 'allow');
    const path = {
      ...review,
      isResourceRequest: false,
      path: '/version',
      verb: 'get',
      resource: '',
      apiGroup: '',
    };
    assert.equal(authorizer.authorize(path).decision, 'allow');
  });
});
