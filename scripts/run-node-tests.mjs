#!/usr/bin/env node
// Runs every colocated unit and integration test (*.test.ts, *.test.mjs) with Node's own test
// runner; `node scripts/run-node-tests.mjs <part of a path>...` runs those whose path contains one.
// The TypeScript files are compiled first, all at once, into plain modules
// (scripts/compile-tests.mjs): starting each file's process through tsx's loader cost more CPU
// than many of the tests themselves. Failures name the compiled file, under the source's own
// path; stack traces point into the sources (source maps). `--conditions=react-server` lets
// server-only modules import 'server-only' outside Next.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileTests } from './compile-tests.mjs';

const ROOTS = ['lib', 'emulator', 'bin', 'cli', 'components', 'app', 'scripts', 'bench', 'deploy'];
const SKIP = new Set(['node_modules', '.next']);

function collect(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (SKIP.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (/\.test\.(ts|mts|mjs)$/.test(entry)) out.push(path);
  }
  return out;
}

/** Builds left by runs that were interrupted: their process is gone. */
function removeBuildsOfEndedRuns(cache) {
  for (const entry of existsSync(cache) ? readdirSync(cache) : []) {
    const pid = /^tests-(\d+)$/.exec(entry)?.[1];
    if (!pid) continue;
    try {
      process.kill(Number(pid), 0);
    } catch (error) {
      if (error.code === 'ESRCH') rmSync(join(cache, entry), { recursive: true, force: true });
    }
  }
}

const filter = process.argv.slice(2);
let files = ROOTS.flatMap((root) => collect(root, []));
if (filter.length) files = files.filter((f) => filter.some((pattern) => f.includes(pattern)));
files.sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const root = resolve(import.meta.dirname, '..');
const typescript = files.filter((file) => /\.[cm]?tsx?$/.test(file));
const cache = join(root, 'node_modules', '.cache', 'switchboard');
const outDir = join(cache, `tests-${process.pid}`);
removeBuildsOfEndedRuns(cache);
const compiled = await compileTests({
  root,
  files: typescript.map((file) => join(root, file)),
  // Per run: two runs in one checkout must not empty each other's build.
  outDir,
}).catch((error) => {
  // esbuild's messages name the file, line and column.
  console.error(error.message);
  rmSync(outDir, { recursive: true, force: true });
  process.exit(1);
});
const compiledOf = new Map(typescript.map((file, i) => [file, compiled[i]]));
const result = spawnSync(
  process.execPath,
  [
    '--conditions=react-server',
    '--enable-source-maps',
    '--test',
    // Three files at once on two cores: much of a file's time is spent waiting on clusters,
    // kubectl and timers (the fault soak, a token's 60 s re-read), so two left a core idle.
    '--test-concurrency=3',
    '--test-timeout=600000',
    ...files.map((file) => compiledOf.get(file) ?? file),
  ],
  { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } },
);
rmSync(outDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
