#!/usr/bin/env node
// `npm test`: every gate, in order — static checks, unit + integration tests (Node's runner,
// against the embedded cluster over loopback, with real kubectl), the production build, then the
// Playwright end-to-end suite against the built app. Prints one closing "N passed, N failed" line.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync, rmSync } from 'node:fs';

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const totals = { passed: 0, failed: 0 };
const skipE2e = process.argv.includes('--no-e2e');

function run(label, command, args, { scan } = {}) {
  return new Promise((resolve) => {
    console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    });
    child.on('close', (code) => {
      if (scan) scan(tail);
      resolve(code ?? 1);
    });
  });
}

function scanNodeRunner(tail) {
  const pass = /ℹ pass (\d+)/.exec(tail) ?? /# pass (\d+)/.exec(tail);
  const fail = /ℹ fail (\d+)/.exec(tail) ?? /# fail (\d+)/.exec(tail);
  if (pass) totals.passed += Number(pass[1]);
  if (fail) totals.failed += Number(fail[1]);
}

let failedStage = null;
const stages = [
  ['typecheck', 'npx', ['tsc', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['house rules', process.execPath, ['scripts/check-house.mjs']],
  [
    'unit and integration',
    process.execPath,
    ['scripts/run-node-tests.mjs'],
    { scan: scanNodeRunner },
  ],
];
if (!skipE2e) {
  stages.push(['build', 'bash', ['scripts/build-standalone.sh']]);
  stages.push(['e2e', process.execPath, ['scripts/run-e2e.mjs']]);
}

for (const [label, command, args, options] of stages) {
  if (label === 'e2e') rmSync('test-results/e2e-results.json', { force: true });
  const code = await run(label, command, args, options);
  if (label === 'e2e' && existsSync('test-results/e2e-results.json')) {
    const stats = JSON.parse(readFileSync('test-results/e2e-results.json', 'utf8')).stats ?? {};
    totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    totals.failed += stats.unexpected ?? 0;
  }
  if (code !== 0) {
    failedStage ??= label;
    if (label !== 'unit and integration' && label !== 'e2e') totals.failed += 1;
  }
}

if (failedStage) console.log(`\nfirst failing stage: ${failedStage}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(failedStage ? 1 : 0);
