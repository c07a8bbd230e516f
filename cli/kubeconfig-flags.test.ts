/**
 * A `--kubeconfig` file that is not there is one usage error for `serve` and `diagnose` alike:
 * the same message and exit 2, before any cluster is contacted (diagnose's 3 is for a cluster
 * that could not be read).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../e2e/harness';
import { kubeconfigFlagError } from './kubeconfig-flags';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-kubeconfig-flags-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const present = join(dir, 'config');
writeFileSync(present, 'apiVersion: v1\nkind: Config\n');
const missing = join(dir, 'nonexistent');

function switchboard(...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/switchboard.mjs'), ...args],
      { timeout: 120_000 },
      (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
    );
  });
}

test('the first file given that is missing or a directory is named', () => {
  assert.equal(kubeconfigFlagError([]), undefined);
  assert.equal(kubeconfigFlagError([present]), undefined);
  assert.equal(kubeconfigFlagError([present, missing]), `--kubeconfig ${missing}: no such file`);
  assert.equal(kubeconfigFlagError([dir]), `--kubeconfig ${dir}: a directory, not a file`);
});

test('serve and diagnose: the same message and exit 2', async () => {
  const runs = await Promise.all([
    switchboard('serve', '--kubeconfig', missing, '--port', '0'),
    switchboard('diagnose', 'default/web', '--kubeconfig', present, '--kubeconfig', missing),
  ]);
  for (const [command, run] of [
    ['serve', runs[0]],
    ['diagnose', runs[1]],
  ] as const) {
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stderr, `switchboard ${command}: --kubeconfig ${missing}: no such file\n`);
  }
});
