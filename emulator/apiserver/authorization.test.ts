// The authorization layer: RequestInfo + user become the authorizer's attributes, and anything
// but `allow` is upstream's 403 with the authorizer's reason after `: ` when it gives one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Authorizer, Decision } from '../auth/types';
import { ApiError } from '../core/errors';
import { authorize, requestAttributes } from './authorization';
import { resolveRequestInfo } from './request-info';

const alice = { username: 'alice', groups: ['system:authenticated'] };
const attributes = (method: string, path: string) =>
  requestAttributes(resolveRequestInfo(method, new URL(path, 'http://x')), alice);
const answering = (decision: Decision): Authorizer => ({ authorize: () => decision });

function forbiddenMessage(authorizer: Authorizer, method: string, path: string): string {
  try {
    authorize(authorizer, attributes(method, path));
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 403);
    return error.message;
  }
  assert.fail('allowed');
}

describe('authorization', () => {
  it('builds the attributes from the RequestInfo and the user', () => {
    assert.deepEqual(attributes('GET', '/apis/apps/v1/namespaces/shop/deployments/web/scale'), {
      user: alice,
      verb: 'get',
      isResourceRequest: true,
      path: '/apis/apps/v1/namespaces/shop/deployments/web/scale',
      apiGroup: 'apps',
      apiVersion: 'v1',
      resource: 'deployments',
      subresource: 'scale',
      namespace: 'shop',
      name: 'web',
    });
  });
  it('lets an allowed request through', () => {
    authorize(answering({ decision: 'allow', reason: '' }), attributes('GET', '/api/v1/pods'));
  });
  it("refuses a denied or unanswered request with upstream's 403 text", () => {
    for (const decision of ['deny', 'noOpinion'] as const) {
      assert.equal(
        forbiddenMessage(
          answering({ decision, reason: '' }),
          'POST',
          '/api/v1/namespaces/default/services',
        ),
        'services is forbidden: User "alice" cannot create resource "services" in API group "" in the namespace "default"',
      );
    }
    assert.equal(
      forbiddenMessage(answering({ decision: 'deny', reason: '' }), 'GET', '/api/v1/nodes/n1'),
      'nodes "n1" is forbidden: User "alice" cannot get resource "nodes" in API group "" at the cluster scope',
    );
  });
  it("appends the authorizer's reason", () => {
    assert.equal(
      forbiddenMessage(
        answering({ decision: 'noOpinion', reason: 'RBAC: role "x" not found' }),
        'GET',
        '/api/v1/pods',
      ),
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope: RBAC: role "x" not found',
    );
  });
  it('a list by metadata.name is authorized for that name, as upstream', () => {
    assert.equal(attributes('GET', '/api/v1/pods?fieldSelector=metadata.name%3Dp').name, 'p');
  });
});
