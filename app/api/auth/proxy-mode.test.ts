/**
 * `--auth proxy` over real HTTP on 127.0.0.1: the peer address is the socket's, stamped by the
 * server (lib/http/peer-address.ts) exactly as the dashboard's server does, so these requests are
 * trusted or not by where they really come from — never by a header the client sends.
 */
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { problemTypeOf, type Problem } from '@/lib/api/problem';
import { serveRoutes, type RouteServer } from '@/lib/auth/testing/route-server';
import { sessionEnv, type SessionEnv } from '@/lib/auth/testing/session-env';
import type { ViewerInfo } from '@/lib/auth/viewer';
import { PEER_HEADER, stampPeerAddresses } from '@/lib/http/peer-address';
import { GET as me } from './me/route';

let server: RouteServer;
before(async () => {
  stampPeerAddresses();
  server = await serveRoutes({ '/api/auth/me': me });
});
after(() => server?.close());

let env: SessionEnv;
beforeEach(() => {
  env = sessionEnv({ SWITCHBOARD_AUTH: 'proxy', SWITCHBOARD_TRUSTED_PROXIES: '127.0.0.1' });
});
afterEach(() => env.restore());

/** GET /api/auth/me with raw headers (an array is sent as repeated header lines). */
function whoAmI(
  headers: Record<string, string | string[]>,
): Promise<{ status: number; body: ViewerInfo & Problem }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}/api/auth/me`, { headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as ViewerInfo & Problem }),
      );
    });
    req.on('error', reject);
  });
}

const ALICE = { 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'team-a' };

describe('proxy mode over HTTP', () => {
  it('headers from a trusted address name the person', async () => {
    const answer = await whoAmI(ALICE);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { mode: 'proxy', username: 'alice', groups: ['team-a'] });
  });
  it('repeated groups headers are all groups', async () => {
    const answer = await whoAmI({
      'x-forwarded-user': 'bob',
      'x-forwarded-groups': ['sre', 'oncall, viewers'],
    });
    assert.deepEqual(answer.body.groups, ['sre', 'oncall', 'viewers']);
  });
  it('the same headers from an untrusted address are refused, whatever peer header the client sends', async () => {
    process.env.SWITCHBOARD_TRUSTED_PROXIES = '10.0.0.0/8';
    for (const headers of [ALICE, { ...ALICE, [PEER_HEADER]: '10.0.0.1' }]) {
      const answer = await whoAmI(headers);
      assert.equal(answer.status, 403);
      assert.equal(problemTypeOf(answer.body), 'untrusted-identity');
      assert.match(answer.body.detail, /came from 127\.0\.0\.1/);
    }
  });
  it('spoofed groups from an untrusted address are refused; nobody at all is 401', async () => {
    process.env.SWITCHBOARD_TRUSTED_PROXIES = '10.0.0.0/8';
    assert.equal((await whoAmI({ 'x-forwarded-groups': 'system:masters' })).status, 403);
    const nobody = await whoAmI({});
    assert.equal(nobody.status, 401);
    assert.equal(problemTypeOf(nobody.body), 'unauthenticated');
  });
  it('system:masters is refused even from the trusted proxy', async () => {
    const answer = await whoAmI({ ...ALICE, 'x-forwarded-groups': ['team-a', 'system:masters'] });
    assert.equal(answer.status, 403);
    assert.match(answer.body.detail, /system:masters/);
  });
});
