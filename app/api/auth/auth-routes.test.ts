/**
 * The sign-in routes against the embedded cluster (`--auth token`): a valid token signs in
 * (`--token-auth-file` user and `kubectl create token`), an invalid or expired one is refused
 * with the reason, `me` names the person, logout clears the cookie; and the CSRF and Host checks
 * still hold for a signed-in browser, on the sign-in steps and on the write routes alike.
 */
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ViewerInfo } from '@/lib/auth/viewer';
import { pastDated, serviceAccountToken } from '@/lib/auth/testing/cluster-tokens';
import { sessionEnv, type SessionEnv } from '@/lib/auth/testing/session-env';
import type { EmbeddedCluster } from '../../../e2e/harness';
import { POST as createExternalService } from '../external-services/route';
import { PEER_HEADER } from '@/lib/http/peer-address';
import { startDashboardCluster, stopDashboard } from '../testing/dashboard';
import { call, expectJson, expectProblem, SAME_ORIGIN } from '../testing/routes';
import { POST as logout } from './logout/route';
import { GET as me } from './me/route';
import { POST as signIn } from './token/route';

let cluster: EmbeddedCluster;
let tokenDir: string;
before(async () => {
  tokenDir = mkdtempSync(join(tmpdir(), 'switchboard-token-users-'));
  const tokenFile = join(tokenDir, 'tokens.csv');
  writeFileSync(tokenFile, 'alice-token,alice,alice-uid,"team-a"\n');
  cluster = await startDashboardCluster('seed', { extraArgs: ['--token-auth-file', tokenFile] });
});
after(async () => {
  await stopDashboard(cluster);
  rmSync(tokenDir, { recursive: true, force: true });
});

let env: SessionEnv;
beforeEach(() => {
  env = sessionEnv({ SWITCHBOARD_AUTH: 'token', SWITCHBOARD_PUBLIC_URL: undefined });
});
afterEach(() => env.restore());

async function signInWith(token: string, from?: string) {
  return call(signIn, '/api/auth/token', {
    method: 'POST',
    headers: { ...SAME_ORIGIN, ...(from ? { [PEER_HEADER]: from } : {}) },
    body: { token },
  });
}

/** Signs in and answers the Cookie header the browser sends from then on. */
async function cookieFor(token: string): Promise<string> {
  const response = await signInWith(token);
  assert.equal(response.status, 200, await response.clone().text());
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('POST /api/auth/token', () => {
  it('a valid token signs in: the person, an HttpOnly cookie, never the token', async () => {
    const response = await signInWith('alice-token');
    const text = await response.clone().text();
    const info = await expectJson<ViewerInfo>(response);
    assert.deepEqual(info, {
      mode: 'token',
      username: 'alice',
      groups: ['team-a', 'system:authenticated'],
    });
    assert.doesNotMatch(text, /alice-token/);
    const setCookie = response.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^switchboard_session=Fe26\.2\*1\*/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.doesNotMatch(setCookie, /alice-token/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });
  it('a ServiceAccount token from kubectl create token signs in as that account', async () => {
    const token = await serviceAccountToken(cluster, 'dashboard-user');
    const info = await expectJson<ViewerInfo>(await signInWith(` Bearer ${token}\n`));
    assert.equal(info.username, 'system:serviceaccount:default:dashboard-user');
  });
  it('an invalid token is refused with the reason, and no cookie', async () => {
    const response = await signInWith('not-a-token');
    assert.equal(response.headers.get('set-cookie'), null);
    const p = await expectProblem(response, 'unauthenticated', 401);
    assert.match(p.detail, /does not accept this token/);
  });
  it('an expired token is refused as expired', async () => {
    const token = await serviceAccountToken(cluster, 'expires', '10m');
    const p = await expectProblem(
      await signInWith(pastDated(cluster, token, 3600)),
      'unauthenticated',
      401,
    );
    assert.match(p.detail, /has expired/);
  });
  it('no token is a field error', async () => {
    const p = await expectProblem(await signInWith('  '), 'invalid', 422);
    assert.deepEqual(p.errors, [{ field: 'token', message: 'Paste a Kubernetes bearer token.' }]);
  });
  it('is not there in another mode', async () => {
    process.env.SWITCHBOARD_AUTH = 'proxy';
    process.env.SWITCHBOARD_TRUSTED_PROXIES = '10.0.0.1';
    await expectProblem(await signInWith('alice-token'), 'not-found', 404);
    delete process.env.SWITCHBOARD_TRUSTED_PROXIES;
  });
  it('one address gets 30 reviews a minute, then 429 with Retry-After; others are not held up', async () => {
    for (let i = 0; i < 30; i++) {
      await expectProblem(await signInWith(`guess-${i}`, '127.0.0.9'), 'unauthenticated', 401);
    }
    const limited = await signInWith('alice-token', '127.0.0.9');
    const p = await expectProblem(limited, 'rate-limited', 429);
    assert.match(p.detail, /at most 30 a minute/);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    const other = await expectJson<ViewerInfo>(await signInWith('alice-token', '127.0.0.10'));
    assert.equal(other.username, 'alice');
  });
});

describe('me and logout', () => {
  it('me names the signed-in person; without a session it is 401', async () => {
    const cookie = await cookieFor('alice-token');
    const info = await expectJson<ViewerInfo>(
      await call(me, '/api/auth/me', { headers: { cookie } }),
    );
    assert.equal(info.username, 'alice');
    await expectProblem(await call(me, '/api/auth/me'), 'unauthenticated', 401);
  });
  it('logout clears the cookie', async () => {
    const cookie = await cookieFor('alice-token');
    const response = await call(logout, '/api/auth/logout', {
      method: 'POST',
      headers: { ...SAME_ORIGIN, cookie },
      body: {},
    });
    assert.deepEqual(await expectJson(response), { signedOut: true, next: '/sign-in' });
    assert.match(response.headers.get('set-cookie') ?? '', /^switchboard_session=; .*Max-Age=0/);
  });
});

describe('CSRF and Host checks for a signed-in browser', () => {
  it('another site cannot sign a browser in, or out', async () => {
    for (const headers of [
      { 'content-type': 'application/json' } as Record<string, string>,
      { 'content-type': 'application/json', origin: 'https://evil.example' },
      { ...SAME_ORIGIN, 'sec-fetch-site': 'cross-site' },
    ]) {
      for (const [route, path] of [
        [signIn, '/api/auth/token'],
        [logout, '/api/auth/logout'],
      ] as const) {
        const response = await call(route, path, {
          method: 'POST',
          headers,
          body: { token: 'alice-token' },
        });
        await expectProblem(response, 'foreign-request', 403);
        assert.equal(response.headers.get('set-cookie'), null);
      }
    }
  });
  it('a signed-in cookie does not let a cross-site write or a cross-site read through', async () => {
    const cookie = await cookieFor('alice-token');
    const write = await call(createExternalService, '/api/external-services', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', cookie },
      body: { namespace: 'default', name: 'x', addresses: ['10.1.1.1'], ports: [] },
    });
    await expectProblem(write, 'foreign-request', 403);
    const read = await call(me, '/api/auth/me', {
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    });
    await expectProblem(read, 'foreign-request', 403);
  });
  it('a rebinding Host name is refused even with a valid session', async () => {
    const cookie = await cookieFor('alice-token');
    const response = await me(
      new Request('http://rebind.evil.example:3000/api/auth/me', {
        headers: { host: 'rebind.evil.example:3000', cookie },
      }),
    );
    assert.equal(response.status, 403);
  });
});
