/**
 * The handler chain end to end over real HTTPS: a bearer token of the token file is that user,
 * RBAC decides what it may do, and what RBAC does not grant is upstream's 403 before any handler
 * runs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../server';
import { bindClusterRole, call, service, startCore } from './testing/support';

let em: RunningEmulator;
let base: string;

before(async () => {
  em = await startCore({
    tokenUsers: new Map([['t0k3n', { username: 'restricted', uid: '', groups: [] }]]),
  });
  base = em.url;
  await bindClusterRole(base, { name: 'restricted-view', clusterRole: 'view', user: 'restricted' });
});
after(() => em.stop());

describe('authorization', () => {
  it('answers 403 with the apiserver message for a verb RBAC does not grant', async () => {
    const r = await call(base, 'POST', '/api/v1/namespaces/default/services', service('denied'), {
      authorization: 'Bearer t0k3n',
    });
    assert.equal(r.status, 403);
    assert.equal(r.body.reason, 'Forbidden');
    assert.equal(
      r.body.message,
      'services is forbidden: User "restricted" cannot create resource "services" in API group "" in the namespace "default"',
    );
    const allowed = await call(base, 'GET', '/api/v1/namespaces/default/services', undefined, {
      authorization: 'Bearer t0k3n',
    });
    assert.equal(allowed.status, 200);
  });
});
