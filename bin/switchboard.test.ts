/**
 * The dispatcher: an unknown command is a usage error that names the word (exit 2, stderr);
 * no command or --help prints the usage on stdout and exits 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../e2e/harness';

function switchboard(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/switchboard.mjs'), ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

test('an unknown command names itself before the usage and exits 2', async () => {
  for (const word of ['bogus', 'toString', 'Serve']) {
    const { code, stdout, stderr } = await switchboard(word, '--port', '0');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(
      stderr,
      new RegExp(`^switchboard: unknown command '${word}'\\nusage: switchboard <command>`),
    );
  }
});

test('no command, --help and -h print the usage and exit 0', async () => {
  for (const args of [[], ['--help'], ['-h']]) {
    const { code, stdout, stderr } = await switchboard(...args);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^usage: switchboard <command>/);
    assert.equal(stderr, '');
  }
});
