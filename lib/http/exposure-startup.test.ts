import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refuseUnsafeExposure } from './exposure-startup';

/** Runs the start-up check with exit and the console captured: the exit code, or undefined. */
function startUp(t: TestContext, env: Record<string, string | undefined>) {
  const said: string[] = [];
  // Each mock is restored here, not at the test's end: a test calls this more than once, and
  // restoring stacked mocks of one method at the end leaves the first mock in place.
  const mocks = [
    t.mock.method(console, 'error', (line: string) => said.push(line)),
    t.mock.method(console, 'warn', (line: string) => said.push(line)),
    t.mock.method(process, 'exit', (code: number) => {
      throw Object.assign(new Error('exit'), { code });
    }),
  ];
  try {
    refuseUnsafeExposure(env);
    return { code: undefined, said };
  } catch (error) {
    return { code: (error as { code?: number }).code, said };
  } finally {
    for (const mocked of mocks) mocked.mock.restore();
  }
}

const STANDALONE = { __NEXT_PRIVATE_STANDALONE_CONFIG: '{}', HOSTNAME: '0.0.0.0' };

describe('the server start-up check', () => {
  it('refuses none beyond loopback, allows a sign-in mode there', (t) => {
    assert.equal(startUp(t, STANDALONE).code, 1);
    const proxy = startUp(t, {
      ...STANDALONE,
      SWITCHBOARD_AUTH: 'proxy',
      SWITCHBOARD_TRUSTED_PROXIES: '10.0.0.0/8',
    });
    assert.deepEqual(proxy, { code: undefined, said: [] });
  });
  it('refuses sign-in settings that are not valid, with the reason', (t) => {
    const run = startUp(t, { ...STANDALONE, SWITCHBOARD_AUTH: 'proxy' });
    assert.equal(run.code, 1);
    assert.match(
      run.said.join('\n'),
      /sign-in is not configured correctly: --auth proxy needs --trusted-proxies/,
    );
  });
  it('refuses an unreadable or malformed session key file; warns without one', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-startup-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const bad = join(dir, 'keys');
    writeFileSync(bad, '1 short\n');
    for (const file of [bad, join(dir, 'missing')]) {
      const run = startUp(t, { SWITCHBOARD_AUTH: 'token', SWITCHBOARD_SESSION_KEY_FILE: file });
      assert.equal(run.code, 1, file);
    }
    const warned = startUp(t, { SWITCHBOARD_AUTH: 'token' });
    assert.equal(warned.code, undefined);
    assert.match(warned.said.join('\n'), /signed out at restart/);
  });
});
