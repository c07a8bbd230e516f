#!/usr/bin/env node
// `npm test`: every gate — static checks, unit + integration tests (Node's runner, against the
// embedded cluster over loopback, with real kubectl), the production build, then the Playwright
// end-to-end suite against the built app. Prints one closing "N passed, N failed" line.
//
// Gates that do not depend on each other overlap, because most of the unit stage's time is spent
// waiting on clusters, kubectl and timers rather than on the CPU: the four static checks run
// together, and the build runs beside the unit stage. A stage's output is printed whole when it
// ends (the unit stage's streams live), so logs stay readable. The build skips Next's own type
// check when the typecheck stage has just passed (the same `tsc` over the same files).
import { spawn } from 'node:child_process';
import { readFileSync, existsSync, rmSync } from 'node:fs';

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const totals = { passed: 0, failed: 0 };
const skipE2e = process.argv.includes('--no-e2e');
let failedStage = null;

function run({ label, command, args, scan, live = false, extraEnv = {} }) {
  return new Promise((resolve) => {
    const header = `\n=== ${label}: ${command} ${args.join(' ')}\n`;
    if (live) process.stdout.write(header);
    const child = spawn(command, args, {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const buffered = [];
    let tail = '';
    const take = (stream) => (chunk) => {
      if (live) stream.write(chunk);
      else buffered.push(chunk);
      if (stream === process.stdout) tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    child.on('close', (code) => {
      if (!live) process.stdout.write(header + Buffer.concat(buffered).toString());
      if (scan) scan(tail);
      const status = code ?? 1;
      if (status !== 0) {
        failedStage ??= label;
        if (!scan) totals.failed += 1;
      }
      resolve(status);
    });
  });
}

function scanNodeRunner(tail) {
  const pass = /ℹ pass (\d+)/.exec(tail) ?? /# pass (\d+)/.exec(tail);
  const fail = /ℹ fail (\d+)/.exec(tail) ?? /# fail (\d+)/.exec(tail);
  if (pass) totals.passed += Number(pass[1]);
  if (fail) totals.failed += Number(fail[1]);
}

function scanPlaywright() {
  if (!existsSync('test-results/e2e-results.json')) return;
  const stats = JSON.parse(readFileSync('test-results/e2e-results.json', 'utf8')).stats ?? {};
  totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  totals.failed += stats.unexpected ?? 0;
}

const [typecheck] = await Promise.all([
  run({ label: 'typecheck', command: 'npx', args: ['tsc', '--noEmit'] }),
  run({ label: 'lint', command: 'npx', args: ['eslint', '.'] }),
  run({ label: 'format', command: 'npx', args: ['prettier', '--check', '.'] }),
  run({ label: 'house rules', command: process.execPath, args: ['scripts/check-house.mjs'] }),
]);

const unit = run({
  label: 'unit and integration',
  command: process.execPath,
  args: ['scripts/run-node-tests.mjs'],
  scan: scanNodeRunner,
  live: true,
});
const build = skipE2e
  ? Promise.resolve(0)
  : run({
      label: 'build',
      command: 'bash',
      args: ['scripts/build-standalone.sh'],
      extraEnv: typecheck === 0 ? { SWITCHBOARD_TYPECHECKED: '1' } : {},
    });
const [, built] = await Promise.all([unit, build]);

if (!skipE2e && built === 0) {
  rmSync('test-results/e2e-results.json', { force: true });
  await run({
    label: 'e2e',
    command: process.execPath,
    args: ['scripts/run-e2e.mjs'],
    scan: scanPlaywright,
    live: true,
  });
}

if (failedStage) console.log(`\nfirst failing stage: ${failedStage}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(failedStage ? 1 : 0);
