/**
 * Token mode against the embedded cluster (a real process, over HTTPS): TokenReview as the
 * dashboard for a `--token-auth-file` user, a ServiceAccount token from `kubectl create token`,
 * a forged token, an expired one (lib/auth/testing/cluster-tokens.ts says how) and a revoked
 * one, and the viewer a token session resolves to.
 */
import { after, afterEach, before, beforeEach, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type EmbeddedCluster } from '../../e2e/harness';
import { problemTypeOf } from '../api/problem';
import { kubeConfigFor } from '../k8s/testing/helpers';
import { createKubeClient, type KubeSend } from '../k8s/write/client';
import { resolveViewer } from './request-viewer';
import { sessionSetCookie } from './session';
import { authSettings } from './settings';
import { createTokenReviewer, tokenHash } from './token-review';
import { pastDated, serviceAccountToken } from './testing/cluster-tokens';
import { cookieHeaderOf, sessionEnv, type SessionEnv } from './testing/session-env';

let cluster: EmbeddedCluster;
let send: KubeSend;
let tokenDir: string;
before(async () => {
  tokenDir = mkdtempSync(join(tmpdir(), 'switchboard-token-users-'));
  const tokenFile = join(tokenDir, 'tokens.csv');
  writeFileSync(
    tokenFile,
    'alice-token,alice,alice-uid,"team-a"\nnobody-token,nobody,nobody-uid,""\n',
  );
  cluster = await startCluster('seed', { extraArgs: ['--token-auth-file', tokenFile] });
  send = createKubeClient(kubeConfigFor(cluster.url, cluster.token, cluster.caCertificate));
});
after(async () => {
  await cluster?.stop();
  rmSync(tokenDir, { recursive: true, force: true });
});

let env: SessionEnv;
beforeEach(() => {
  env = sessionEnv({ SWITCHBOARD_AUTH: 'token' });
});
afterEach(() => env.restore());

/** Counts the reviews that reach the cluster. */
function counted(): { send: KubeSend; reviews: () => number } {
  let reviews = 0;
  return {
    send: (request) => {
      if (request.path.endsWith('/tokenreviews')) reviews++;
      return send(request);
    },
    reviews: () => reviews,
  };
}

function clock(t: TestContext) {
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
  return { advance: (ms: number) => t.mock.timers.tick(ms) };
}

describe('TokenReview (token mode)', () => {
  it('a token-file user is who the cluster says, groups as RBAC sees them', async () => {
    const result = await createTokenReviewer(send)('alice-token');
    assert.deepEqual(result, {
      ok: true,
      user: { username: 'alice', groups: ['team-a', 'system:authenticated'] },
    });
  });
  it('a token-file user with no groups has no empty group name (not "nobody (, …)")', async () => {
    // The token file's empty groups column is one group named "" to the cluster.
    const result = await createTokenReviewer(send)('nobody-token');
    assert.deepEqual(result, {
      ok: true,
      user: { username: 'nobody', groups: ['system:authenticated'] },
    });
  });
  it('a ServiceAccount token (TokenRequest, as kubectl create token) is that ServiceAccount', async () => {
    const token = await serviceAccountToken(cluster, 'robot');
    const result = await createTokenReviewer(send)(token);
    assert.ok(result.ok);
    assert.equal(result.user.username, 'system:serviceaccount:default:robot');
    assert.ok(result.user.groups.includes('system:serviceaccounts:default'));
  });
  it('a forged or unknown token is invalid', async () => {
    const review = createTokenReviewer(send);
    for (const token of ['nobody-knows-this', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']) {
      const result = await review(token);
      assert.ok(!result.ok);
      assert.equal(result.reason, 'invalid');
    }
  });
  it('an expired token is expired, in the cluster’s words', async () => {
    const token = await serviceAccountToken(cluster, 'short-lived', '10m');
    const review = createTokenReviewer(send);
    // Re-signed but not past-dated: still valid, so the signature is the cluster's own.
    assert.ok((await review(pastDated(cluster, token, 0))).ok);
    const result = await review(pastDated(cluster, token, 3600));
    assert.ok(!result.ok);
    assert.equal(result.reason, 'expired');
    assert.match(result.message, /expired/);
  });
  it('answers are reused for at most a minute, keyed by a hash of the token', async (t) => {
    const time = clock(t);
    const c = counted();
    const review = createTokenReviewer(c.send);
    await review('alice-token');
    await review('alice-token');
    assert.equal(c.reviews(), 1);
    time.advance(59_000);
    await review('alice-token');
    assert.equal(c.reviews(), 1);
    time.advance(2_000);
    await review('alice-token');
    assert.equal(c.reviews(), 2);
    assert.equal(tokenHash('alice-token').length, 64);
    assert.notEqual(tokenHash('alice-token'), 'alice-token');
  });
  it('a review the dashboard may not make throws (never a cached "invalid")', async () => {
    const anonymous = createKubeClient(
      kubeConfigFor(cluster.url, 'alice-token', cluster.caCertificate),
    );
    await assert.rejects(
      createTokenReviewer(anonymous)('alice-token'),
      /did not review the token \(HTTP 403/,
    );
  });
});

describe('the viewer of a token session', () => {
  const request = new Request('http://127.0.0.1:3000/');
  it('is the reviewed user with the token; a revoked token ends it within the cache bound', async (t) => {
    const token = await serviceAccountToken(cluster, 'revoked-later');
    const review = createTokenReviewer(send);
    const headers = cookieHeaderOf(
      await sessionSetCookie(
        { mode: 'token', user: { username: 'as-pasted', groups: [] }, token },
        request,
      ),
    );
    const time = clock(t);
    const first = await resolveViewer(headers, authSettings(), () => review);
    assert.ok(first.ok);
    assert.deepEqual(first.viewer, {
      mode: 'token',
      user: {
        username: 'system:serviceaccount:default:revoked-later',
        groups: [
          'system:serviceaccounts',
          'system:serviceaccounts:default',
          'system:authenticated',
        ],
      },
      token,
    });
    const deleted = await cluster.kubectl('delete', 'serviceaccount', 'revoked-later');
    assert.equal(deleted.code, 0, deleted.stderr);
    time.advance(61_000);
    const later = await resolveViewer(headers, authSettings(), () => review);
    assert.ok(!later.ok);
    assert.equal(later.problem.status, 401);
    assert.match(later.problem.detail, /no longer accepted.*Sign in again/);
  });
  it('no session, or a session of another mode, is 401', async () => {
    const review = createTokenReviewer(send);
    const none = await resolveViewer(new Headers(), authSettings(), () => review);
    assert.ok(!none.ok && problemTypeOf(none.problem) === 'unauthenticated');
    const oidc = cookieHeaderOf(
      await sessionSetCookie({ mode: 'oidc', user: { username: 'x', groups: [] } }, request),
    );
    const other = await resolveViewer(oidc, authSettings(), () => review);
    assert.ok(!other.ok && other.problem.status === 401);
  });
});
