/**
 * The 403 Status a refused request gets, word for word as kube-apiserver's responsewriters build it
 * (resource in a namespace, at the cluster scope, named, subresource, non-resource path, with an
 * authorizer reason, HTML-significant characters escaped).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forbiddenError, forbiddenMessage } from './forbidden';
import { nonResourceAttributes, resourceAttributes, user } from './testing/builders';

const alice = user('alice', ['system:authenticated']);

test('list pods in a namespace', () => {
  const error = forbiddenError(
    resourceAttributes(alice, { verb: 'list', resource: 'pods', namespace: 'team-b' }),
    '',
  );
  assert.deepEqual(error.status, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message:
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "team-b"',
    reason: 'Forbidden',
    details: { kind: 'pods' },
    code: 403,
  });
});

test('a named object of a group resource at the cluster scope', () => {
  const a = resourceAttributes(alice, {
    verb: 'get',
    apiGroup: 'rbac.authorization.k8s.io',
    resource: 'clusterroles',
    name: 'admin',
  });
  const error = forbiddenError(a, '');
  assert.equal(
    error.message,
    'clusterroles.rbac.authorization.k8s.io "admin" is forbidden: User "alice" cannot get resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
  );
  assert.deepEqual(error.status.details, {
    name: 'admin',
    group: 'rbac.authorization.k8s.io',
    kind: 'clusterroles',
  });
});

test('a subresource is named resource/subresource after the verb, not in the prefix', () => {
  const a = resourceAttributes(alice, {
    verb: 'update',
    apiGroup: 'apps',
    resource: 'deployments',
    subresource: 'scale',
    name: 'web',
    namespace: 'team-a',
  });
  assert.equal(
    forbiddenError(a, '').message,
    'deployments.apps "web" is forbidden: User "alice" cannot update resource "deployments/scale" in API group "apps" in the namespace "team-a"',
  );
});

test('a non-resource path: bare `forbidden:` and empty details', () => {
  const error = forbiddenError(nonResourceAttributes(alice, 'get', '/metrics'), '');
  assert.equal(error.message, 'forbidden: User "alice" cannot get path "/metrics"');
  assert.deepEqual(error.status.details, {});
  assert.equal(error.code, 403);
});

test('an authorizer reason follows after a colon', () => {
  const a = resourceAttributes(alice, { verb: 'get', resource: 'pods', namespace: 'x' });
  assert.equal(
    forbiddenError(a, 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found').message,
    'pods is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "x": RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
  );
});

test('&, < and > in the message are escaped; quotes are Go-quoted', () => {
  const a = nonResourceAttributes(user('a<b>&"c'), 'get', '/x<y>');
  assert.equal(forbiddenMessage(a), 'User "a<b>&\\"c" cannot get path "/x<y>"');
  assert.equal(
    forbiddenError(a, '').message,
    'forbidden: User "a&lt;b&gt;&amp;\\"c" cannot get path "/x&lt;y&gt;"',
  );
});
