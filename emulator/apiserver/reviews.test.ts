/* eslint-disable @typescript-eslint/no-explicit-any -- review bodies are probed loosely here */
// The self-reviews through the handler chain: the bearer token is authenticated, and the answer
// comes from the same authorizer and rule resolver that enforce requests.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { embeddedClusterAccess } from '../auth/embedded-cluster';
import { loadOrCreateSigningKey, type SigningKey } from '../auth/serviceaccount/signing-key';
import { STRATEGY_TABLE } from '../api/strategies';
import { createObjectStore } from '../core/store';
import { createApiServer } from './handler-chain';

const ADMIN = 'admin-token';
const RESTRICTED = 't0k3n';
const VIEWER = 'view';
const TOKEN_USERS = new Map([
  [RESTRICTED, { username: 'restricted', uid: 'restricted-uid', groups: [] }],
  [VIEWER, { username: 'viewer', uid: '', groups: [] }],
]);

let key: SigningKey;
before(async () => {
  key = await loadOrCreateSigningKey();
});

const server = (minorVersion = 33) => {
  const store = createObjectStore({ strategies: STRATEGY_TABLE });
  const access = embeddedClusterAccess({
    store,
    adminToken: ADMIN,
    tokenUsers: TOKEN_USERS,
    serviceAccountKey: key,
    minorVersion,
  });
  access.rbac.bootstrap();
  // restricted: everything on endpointslices but create/update, cluster-wide; viewer: `view` in default.
  store.create('clusterroles', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'slices-no-writes' },
    rules: [
      {
        apiGroups: ['discovery.k8s.io'],
        resources: ['endpointslices'],
        verbs: ['get', 'list', 'watch', 'patch', 'delete', 'deletecollection'],
      },
    ],
  });
  store.create('clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'restricted' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'slices-no-writes',
    },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'restricted' }],
  });
  store.create('rolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'viewer', namespace: 'default' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'viewer' }],
  });
  return createApiServer({
    store,
    minorVersion,
    serverAddress: () => '127.0.0.1:6443',
    ...access,
  });
};

async function post(
  path: string,
  body: BodyInit,
  token: string | undefined,
  contentType = 'application/json',
  minorVersion = 33,
) {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await server(minorVersion).fetch(
    new Request(`http://x${path}`, { method: 'POST', body, headers }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('SelfSubjectAccessReview', () => {
  const review = (body: BodyInit, token: string | undefined, contentType = 'application/json') =>
    post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', body, token, contentType);
  const ssar = (attrs: Record<string, string>) =>
    JSON.stringify({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      spec: { resourceAttributes: attrs },
    });

  it('allows the admin', async () => {
    const r = await review(
      ssar({
        namespace: 'default',
        verb: 'create',
        group: 'discovery.k8s.io',
        resource: 'endpointslices',
      }),
      ADMIN,
    );
    assert.equal(r.status, 201);
    assert.equal(r.body.kind, 'SelfSubjectAccessReview');
    assert.equal(r.body.status.allowed, true);
    assert.deepEqual(r.body.spec.resourceAttributes, {
      namespace: 'default',
      verb: 'create',
      group: 'discovery.k8s.io',
      resource: 'endpointslices',
    });
  });
  it('reports what RBAC does not grant the token', async () => {
    const r = await review(
      ssar({
        namespace: 'default',
        verb: 'create',
        group: 'discovery.k8s.io',
        resource: 'endpointslices',
      }),
      RESTRICTED,
    );
    assert.equal(r.body.status.allowed, false);
    // RBAC never denies outright and gives no reason when no rule matches, as upstream.
    assert.equal(r.body.status.denied, undefined);
    assert.equal(r.body.status.reason, undefined);
  });
  it('decodes the protobuf body kubectl auth can-i sends', async () => {
    // Captured from `kubectl auth can-i create endpoints` (1.33).
    const hex =
      '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a65637441636365737352657669657712440a100a0012001a0022002a0032003800420012260a240a0764656661756c7412066372656174651a0022002a09656e64706f696e747332003a001a08080012001a0020001a002200';
    const bytes = Buffer.from(hex, 'hex');
    const allowed = await review(bytes, ADMIN, 'application/vnd.kubernetes.protobuf');
    assert.equal(allowed.status, 201);
    assert.deepEqual(allowed.body.spec.resourceAttributes, {
      namespace: 'default',
      verb: 'create',
      resource: 'endpoints',
    });
    assert.equal(allowed.body.status.allowed, true);
    const denied = await review(bytes, RESTRICTED, 'application/vnd.kubernetes.protobuf');
    assert.equal(denied.body.status.allowed, false);
  });
  it('rejects malformed bodies with 400', async () => {
    assert.equal((await review('{nope', ADMIN)).status, 400);
    assert.equal(
      (await review(Buffer.from('k8s\u0000\u00ff'), ADMIN, 'application/vnd.kubernetes.protobuf'))
        .status,
      400,
    );
    assert.equal((await review(JSON.stringify({ kind: 'Pod' }), ADMIN)).status, 400);
  });
  it('only POST', async () => {
    const res = await server().fetch(
      new Request('http://x/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        headers: { authorization: `Bearer ${ADMIN}` },
      }),
    );
    assert.equal(res.status, 405);
  });
});

describe('SelfSubjectRulesReview', () => {
  const rules = (token: string | undefined, namespace: string) =>
    post(
      '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      JSON.stringify({ kind: 'SelfSubjectRulesReview', spec: { namespace } }),
      token,
    );
  it("gives the admin RBAC's rules: cluster-admin's through system:masters, then the defaults every authenticated user holds", async () => {
    const r = await rules(ADMIN, 'default');
    assert.equal(r.status, 201);
    assert.deepEqual(r.body.status.resourceRules[0], {
      verbs: ['*'],
      apiGroups: ['*'],
      resources: ['*'],
    });
    assert.deepEqual(r.body.status.nonResourceRules[0], { verbs: ['*'], nonResourceURLs: ['*'] });
    assert.ok(
      r.body.status.resourceRules.some((x: any) => x.resources.includes('selfsubjectrulesreviews')),
    );
    assert.equal(r.body.status.incomplete, false);
    assert.equal(r.body.status.evaluationError, undefined);
  });
  it('gives a restricted user the rules RBAC grants it, per namespace', async () => {
    const r = await rules(RESTRICTED, 'default');
    const slices = r.body.status.resourceRules.find(
      (x: any) => x.resources[0] === 'endpointslices',
    );
    assert.deepEqual(slices, {
      verbs: ['get', 'list', 'watch', 'patch', 'delete', 'deletecollection'],
      apiGroups: ['discovery.k8s.io'],
      resources: ['endpointslices'],
    });
    const inDefault = await rules(VIEWER, 'default');
    assert.ok(inDefault.body.status.resourceRules.some((x: any) => x.resources.includes('pods')));
    const shop = await rules(VIEWER, 'shop');
    const pods = shop.body.status.resourceRules.find((x: any) => x.resources.includes('pods'));
    assert.equal(pods, undefined, 'nothing in shop');
  });
});

describe('SelfSubjectReview', () => {
  const whoami = (token: string | undefined, version = 'v1', minorVersion = 33) =>
    post(
      `/apis/authentication.k8s.io/${version}/selfsubjectreviews`,
      '{}',
      token,
      'application/json',
      minorVersion,
    );
  it('reports the authenticated user', async () => {
    const admin = await whoami(ADMIN);
    assert.equal(admin.status, 201);
    assert.equal(admin.body.apiVersion, 'authentication.k8s.io/v1');
    assert.deepEqual(admin.body.status.userInfo, {
      username: 'kubernetes-admin',
      groups: ['system:masters', 'system:authenticated'],
    });
    const restricted = await whoami(RESTRICTED, 'v1beta1');
    assert.deepEqual(restricted.body.status.userInfo, {
      username: 'restricted',
      uid: 'restricted-uid',
      groups: ['system:authenticated'],
    });
  });
  it('is not for anonymous requests (RBAC grants it to system:authenticated)', async () => {
    const anonymous = await whoami(undefined);
    assert.equal(anonymous.status, 403);
    assert.equal(
      anonymous.body.message,
      'selfsubjectreviews.authentication.k8s.io is forbidden: User "system:anonymous" cannot create resource "selfsubjectreviews" in API group "authentication.k8s.io" at the cluster scope',
    );
  });
  it('v1 is served from 1.28 only', async () => {
    assert.equal((await whoami(ADMIN, 'v1', 27)).status, 404);
    assert.equal((await whoami(ADMIN, 'v1beta1', 27)).status, 201);
  });
});
