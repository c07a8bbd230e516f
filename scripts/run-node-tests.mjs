#!/usr/bin/env node
// Runs every colocated unit and integration test (*.test.ts) with Node's own test runner.
// `--conditions=react-server` lets server-only modules import 'server-only' outside Next.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

const filter = process.argv.slice(2);
let files = ROOTS.flatMap((root) => collect(root, []));
if (filter.length) files = files.filter((f) => filter.some((pattern) => f.includes(pattern)));
files.sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--conditions=react-server',
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-timeout=600000',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } },
);
process.exit(result.status ?? 1);
