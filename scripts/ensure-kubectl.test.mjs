// scripts/ensure-kubectl.sh, run on a copy that looks for kubectl at a stand-in of ours instead
// of /usr/bin/kubectl: a client in 1.27–1.33 passes silently; a missing, old, new or unreadable
// one fails with how to install kubectl, and nothing is downloaded.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), 'ensure-kubectl.sh');
const dir = mkdtempSync(join(tmpdir(), 'ensure-kubectl-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const kubectl = join(dir, 'kubectl');
const script = join(dir, 'ensure-kubectl.sh');
const text = readFileSync(SCRIPT, 'utf8');
assert.match(text, /^KUBECTL=\/usr\/bin\/kubectl$/m);
writeFileSync(script, text.replace(/^KUBECTL=.*$/m, `KUBECTL=${kubectl}`));

/** A kubectl that answers `version --client -o json` with `gitVersion`. */
function standIn(gitVersion) {
  rmSync(kubectl, { force: true });
  if (gitVersion === undefined) return;
  const json = JSON.stringify({ clientVersion: { major: '1', gitVersion } }, null, 2);
  writeFileSync(kubectl, `#!/bin/sh\ncat <<'JSON'\n${json}\nJSON\n`);
  chmodSync(kubectl, 0o755);
}

function ensure() {
  const run = spawnSync('bash', [script], { encoding: 'utf8' });
  return { code: run.status, stderr: run.stderr, stdout: run.stdout };
}

it('passes a client from 1.27 to 1.33, whatever its build suffix', () => {
  for (const version of ['v1.27.0', 'v1.32.4-dispatcher', 'v1.33.2']) {
    standIn(version);
    assert.deepEqual(ensure(), { code: 0, stderr: '', stdout: '' }, version);
  }
});

it('fails on a missing, too old, too new or unreadable kubectl with how to install one', () => {
  for (const [version, reason] of [
    [undefined, /is missing/],
    ['v1.20.15', /is kubectl 1\.20; the tests need 1\.27–1\.33/],
    ['v1.34.0', /is kubectl 1\.34/],
    ['nonsense', /of unknown version/],
  ]) {
    standIn(version);
    const { code, stderr } = ensure();
    assert.equal(code, 1, String(version));
    assert.match(stderr, reason);
    assert.match(stderr, /pkgs\.k8s\.io/);
    assert.match(stderr, /static binary/);
  }
});
