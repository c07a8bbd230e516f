import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { proxy } from '../../proxy';
import { SESSION_COOKIE, sessionSetCookie } from './session';
import { sessionUpkeep } from './session-upkeep';
import { sessionEnv, type SessionEnv } from './testing/session-env';

const ORIGIN = 'http://127.0.0.1:3000';
const MINUTE = 60_000;

let env: SessionEnv;
beforeEach(() => {
  env = sessionEnv({
    SWITCHBOARD_AUTH: 'oidc',
    SWITCHBOARD_OIDC_ISSUER: 'https://idp.example',
    SWITCHBOARD_OIDC_CLIENT_ID: 'switchboard',
    SWITCHBOARD_PUBLIC_URL: ORIGIN,
    SWITCHBOARD_SESSION_IDLE: '10m',
    SWITCHBOARD_SESSION_MAX_AGE: '1h',
  });
});
afterEach(() => env.restore());

const get = (path: string, cookie?: string) =>
  new Request(`${ORIGIN}${path}`, {
    headers: { host: '127.0.0.1:3000', ...(cookie ? { cookie } : {}) },
  });

async function signedIn(): Promise<string> {
  const setCookie = await sessionSetCookie(
    { mode: 'oidc', user: { username: 'alice', groups: ['team-a'] } },
    get('/'),
  );
  return setCookie.split(';')[0]!;
}

describe('session upkeep (proxy.ts)', () => {
  it('nothing to do without a cookie, or for a session just seen', async () => {
    assert.equal(await sessionUpkeep(get('/')), undefined);
    assert.equal(await sessionUpkeep(get('/', await signedIn())), undefined);
  });
  it('re-seals a session in use once it was last seen a while ago', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const cookie = await signedIn();
    t.mock.timers.tick(3 * MINUTE);
    const refreshed = await sessionUpkeep(get('/external-services/new', cookie));
    assert.ok(refreshed);
    assert.ok(refreshed.startsWith(`${SESSION_COOKIE}=`));
    assert.notEqual(refreshed.split(';')[0], cookie);
    assert.match(refreshed, /Max-Age=600/);
    // The proxy adds it to the response that lets the request through.
    const response = await proxy(get('/', cookie));
    assert.ok(response);
    assert.match(response.headers.get('set-cookie') ?? '', /^switchboard_session=Fe26/);
  });
  it('clears a cookie that signs nobody in (expired, tampered)', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const cookie = await signedIn();
    const tampered = `${cookie.slice(0, -4)}AAAA`;
    assert.match(
      (await sessionUpkeep(get('/', tampered))) ?? '',
      /^switchboard_session=; .*Max-Age=0/,
    );
    t.mock.timers.tick(11 * MINUTE);
    assert.match((await sessionUpkeep(get('/', cookie))) ?? '', /Max-Age=0/);
  });
  it('leaves the sign-in steps, static files and sessionless modes alone', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const cookie = await signedIn();
    t.mock.timers.tick(11 * MINUTE);
    for (const path of ['/api/auth/logout', '/api/auth/token', '/_next/static/x.js'])
      assert.equal(await sessionUpkeep(get(path, cookie)), undefined, path);
    process.env.SWITCHBOARD_AUTH = 'none';
    assert.equal(await sessionUpkeep(get('/', cookie)), undefined);
  });
});
