/* eslint-disable @typescript-eslint/no-explicit-any -- answers are probed loosely here */
/**
 * Who a request is, end to end over HTTPS: no credentials is `system:anonymous` (which RBAC's
 * public-info-viewer lets read /version and nothing else by default), a token nobody accepts is
 * upstream's 401 Status word for word, and a ServiceAccount token from TokenRequest is that
 * account — until the account is deleted. TokenReview answers for the same tokens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../server';
import { call as callJson, startCore } from './testing/support';

let em: RunningEmulator;
let base: string;
const NONE = { authorization: '' };

before(async () => {
  em = await startCore();
  base = em.url;
  const sa = await call(base, 'POST', '/api/v1/namespaces/default/serviceaccounts', {
    metadata: { name: 'robot' },
  });
  assert.equal(sa.status, 201);
});
after(() => em.stop());

async function call(...args: Parameters<typeof callJson>): Promise<{ status: number; body: any }> {
  return callJson(...args);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function mint(body: unknown = {}) {
  return call(base, 'POST', '/api/v1/namespaces/default/serviceaccounts/robot/token', body);
}

describe('authentication', () => {
  it('a request without credentials is system:anonymous', async () => {
    assert.equal((await call(base, 'GET', '/version', undefined, NONE)).status, 200);
    const r = await call(base, 'GET', '/api/v1/namespaces', undefined, NONE);
    assert.equal(r.status, 403);
    assert.equal(
      r.body.message,
      'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope',
    );
  });

  it('a token nobody accepts is 401 with upstream Status, never anonymous', async () => {
    for (const token of ['forged', 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln']) {
      const r = await call(base, 'GET', '/version', undefined, bearer(token));
      assert.equal(r.status, 401);
      assert.deepEqual(r.body, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    }
  });
});

describe('TokenRequest', () => {
  it('mints a token with the defaults of authentication.k8s.io/v1', async () => {
    const r = await mint({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest' });
    assert.equal(r.status, 201);
    assert.equal(r.body.kind, 'TokenRequest');
    assert.equal(r.body.spec.expirationSeconds, 3600);
    assert.deepEqual(r.body.spec.audiences, ['https://kubernetes.default.svc.cluster.local']);
    const [, payload = ''] = String(r.body.status.token).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    assert.equal(claims.sub, 'system:serviceaccount:default:robot');
    assert.equal(claims.exp - claims.iat, 3600);
    assert.equal(claims['kubernetes.io'].serviceaccount.name, 'robot');
  });

  it('refuses a duration under ten minutes as upstream validation does', async () => {
    const r = await mint({ spec: { expirationSeconds: 599 } });
    assert.equal(r.status, 422);
    assert.match(r.body.message, /may not specify a duration less than 10 minutes/);
  });

  it('the token is the ServiceAccount, TokenReview says so, and it dies with the account', async () => {
    const token = String((await mint()).body.status.token);
    const whoami = await call(
      base,
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      {},
      bearer(token),
    );
    assert.equal(whoami.status, 201);
    assert.equal(whoami.body.status.userInfo.username, 'system:serviceaccount:default:robot');
    assert.deepEqual(whoami.body.status.userInfo.groups, [
      'system:serviceaccounts',
      'system:serviceaccounts:default',
      'system:authenticated',
    ]);
    const review = await call(base, 'POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      spec: { token },
    });
    assert.equal(review.status, 201);
    assert.equal(review.body.status.authenticated, true);
    assert.equal(review.body.status.user.username, 'system:serviceaccount:default:robot');
    assert.deepEqual(review.body.status.audiences, [
      'https://kubernetes.default.svc.cluster.local',
    ]);
    const forged = await call(base, 'POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      spec: { token: 'forged' },
    });
    assert.equal(forged.status, 201);
    assert.equal(forged.body.status.authenticated, undefined);
    assert.equal(forged.body.status.error, 'invalid bearer token');

    assert.equal(
      (await call(base, 'DELETE', '/api/v1/namespaces/default/serviceaccounts/robot')).status,
      200,
    );
    const gone = await call(base, 'GET', '/version', undefined, bearer(token));
    assert.equal(gone.status, 401);
  });
});
