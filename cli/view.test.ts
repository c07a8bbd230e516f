/**
 * `switchboard view FILE` refuses a file it cannot open as a snapshot before it starts anything:
 * exit 2 and a message naming the file and what is wrong (missing, a directory, not JSON, another
 * schema or version, a record without identity), and a bind beyond loopback without
 * --insecure-no-auth in its own words. Serving a good file is tested on the routes
 * (app/api/snapshot-view.test.ts) and end to end (e2e/snapshot-view.spec.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../e2e/harness';

function view(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/switchboard.mjs'), 'view', ...args, '--port', '1'],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), 'switchboard-view-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const envelope = {
  schema: 'switchboard.snapshot/v1',
  cluster: { name: 'prod-eu', simulated: false, readOnly: false },
  at: '2026-12-02T03:12:05.000Z',
  takenAt: '2026-12-02T04:40:00.000Z',
  records: [],
};

test('bad snapshot files exit 2 with what is wrong, before anything starts', async () => {
  const cases: [string, RegExp][] = [
    [join(dir, 'missing.json'), /cannot read .*missing\.json: no such file/],
    [dir, /cannot read .*: a directory, not a file/],
    [
      file('text.json', 'not a snapshot'),
      /text\.json is not a switchboard\.snapshot\/v1 snapshot[^]*not JSON/,
    ],
    [
      file('v2.json', JSON.stringify({ ...envelope, schema: 'switchboard.snapshot/v2' })),
      /v2\.json is not a switchboard\.snapshot\/v1 snapshot[^]*schema: /,
    ],
    [
      file('record.json', JSON.stringify({ ...envelope, records: [{ kind: 'Pod', meta: {} }] })),
      /record\.json is not [^]*records\.0\.meta\.uid/,
    ],
    [file('instant.json', JSON.stringify({ ...envelope, at: 'yesterday' })), /\bat: /],
  ];
  for (const [path, message] of cases) {
    const { code, stdout, stderr } = await view(path);
    assert.equal(code, 2, `${path}: ${stderr}`);
    assert.match(stderr, /^switchboard view: /);
    assert.match(stderr, message);
    assert.doesNotMatch(stdout, /dashboard at/);
  }
});

test('no file, two files or an unknown flag: usage and exit 2', async () => {
  for (const args of [[], ['a.json', 'b.json'], ['--kubeconfig', 'x']]) {
    const { code, stderr } = await view(...args);
    assert.equal(code, 2, stderr);
    assert.match(stderr, /usage: switchboard view FILE/);
  }
});

test('another address without --insecure-no-auth: exit 2 with what view exposes and the ways out', async () => {
  const good = file('good.json', JSON.stringify(envelope));
  for (const host of ['0.0.0.0', '::']) {
    const { code, stdout, stderr } = await view(good, '--host', host);
    assert.equal(code, 2, stderr);
    assert.match(
      stderr,
      new RegExp(`^switchboard view: refusing to serve on ${host}: view has no sign-in`),
    );
    assert.match(stderr, /read the snapshot/);
    assert.match(stderr, /SSH tunnel \(ssh -L 1:127\.0\.0\.1:1 HOST\)/);
    assert.match(stderr, /--insecure-no-auth/);
    // Nothing of serve's: view has no --auth, no write form and no cluster credentials.
    assert.doesNotMatch(stderr, /--auth|oidc|write form|credentials|port-forward/);
    assert.doesNotMatch(stdout, /dashboard at/);
  }
});
