import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  authSettingsFromEnv,
  DEFAULT_SESSION_IDLE_S,
  DEFAULT_SESSION_MAX_AGE_S,
  parseDurationSeconds,
} from './settings';
import { parseSessionKeys } from './session-keys';

describe('sign-in settings', () => {
  it('none by default, with the session defaults', () => {
    const settings = authSettingsFromEnv({});
    assert.equal(settings.mode, 'none');
    assert.deepEqual(settings.session, {
      keyFile: undefined,
      idleSeconds: DEFAULT_SESSION_IDLE_S,
      maxAgeSeconds: DEFAULT_SESSION_MAX_AGE_S,
    });
  });
  it('an unknown mode is an error, never none', () => {
    assert.throws(() => authSettingsFromEnv({ SWITCHBOARD_AUTH: 'basic' }), /must be one of/);
  });
  it('oidc needs an issuer, a client id and the public URL; claims default to email and groups', () => {
    const base = {
      SWITCHBOARD_AUTH: 'oidc',
      SWITCHBOARD_OIDC_ISSUER: 'https://idp.example',
      SWITCHBOARD_OIDC_CLIENT_ID: 'switchboard',
      SWITCHBOARD_PUBLIC_URL: 'https://switchboard.example',
    };
    const oidc = authSettingsFromEnv(base).oidc;
    assert.deepEqual(oidc, {
      issuer: 'https://idp.example',
      clientId: 'switchboard',
      clientSecretFile: undefined,
      usernameClaim: 'email',
      groupsClaim: 'groups',
      usernamePrefix: '',
      groupsPrefix: '',
    });
    assert.throws(
      () => authSettingsFromEnv({ ...base, SWITCHBOARD_OIDC_ISSUER: '' }),
      /--oidc-issuer/,
    );
    assert.throws(
      () => authSettingsFromEnv({ ...base, SWITCHBOARD_OIDC_CLIENT_ID: '' }),
      /--oidc-client-id/,
    );
    assert.throws(
      () => authSettingsFromEnv({ ...base, SWITCHBOARD_PUBLIC_URL: '' }),
      /--public-url/,
    );
    assert.throws(
      () => authSettingsFromEnv({ ...base, SWITCHBOARD_OIDC_ISSUER: 'idp' }),
      /not a URL/,
    );
  });
  it('proxy needs trusted proxies, each an address or CIDR range', () => {
    assert.throws(() => authSettingsFromEnv({ SWITCHBOARD_AUTH: 'proxy' }), /--trusted-proxies/);
    assert.throws(
      () =>
        authSettingsFromEnv({
          SWITCHBOARD_AUTH: 'proxy',
          SWITCHBOARD_TRUSTED_PROXIES: '10.0.0.0/33',
        }),
      /"10\.0\.0\.0\/33" is not an address or CIDR range/,
    );
    const proxy = authSettingsFromEnv({
      SWITCHBOARD_AUTH: 'proxy',
      SWITCHBOARD_TRUSTED_PROXIES: '10.0.0.0/8,::1',
    }).proxy!;
    assert.equal(proxy.userHeader, 'x-forwarded-user');
    assert.equal(proxy.groupsHeader, 'x-forwarded-groups');
    assert.equal(proxy.trustedProxies.length, 2);
  });
  it('durations: seconds, or h/m/s; idle may not exceed the absolute bound', () => {
    assert.equal(parseDurationSeconds('90', 'X'), 90);
    assert.equal(parseDurationSeconds('1h30m', 'X'), 5400);
    assert.equal(parseDurationSeconds('45s', 'X'), 45);
    for (const bad of ['', '0', '1d', '-5', 'h', '1.5h'])
      assert.throws(() => parseDurationSeconds(bad, 'X'), /X=/);
    assert.throws(
      () =>
        authSettingsFromEnv({ SWITCHBOARD_SESSION_IDLE: '2h', SWITCHBOARD_SESSION_MAX_AGE: '1h' }),
      /must not exceed/,
    );
  });
});

describe('session key files', () => {
  const long = 'p'.repeat(32);
  it('lines "id password", comments and blanks skipped', () => {
    assert.deepEqual(parseSessionKeys(`# keys\n1 ${long}\n\n 2  ${long}x \n`, 'k'), {
      1: long,
      2: `${long}x`,
    });
  });
  for (const [text, error] of [
    ['', /no session key/],
    [`x ${long}`, /k:1: expected "id password"/],
    [`0 ${long}`, /positive/],
    ['1 short', /at least 32 characters/],
    [`1 ${long}\n1 ${long}`, /k:2: key id 1 is listed twice/],
  ] as const)
    it(`refuses ${JSON.stringify(text.slice(0, 12))}`, () =>
      assert.throws(() => parseSessionKeys(text, 'k'), error));
  it('never repeats a password in its errors', () => {
    assert.throws(
      () => parseSessionKeys('1 secret-but-short', 'k'),
      (error: Error) => !error.message.includes('secret'),
    );
  });
});
