// The embedded cluster's access as the chain sees it: who a request is (the kubeconfig's admin,
// a token-file user, a ServiceAccount token, nobody, or a bad token) and that system:masters and
// RBAC decide what they may do.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { embeddedClusterAccess, type ClusterAccess } from './embedded-cluster';
import { memoryRbacStore } from './rbac/testing/memory-store';
import { resourceAttributes } from './rbac/testing/builders';
import { loadOrCreateSigningKey, type SigningKey } from './serviceaccount/signing-key';

let key: SigningKey;
before(async () => {
  key = await loadOrCreateSigningKey();
});

function access(authorizationMode?: 'RBAC' | 'AlwaysAllow'): ClusterAccess {
  return embeddedClusterAccess({
    authorizationMode,
    store: memoryRbacStore(),
    adminToken: 'admin-token',
    tokenUsers: new Map([['alice-token', { username: 'alice', uid: 'a1', groups: ['team-a'] }]]),
    serviceAccountKey: key,
    minorVersion: 33,
  });
}

async function authenticate(a: ClusterAccess, token: string | undefined) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return a.authenticator.authenticate(new Request('https://x/api', { headers }));
}

describe('embedded cluster access', () => {
  it('the kubeconfig token is kubernetes-admin in system:masters, allowed everything', async () => {
    const a = access();
    const result = await authenticate(a, 'admin-token');
    assert.ok(result?.ok);
    assert.deepEqual(result.user, {
      username: 'kubernetes-admin',
      uid: '',
      groups: ['system:masters', 'system:authenticated'],
    });
    const decision = a.authorizer.authorize(
      resourceAttributes(result.user, { verb: 'delete', resource: 'nodes', name: 'n1' }),
    );
    assert.equal(decision.decision, 'allow');
  });

  it('a token-file user is who the file says, and RBAC alone decides for it', async () => {
    const a = access();
    const result = await authenticate(a, 'alice-token');
    assert.ok(result?.ok);
    assert.deepEqual(result.user, {
      username: 'alice',
      uid: 'a1',
      groups: ['team-a', 'system:authenticated'],
    });
    const decision = a.authorizer.authorize(
      resourceAttributes(result.user, { verb: 'list', resource: 'pods', namespace: 'default' }),
    );
    assert.equal(decision.decision, 'noOpinion');
  });

  it('--authorization-mode AlwaysAllow allows every request, and escalation with it', async () => {
    const a = access('AlwaysAllow');
    const result = await authenticate(a, 'alice-token');
    assert.ok(result?.ok);
    const attributes = resourceAttributes(result.user, {
      verb: 'delete',
      resource: 'secrets',
      namespace: 'kube-system',
    });
    assert.deepEqual(a.authorizer.authorize(attributes), { decision: 'allow', reason: '' });
    assert.equal(a.ruleResolver.rulesFor(result.user, 'default').resourceRules[0]?.verbs[0], '*');
    assert.equal(
      access('RBAC').authorizer.authorize(attributes).decision,
      'noOpinion',
      'RBAC is the default and grants alice nothing',
    );
  });

  it('no credentials is system:anonymous; a token nobody accepts is an error', async () => {
    const a = access();
    assert.deepEqual(await authenticate(a, undefined), {
      ok: true,
      user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
    });
    assert.deepEqual(await authenticate(a, 'nope'), {
      ok: false,
      error: 'invalid bearer token',
    });
  });

  it('TokenRequest signs with the key the authenticator verifies', () => {
    const a = access();
    assert.equal(a.tokenRequest.key, key);
    assert.deepEqual(a.tokenRequest.apiAudiences, ['https://kubernetes.default.svc.cluster.local']);
  });
});
