// scripts/build-standalone.sh in a checkout of its own whose `next` is a stand-in: it records
// each build and fills .next/standalone as `next build` would, slowly, so two builds overlap.
// A second build waits for the first instead of failing on Next's own lock or deleting what the
// first fills; with --if-missing it builds only when no finished build is there.
import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, beforeEach, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), 'build-standalone.sh');
const root = mkdtempSync(join(tmpdir(), 'build-standalone-'));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'scripts'));
copyFileSync(SCRIPT, join(root, 'scripts', 'build-standalone.sh'));
mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
const builds = join(root, 'builds.log');
// What the script checks after `next build`: server.js, static assets, the traced packages.
const next = join(root, 'node_modules', '.bin', 'next');
writeFileSync(
  next,
  `#!/bin/sh
set -e
echo build >> ${builds}
out=.next/standalone
mkdir -p $out/.next .next/static
touch $out/server.js
sleep "\${STAND_IN_BUILD_SECONDS:-0}"
for pkg in next react react-dom @kubernetes/client-node; do
  mkdir -p $out/node_modules/$pkg && echo '{}' > $out/node_modules/$pkg/package.json
done
mkdir -p $out/node_modules/@electric-sql/pglite/dist
touch $out/node_modules/@electric-sql/pglite/dist/pglite.wasm $out/node_modules/@electric-sql/pglite/dist/pglite.data $out/node_modules/@electric-sql/pglite/dist/initdb.wasm
`,
);
chmodSync(next, 0o755);

beforeEach(() => {
  rmSync(join(root, '.next'), { recursive: true, force: true });
  rmSync(builds, { force: true });
});

/** Runs the script; resolves with its exit status and output. */
function build(args = [], seconds = 0) {
  const child = spawn('bash', [join(root, 'scripts', 'build-standalone.sh'), ...args], {
    env: { ...process.env, STAND_IN_BUILD_SECONDS: String(seconds) },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((res) => child.on('close', (code) => res({ code, output })));
}

const buildCount = () =>
  existsSync(builds) ? readFileSync(builds, 'utf8').split('\n').length - 1 : 0;

it('builds, checks and marks the build finished', async () => {
  const { code, output } = await build();
  assert.equal(code, 0, output);
  assert.match(output, /\.next\/standalone ready/);
  assert.ok(existsSync(join(root, '.next', 'standalone.ready')));
  assert.equal(buildCount(), 1);
});

it('--if-missing beside a build under way: waits for it and builds nothing more', async () => {
  const first = build([], 2);
  // The first holds the lock once its stand-in has recorded the build.
  while (buildCount() === 0) await new Promise((r) => setTimeout(r, 20));
  const second = await build(['--if-missing']);
  assert.equal(second.code, 0, second.output);
  assert.match(second.output, /another build of this checkout is running; waiting for it/);
  assert.equal((await first).code, 0);
  assert.equal(buildCount(), 1, 'one build only');
  assert.ok(existsSync(join(root, '.next', 'standalone', 'server.js')));
});

it('two builds at once: the second waits, then builds again from scratch', async () => {
  const first = build([], 1);
  while (buildCount() === 0) await new Promise((r) => setTimeout(r, 20));
  const second = await build();
  assert.equal((await first).code, 0);
  assert.equal(second.code, 0, second.output);
  assert.equal(buildCount(), 2);
});

it('--if-missing: nothing to do after a finished build; a build that stopped halfway is redone', async () => {
  assert.equal((await build()).code, 0);
  const again = await build(['--if-missing']);
  assert.deepEqual(again, { code: 0, output: '' });
  assert.equal(buildCount(), 1);

  // server.js is there but the build never finished (no marker): not taken for a build.
  rmSync(join(root, '.next', 'standalone.ready'));
  const redone = await build(['--if-missing']);
  assert.equal(redone.code, 0, redone.output);
  assert.match(redone.output, /no finished build yet; building/);
  assert.equal(buildCount(), 2);
});
