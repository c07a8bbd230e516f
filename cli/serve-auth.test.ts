/**
 * `switchboard serve`'s sign-in flags: the variables they set and every combination that must
 * stop it (exit 2 with the reason) — as a function, and through the real CLI for the cases that
 * fail before anything starts.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../e2e/harness';
import { authEnv } from './serve-auth';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-serve-auth-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const keyFile = join(dir, 'keys');
writeFileSync(keyFile, `1 ${'k'.repeat(32)}\n`);

describe('serve sign-in flags → environment', () => {
  it('each flag sets its SWITCHBOARD_* variable and a valid set passes', () => {
    const env: Record<string, string | undefined> = {};
    const result = authEnv(
      {
        auth: 'proxy',
        'trusted-proxies': '10.0.0.0/8',
        'proxy-user-header': 'X-Auth-User',
        'session-key-file': keyFile,
        'session-idle': '30m',
      },
      env,
    );
    assert.deepEqual(result, { errors: [], warnings: [] });
    assert.equal(env.SWITCHBOARD_AUTH, 'proxy');
    assert.equal(env.SWITCHBOARD_TRUSTED_PROXIES, '10.0.0.0/8');
    assert.equal(env.SWITCHBOARD_PROXY_USER_HEADER, 'X-Auth-User');
    assert.equal(env.SWITCHBOARD_SESSION_IDLE, '30m');
  });
  it('a flag overrides the inherited variable', () => {
    const env: Record<string, string | undefined> = { SWITCHBOARD_AUTH: 'proxy' };
    assert.deepEqual(authEnv({ auth: 'none' }, env).errors, []);
    assert.equal(env.SWITCHBOARD_AUTH, 'none');
  });
  for (const [title, flags, error] of [
    ['an unknown mode', { auth: 'basic' }, /must be one of none, oidc, proxy, token/],
    ['proxy without trusted proxies', { auth: 'proxy' }, /--auth proxy needs --trusted-proxies/],
    ['a bad trusted range', { auth: 'proxy', 'trusted-proxies': 'everyone' }, /"everyone"/],
    ['oidc without an issuer', { auth: 'oidc', 'oidc-client-id': 'x' }, /--oidc-issuer/],
    [
      'oidc without the public URL',
      { auth: 'oidc', 'oidc-issuer': 'https://idp.example', 'oidc-client-id': 'x' },
      /--public-url/,
    ],
    [
      'an unreadable client secret file',
      {
        auth: 'oidc',
        'oidc-issuer': 'https://idp.example',
        'oidc-client-id': 'x',
        'public-url': 'https://sb.example',
        'oidc-client-secret-file': join(dir, 'missing'),
      },
      /--oidc-client-secret-file .*missing/,
    ],
    ['a missing key file', { auth: 'token', 'session-key-file': join(dir, 'nope') }, /nope/],
    ['a bad duration', { auth: 'token', 'session-idle': 'soon' }, /SWITCHBOARD_SESSION_IDLE=soon/],
    [
      '--insecure-no-auth with sign-in',
      { auth: 'token', 'session-key-file': keyFile, 'insecure-no-auth': true },
      /--insecure-no-auth means no sign-in/,
    ],
  ] as const) {
    it(`refuses ${title}`, () => {
      const { errors } = authEnv(flags, {});
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.match(errors[0]!, error);
    });
  }
  it('warns that sessions end at restart without a key file', () => {
    const { errors, warnings } = authEnv({ auth: 'token' }, {});
    assert.deepEqual(errors, []);
    assert.match(warnings[0] ?? '', /random key .* signed out at restart/);
    assert.deepEqual(authEnv({ auth: 'proxy', 'trusted-proxies': '::1' }, {}).warnings, []);
  });
});

function serve(...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/switchboard.mjs'), 'serve', ...args],
      { timeout: 60_000, env: { ...process.env, SWITCHBOARD_AUTH: '', KUBECONFIG: '' } },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

describe('switchboard serve refuses bad sign-in flags before starting anything', () => {
  it('--auth proxy without --trusted-proxies exits 2, saying so', async () => {
    const run = await serve('--auth', 'proxy');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /switchboard serve: --auth proxy needs --trusted-proxies/);
  });
  it('--auth none beyond loopback exits 2 naming sign-in as the way out', async () => {
    const run = await serve('--host', '0.0.0.0');
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /refusing to serve on 0\.0\.0\.0 without sign-in.*--auth oidc, proxy or token/,
    );
  });
  it('--help lists the sign-in flags', async () => {
    const run = await serve('--help');
    assert.equal(run.code, 0);
    for (const flag of ['--auth MODE', '--trusted-proxies', '--session-key-file', '--oidc-issuer'])
      assert.ok(run.stdout.includes(flag), flag);
  });
});
