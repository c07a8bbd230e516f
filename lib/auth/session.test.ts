import { afterEach, beforeEach, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { sealData } from 'iron-session';
import {
  clearSessionSetCookie,
  readSession,
  refreshedSessionSetCookie,
  SESSION_COOKIE,
  sessionSetCookie,
  type NewSession,
} from './session';
import { cookieHeaderOf, KEY_1, KEY_2, sessionEnv, type SessionEnv } from './testing/session-env';

const ALICE: NewSession = {
  mode: 'token',
  user: { username: 'alice', groups: ['team-a', 'system:authenticated'] },
  token: 'alice-secret-token',
};
const HTTP = new Request('http://127.0.0.1:3000/');
const HTTPS = new Request('https://switchboard.example/');
const MINUTE = 60_000;

let env: SessionEnv;
beforeEach(() => {
  env = sessionEnv({
    SWITCHBOARD_AUTH: 'token',
    SWITCHBOARD_SESSION_IDLE: '10m',
    SWITCHBOARD_SESSION_MAX_AGE: '1h',
    SWITCHBOARD_PUBLIC_URL: undefined,
  });
});
afterEach(() => env.restore());

function attributes(setCookie: string): string[] {
  return setCookie
    .split(';')
    .slice(1)
    .map((part) => part.trim());
}

function clock(t: TestContext): { advance(ms: number): void } {
  t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-01-01T00:00:00Z') });
  return { advance: (ms) => t.mock.timers.tick(ms) };
}

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/, lives as long as the idle bound, not Secure over http', async () => {
    const cookie = await sessionSetCookie(ALICE, HTTP);
    assert.ok(cookie.startsWith(`${SESSION_COOKIE}=`));
    assert.deepEqual(attributes(cookie).sort(), [
      'HttpOnly',
      'Max-Age=600',
      'Path=/',
      'SameSite=Lax',
    ]);
  });
  it('is Secure when the request is https, or the public URL is', async () => {
    assert.ok(attributes(await sessionSetCookie(ALICE, HTTPS)).includes('Secure'));
    process.env.SWITCHBOARD_PUBLIC_URL = 'https://switchboard.example/';
    assert.ok(attributes(await sessionSetCookie(ALICE, HTTP)).includes('Secure'));
    assert.ok(attributes(clearSessionSetCookie(HTTP)).includes('Secure'));
  });
  it('reads back what it sealed, and the browser holds only ciphertext', async () => {
    const cookie = await sessionSetCookie(ALICE, HTTP);
    assert.doesNotMatch(cookie, /alice/);
    const session = await readSession(cookieHeaderOf(cookie));
    assert.ok(session);
    assert.deepEqual(
      { mode: session.mode, user: session.user, token: session.token },
      { mode: ALICE.mode, user: ALICE.user, token: ALICE.token },
    );
    assert.equal(session.createdAt, session.lastSeenAt);
  });
  it('finds its cookie among others', async () => {
    const cookie = (await sessionSetCookie(ALICE, HTTP)).split(';')[0]!;
    const headers = new Headers({ cookie: `theme=dark; ${cookie}; other=1` });
    assert.equal((await readSession(headers))?.user.username, 'alice');
  });
  it('logout clears it: an empty value that expires at once, with the same attributes', () => {
    const cleared = clearSessionSetCookie(HTTP);
    assert.ok(cleared.startsWith(`${SESSION_COOKIE}=;`));
    assert.deepEqual(attributes(cleared).sort(), [
      'HttpOnly',
      'Max-Age=0',
      'Path=/',
      'SameSite=Lax',
    ]);
  });
  it('no cookie, an empty one, or garbage is no session', async () => {
    assert.equal(await readSession(new Headers()), undefined);
    assert.equal(await readSession(new Headers({ cookie: `${SESSION_COOKIE}=` })), undefined);
    assert.equal(await readSession(new Headers({ cookie: `${SESSION_COOKIE}=abc` })), undefined);
    assert.equal(
      await readSession(new Headers({ cookie: `${SESSION_COOKIE}=Fe26.2**x*y*z~2` })),
      undefined,
    );
  });
  it('a tampered cookie is refused', async () => {
    const value = (await sessionSetCookie(ALICE, HTTP)).split(';')[0]!;
    const eq = value.indexOf('=');
    const seal = value.slice(eq + 1);
    // Flip one character in the middle of the encrypted part, and one in the MAC.
    for (const at of [Math.floor(seal.length / 2), seal.length - 8]) {
      const c = seal[at] === 'A' ? 'B' : 'A';
      const tampered = `${SESSION_COOKIE}=${seal.slice(0, at)}${c}${seal.slice(at + 1)}`;
      assert.equal(await readSession(new Headers({ cookie: tampered })), undefined);
    }
  });
  it('a cookie sealed with a password of our own shape but not ours is refused', async () => {
    const now = Date.now();
    const forged = await sealData(
      {
        ...ALICE,
        user: { username: 'admin', groups: ['system:masters'] },
        createdAt: now,
        lastSeenAt: now,
      },
      { password: { 1: 'x'.repeat(40) } },
    );
    assert.equal(
      await readSession(new Headers({ cookie: `${SESSION_COOKIE}=${forged}` })),
      undefined,
    );
  });
});

describe('session expiry', () => {
  it('ends after the idle bound without use', async (t) => {
    const time = clock(t);
    const headers = cookieHeaderOf(await sessionSetCookie(ALICE, HTTP));
    time.advance(9 * MINUTE);
    assert.ok(await readSession(headers));
    time.advance(MINUTE);
    assert.equal(await readSession(headers), undefined);
  });
  it('use extends it: the proxy re-seals a session last seen a while ago', async (t) => {
    const time = clock(t);
    const request = (headers: Headers) => new Request('http://127.0.0.1:3000/', { headers });
    let headers = cookieHeaderOf(await sessionSetCookie(ALICE, HTTP));
    // Just seen: nothing to refresh yet.
    assert.equal(await refreshedSessionSetCookie(request(headers)), undefined);
    for (let i = 0; i < 3; i++) {
      time.advance(8 * MINUTE);
      const refreshed = await refreshedSessionSetCookie(request(headers));
      assert.ok(refreshed);
      headers = cookieHeaderOf(refreshed);
    }
    // 24 minutes after sign-in, more than twice the idle bound: still signed in.
    assert.equal((await readSession(headers))?.user.username, 'alice');
  });
  it('ends at the absolute bound however it is used', async (t) => {
    const time = clock(t);
    let headers = cookieHeaderOf(await sessionSetCookie(ALICE, HTTP));
    const request = () => new Request('http://127.0.0.1:3000/', { headers });
    let lastMaxAge = Infinity;
    for (let i = 0; i < 7; i++) {
      time.advance(8 * MINUTE);
      const refreshed = await refreshedSessionSetCookie(request());
      assert.ok(refreshed, `refresh ${i}`);
      const maxAge = Number(/Max-Age=(\d+)/.exec(refreshed)?.[1]);
      assert.ok(maxAge <= 600 && maxAge <= lastMaxAge + 600);
      lastMaxAge = maxAge;
      headers = cookieHeaderOf(refreshed);
    }
    // 56 minutes in: the cookie may live only the 4 minutes left of the hour.
    assert.equal(lastMaxAge, 4 * 60);
    time.advance(4 * MINUTE);
    assert.equal(await readSession(headers), undefined);
    assert.equal(await refreshedSessionSetCookie(request()), undefined);
  });
});

describe('session key rotation', () => {
  it('the newest key seals, every listed key unseals, a removed key is refused', async () => {
    const oldCookie = cookieHeaderOf(await sessionSetCookie(ALICE, HTTP));
    env.useKeys(`# rotated\n1 ${KEY_1}\n\n2 ${KEY_2}\n`);
    assert.equal((await readSession(oldCookie))?.user.username, 'alice');
    const newCookie = cookieHeaderOf(await sessionSetCookie(ALICE, HTTP));
    env.useKeys(`2 ${KEY_2}\n`);
    assert.equal((await readSession(newCookie))?.user.username, 'alice');
    // A stolen cookie sealed with the rotated-out key is worth nothing now.
    assert.equal(await readSession(oldCookie), undefined);
  });
  it('a key file that is changed in place is read again', async () => {
    const file = env.useKeys(`1 ${KEY_1}\n`);
    const cookie = cookieHeaderOf(await sessionSetCookie(ALICE, HTTP));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, `2 ${KEY_2}\n3 ${KEY_2.replace(/2/g, '3')}\n`);
    assert.equal(await readSession(cookie), undefined);
  });
});
