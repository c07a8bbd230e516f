/**
 * The OpenID Connect sign-in end to end over HTTP (lib/auth/oidc.ts through the routes
 * app/api/auth/oidc/{login,callback}): a real provider (./testing/oidc-provider.ts) on loopback,
 * the dashboard's routes served on loopback, and a browser-like client with a cookie jar
 * following every redirect between them. Proves the session a sign-in makes, prefixes,
 * PKCE/state/nonce, replay, `next`, provider errors and outages.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, mock, test } from 'node:test';
import { randomPKCECodeVerifier } from 'openid-client';
import { GET as callbackRoute } from '@/app/api/auth/oidc/callback/route';
import { GET as loginRoute } from '@/app/api/auth/oidc/login/route';
import { POST as logoutRoute } from '@/app/api/auth/logout/route';
import { OIDC_CALLBACK_PATH } from './oidc';
import { LOGIN_COOKIE, loginStateSetCookie } from './oidc-login-state';
import { readSession, SESSION_COOKIE } from './session';
import { startOidcProvider, type TestOidcProvider } from './testing/oidc-provider';
import { CookieJar, signInThroughProvider } from './testing/oidc-sign-in';
import { serveRoutes, type RouteServer } from './testing/route-server';

const LOGIN_PATH = '/api/auth/oidc/login';
const LOGOUT_PATH = '/api/auth/logout';
let app: RouteServer;
let provider: TestOidcProvider;
let dir: string;
const savedEnv = { ...process.env };

before(async () => {
  app = await serveRoutes({
    [LOGIN_PATH]: loginRoute,
    [OIDC_CALLBACK_PATH]: callbackRoute,
    [LOGOUT_PATH]: logoutRoute,
  });
  provider = await startOidcProvider({
    redirectUris: [`${app.url}${OIDC_CALLBACK_PATH}`],
    postLogoutRedirectUris: [`${app.url}/`],
    accounts: {
      alice: { email: 'alice@example.com', email_verified: true, groups: ['team-a'] },
      bob: { email: 'bob@example.com', email_verified: true, groups: ['sre'] },
      carol: { groups: ['team-c'] },
      // Enough groups that the ID token no longer fits beside them; not even the groups alone.
      dave: { email: 'dave@example.com', groups: groupNames('dave', 60) },
      erin: { email: 'erin@example.com', groups: groupNames('erin', 400) },
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'switchboard-oidc-'));
  writeFileSync(join(dir, 'client-secret'), `${provider.clientSecret}\n`);
});

beforeEach(() => {
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('SWITCHBOARD_')) delete process.env[name];
  }
  Object.assign(process.env, {
    SWITCHBOARD_AUTH: 'oidc',
    SWITCHBOARD_OIDC_ISSUER: provider.issuer,
    SWITCHBOARD_OIDC_CLIENT_ID: provider.clientId,
    SWITCHBOARD_OIDC_CLIENT_SECRET_FILE: join(dir, 'client-secret'),
    SWITCHBOARD_PUBLIC_URL: app.url,
  });
});

after(async () => {
  for (const name of Object.keys(process.env)) {
    if (!(name in savedEnv)) delete process.env[name];
  }
  Object.assign(process.env, savedEnv);
  await Promise.all([app.close(), provider.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function groupNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-team-${String(i).padStart(3, '0')}`);
}

const callbackUrl = () => `${app.url}${OIDC_CALLBACK_PATH}`;

/** GET one URL with the jar, no redirect followed; the jar takes its cookies. */
async function get(url: string, jar: CookieJar): Promise<Response> {
  const cookie = jar.header(url);
  const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  jar.store(url, response);
  await response.body?.cancel();
  return response;
}

/** The dashboard's login answer: the provider URL it redirects to and the jar with its cookie. */
async function startLogin(next = '/') {
  const jar = new CookieJar();
  const login = await get(`${app.url}${LOGIN_PATH}?next=${encodeURIComponent(next)}`, jar);
  assert.equal(login.status, 302);
  return { jar, login, authorization: new URL(login.headers.get('location') ?? '') };
}

async function sessionOf(jar: CookieJar) {
  const cookie = jar.header(app.url);
  return readSession(new Headers(cookie ? { cookie } : {}));
}

/** A whole sign-in through the dashboard's routes; the jar ends with the session cookie. */
async function signInAs(account: string, jar = new CookieJar()): Promise<CookieJar> {
  const start = `${app.url}${LOGIN_PATH}?next=/signed-in`;
  const done = await signInThroughProvider(start, account, { jar, stopAt: `${app.url}/signed-in` });
  assert.equal(done.url.href, `${app.url}/signed-in`);
  return jar;
}

function signInError(response: Response): string | null {
  const location = new URL(response.headers.get('location') ?? '', app.url);
  assert.equal(location.pathname, '/sign-in', `redirected to ${location.href}`);
  return location.searchParams.get('error');
}

test('alice signs in: a session cookie naming her as the cluster does, then back where she was going', async () => {
  const { jar, login, authorization } = await startLogin('/external-services/new?ns=team-a');
  assert.equal(authorization.origin, provider.issuer);
  assert.equal(authorization.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(authorization.searchParams.get('code_challenge'));
  assert.ok(authorization.searchParams.get('state'));
  assert.ok(authorization.searchParams.get('nonce'));
  assert.equal(authorization.searchParams.get('redirect_uri'), callbackUrl());
  const loginCookie = login.headers.getSetCookie().find((c) => c.startsWith(`${LOGIN_COOKIE}=`));
  assert.match(loginCookie ?? '', /; Path=\/api\/auth\/oidc; Max-Age=600; HttpOnly; SameSite=Lax$/);

  const done = await signInThroughProvider(authorization, 'alice', {
    jar,
    stopAt: `${app.url}/external-services/`,
  });
  assert.equal(done.url.href, `${app.url}/external-services/new?ns=team-a`);
  const cookies = done.response.headers.getSetCookie();
  assert.ok(cookies.some((c) => c.startsWith(`${SESSION_COOKIE}=`) && /HttpOnly/.test(c)));
  assert.ok(cookies.some((c) => c.startsWith(`${LOGIN_COOKIE}=;`) && /Max-Age=0/.test(c)));
  assert.equal(jar.get(app.url, LOGIN_COOKIE), undefined);
  const session = await sessionOf(jar);
  assert.equal(session?.mode, 'oidc');
  assert.deepEqual(session?.user, { username: 'alice@example.com', groups: ['team-a'] });
  assert.equal(typeof session?.idToken, 'string');
});

test('the prefixes are applied as the apiserver applies its own', async () => {
  process.env.SWITCHBOARD_OIDC_USERNAME_PREFIX = 'oidc:';
  process.env.SWITCHBOARD_OIDC_GROUPS_PREFIX = 'oidc:';
  const jar = await signInAs('bob');
  assert.deepEqual((await sessionOf(jar))?.user, {
    username: 'oidc:bob@example.com',
    groups: ['oidc:sre'],
  });

  // A claim other than email without a prefix is named `<issuer>#<value>`.
  delete process.env.SWITCHBOARD_OIDC_USERNAME_PREFIX;
  delete process.env.SWITCHBOARD_OIDC_GROUPS_PREFIX;
  process.env.SWITCHBOARD_OIDC_USERNAME_CLAIM = 'sub';
  const bySub = await signInAs('bob');
  assert.deepEqual((await sessionOf(bySub))?.user, {
    username: `${provider.issuer}#bob`,
    groups: ['sre'],
  });
});

test('a state that is not the one this browser started with is refused', async () => {
  const { jar, authorization } = await startLogin();
  authorization.searchParams.set('state', 'forged-state');
  const { url } = await signInThroughProvider(authorization, 'alice', {
    jar,
    stopAt: callbackUrl(),
  });
  assert.equal(url.searchParams.get('state'), 'forged-state');
  const answer = await get(url.href, jar);
  assert.equal(signInError(answer), 'state-mismatch');
  assert.equal(await sessionOf(jar), undefined);
});

test('an ID token whose nonce is not the one this browser started with is refused', async () => {
  const { jar, authorization } = await startLogin();
  authorization.searchParams.set('nonce', 'forged-nonce');
  const { url } = await signInThroughProvider(authorization, 'alice', {
    jar,
    stopAt: callbackUrl(),
  });
  const answer = await get(url.href, jar);
  assert.equal(signInError(answer), 'invalid-id-token');
  assert.equal(await sessionOf(jar), undefined);
});

test('the code is exchanged with the PKCE verifier: the right code with another verifier is refused', async () => {
  const { jar, authorization } = await startLogin();
  const { url } = await signInThroughProvider(authorization, 'alice', {
    jar,
    stopAt: callbackUrl(),
  });
  // The same sign-in as the browser holds it, but another verifier: only the provider can tell.
  const forged = await loginStateSetCookie(
    {
      codeVerifier: randomPKCECodeVerifier(),
      state: authorization.searchParams.get('state') ?? '',
      nonce: authorization.searchParams.get('nonce') ?? '',
      next: '/',
    },
    new Request(app.url),
  );
  const answer = await fetch(url, {
    redirect: 'manual',
    headers: { cookie: forged.slice(0, forged.indexOf(';')) },
  });
  assert.equal(signInError(answer), 'exchange-failed');
  assert.ok(!answer.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`)));
});

test('a replayed callback is refused: the code is spent, and the login cookie is gone', async () => {
  const { jar, authorization } = await startLogin();
  const loginCookie = jar.header(app.url) ?? '';
  const { url } = await signInThroughProvider(authorization, 'alice', {
    jar,
    stopAt: callbackUrl(),
  });
  const first = await get(url.href, jar);
  assert.equal(first.headers.get('location'), `${app.url}/`);
  assert.ok(await sessionOf(jar));

  // The same browser again: its login cookie was cleared by the first answer.
  const again = new CookieJar();
  assert.equal(signInError(await get(url.href, again)), 'login-expired');
  // Someone holding a copy of the login cookie: the provider refuses the spent code.
  const replay = await fetch(url, { redirect: 'manual', headers: { cookie: loginCookie } });
  assert.equal(signInError(replay), 'exchange-failed');
  assert.ok(!replay.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`)));
});

test('a login cookie past its lifetime is refused', async () => {
  const { jar, authorization } = await startLogin();
  const { url } = await signInThroughProvider(authorization, 'alice', {
    jar,
    stopAt: callbackUrl(),
  });
  mock.timers.enable({ apis: ['Date'], now: Date.now() + 11 * 60 * 1000 });
  try {
    const answer = await callbackRoute(
      new Request(url, {
        headers: { host: new URL(app.url).host, cookie: jar.header(app.url) ?? '' },
      }),
    );
    assert.equal(signInError(answer), 'login-expired');
  } finally {
    mock.timers.reset();
  }
});

test('a next that is not a local path is ignored', async () => {
  for (const next of [
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    'javascript:alert(1)',
  ]) {
    const jar = new CookieJar();
    const done = await signInThroughProvider(
      `${app.url}${LOGIN_PATH}?next=${encodeURIComponent(next)}`,
      'alice',
      {
        jar,
        stopAt: callbackUrl(),
      },
    );
    const answer = await get(done.url.href, jar);
    assert.equal(answer.headers.get('location'), `${app.url}/`, next);
  }
});

test('cancelling at the provider lands on the sign-in page saying so', async () => {
  const { jar, authorization } = await startLogin();
  const { url } = await signInThroughProvider(authorization, 'alice', {
    jar,
    deny: true,
    stopAt: callbackUrl(),
  });
  assert.equal(signInError(await get(url.href, jar)), 'access-denied');
});

test('an account without the username claim is refused with words to act on', async () => {
  const jar = new CookieJar();
  const { url } = await signInThroughProvider(`${app.url}${LOGIN_PATH}`, 'carol', {
    jar,
    stopAt: callbackUrl(),
  });
  assert.equal(signInError(await get(url.href, jar)), 'missing-claim');
  assert.equal(await sessionOf(jar), undefined);
});

test('a session too large for a cookie: without the ID token when that fits, else refused', async () => {
  const dave = await sessionOf(await signInAs('dave'));
  assert.equal(dave?.user.groups.length, 60);
  assert.equal(dave?.idToken, undefined);

  const jar = new CookieJar();
  const { url } = await signInThroughProvider(`${app.url}${LOGIN_PATH}`, 'erin', {
    jar,
    stopAt: callbackUrl(),
  });
  assert.equal(signInError(await get(url.href, jar)), 'session-too-large');
  assert.equal(await sessionOf(jar), undefined);
});

test('a provider that is down at login is a clear problem; discovery is tried again later', async () => {
  const other = await startOidcProvider({ redirectUris: [callbackUrl()] });
  try {
    process.env.SWITCHBOARD_OIDC_ISSUER = other.issuer;
    other.setReachable(false);
    const down = await get(`${app.url}${LOGIN_PATH}`, new CookieJar());
    assert.equal(signInError(down), 'provider-unavailable');
    other.setReachable(true);
    const back = await get(`${app.url}${LOGIN_PATH}`, new CookieJar());
    assert.equal(new URL(back.headers.get('location') ?? '').origin, other.issuer);
  } finally {
    await other.close();
  }
});

test('signing out ends the session and goes on to the provider, which signs out and sends back', async () => {
  const jar = await signInAs('alice');
  const idToken = (await sessionOf(jar))?.idToken;
  const logout = await fetch(`${app.url}${LOGOUT_PATH}`, {
    method: 'POST',
    headers: {
      origin: app.url,
      'content-type': 'application/json',
      cookie: jar.header(app.url) ?? '',
    },
    body: '{}',
  });
  assert.equal(logout.status, 200);
  jar.store(app.url, logout);
  assert.equal(await sessionOf(jar), undefined);
  const { next } = (await logout.json()) as { next: string };
  const end = new URL(next);
  assert.equal(`${end.origin}${end.pathname}`, `${provider.issuer}/session/end`);
  assert.equal(end.searchParams.get('id_token_hint'), idToken);
  assert.equal(end.searchParams.get('post_logout_redirect_uri'), `${app.url}/`);
  // The provider accepts it (registered URI, its own ID token) and sends the person back.
  const back = await signInThroughProvider(end, 'alice', { jar, stopAt: `${app.url}/` });
  assert.equal(back.url.href, `${app.url}/`);

  // Without a session there is nothing to end at the provider.
  const anonymous = await fetch(`${app.url}${LOGOUT_PATH}`, {
    method: 'POST',
    headers: { origin: app.url, 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(((await anonymous.json()) as { next: string }).next, '/sign-in');
});

test('the login cookie is Secure when the public URL is https', async () => {
  process.env.SWITCHBOARD_PUBLIC_URL = 'https://switchboard.example.com';
  const cookie = await loginStateSetCookie(
    { codeVerifier: 'v', state: 's', nonce: 'n', next: '/' },
    new Request(app.url),
  );
  assert.match(cookie, /; HttpOnly; SameSite=Lax; Secure$/);
});

test('the OIDC routes do not exist in the other modes', async () => {
  process.env.SWITCHBOARD_AUTH = 'none';
  const answer = await fetch(`${app.url}${LOGIN_PATH}`, { redirect: 'manual' });
  assert.equal(answer.status, 404);
});
