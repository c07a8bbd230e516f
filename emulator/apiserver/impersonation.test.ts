/**
 * Impersonation through the handler chain over real HTTPS: the admin acts as alice (RBAC then
 * decides for alice), `Impersonate-Group` read one header line per group, a ServiceAccount
 * user gets its account's groups, SelfSubjectReview answers for the impersonated user, the
 * refusals are upstream's 403 texts, and groups without a user are the plain-text 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../server';
import { clusterFetch } from '../testing/cluster-fetch';
import { bindClusterRole, call, startCore } from './testing/support';

let em: RunningEmulator;

const BOB = 'Bearer bob-token';

async function whoami(headerLines: Record<string, string[]>, authorization?: string) {
  const res = await clusterFetch(`${em.url}/apis/authentication.k8s.io/v1/selfsubjectreviews`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    },
    headerLines,
    body: JSON.stringify({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text };
}

before(async () => {
  em = await startCore({
    tokenUsers: new Map([['bob-token', { username: 'bob', uid: '', groups: ['devs'] }]]),
  });
  await bindClusterRole(em.url, { name: 'alice-view', clusterRole: 'view', user: 'alice' });
});
after(() => em.stop());

describe('impersonation in the handler chain', () => {
  it('the admin acts as alice, and RBAC decides for alice', async () => {
    const asAlice = { 'impersonate-user': 'alice' };
    const list = await call(em.url, 'GET', '/api/v1/namespaces/default/pods', undefined, asAlice);
    assert.equal(list.status, 200);
    const create = await call(
      em.url,
      'POST',
      '/api/v1/namespaces/default/configmaps',
      { metadata: { name: 'x' } },
      asAlice,
    );
    assert.equal(create.status, 403);
    assert.equal(
      create.body.message,
      'configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "default"',
    );
  });

  it('each Impersonate-Group line is one group; system:authenticated is added', async () => {
    const r = await whoami({ 'impersonate-user': ['alice'], 'impersonate-group': ['a', 'b'] });
    assert.equal(r.status, 201);
    assert.deepEqual(JSON.parse(r.text).status.userInfo, {
      username: 'alice',
      groups: ['a', 'b', 'system:authenticated'],
    });
    const joined = await whoami({ 'impersonate-user': ['alice'], 'impersonate-group': ['a,b'] });
    assert.deepEqual(JSON.parse(joined.text).status.userInfo.groups, [
      'a,b',
      'system:authenticated',
    ]);
  });

  it('a ServiceAccount user gets its groups; uid and extra are carried', async () => {
    const sa = await whoami({ 'impersonate-user': ['system:serviceaccount:ns1:robot'] });
    assert.deepEqual(JSON.parse(sa.text).status.userInfo, {
      username: 'system:serviceaccount:ns1:robot',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:authenticated'],
    });
    const full = await whoami({
      'impersonate-user': ['carol'],
      'impersonate-uid': ['c-1'],
      'impersonate-extra-scopes': ['s1', 's2'],
    });
    assert.deepEqual(JSON.parse(full.text).status.userInfo, {
      username: 'carol',
      uid: 'c-1',
      groups: ['system:authenticated'],
      extra: { scopes: ['s1', 's2'] },
    });
  });

  it('a caller without the impersonate verb gets upstream 403s', async () => {
    const user = await whoami({ 'impersonate-user': ['alice'] }, BOB);
    assert.equal(user.status, 403);
    assert.equal(
      JSON.parse(user.text).message,
      'users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    const sa = await whoami({ 'impersonate-user': ['system:serviceaccount:ns1:robot'] }, BOB);
    assert.equal(
      JSON.parse(sa.text).message,
      'serviceaccounts "robot" is forbidden: User "bob" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "ns1"',
    );
  });

  it('groups without a user: the plain-text InternalError', async () => {
    const r = await whoami({ 'impersonate-group': ['a'] });
    assert.equal(r.status, 500);
    assert.equal(r.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(
      r.text,
      'Internal Server Error: "/apis/authentication.k8s.io/v1/selfsubjectreviews": requested [{Group  a    }] without impersonating a user\n',
    );
  });
});
