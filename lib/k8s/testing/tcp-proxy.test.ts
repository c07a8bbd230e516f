/**
 * The fault proxy's resets leave nothing behind: a process that reset connections whose side
 * had just ended (lib/k8s/testing/tcp-proxy-reset-exit.ts) ends by itself. Before the fix it
 * emitted 'exit' and then never ended (the fault soak's file was failed on the runner's timeout).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./tcp-proxy-reset-exit.ts', import.meta.url));

test('resetAll on connections whose side has just ended: the process still ends', () => {
  // A bound for a process that never ends, far above the second it takes.
  const run = spawnSync(process.execPath, ['--import', 'tsx', CHILD], {
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  assert.equal(run.signal, null, `the process did not end by itself: ${run.stdout}${run.stderr}`);
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
    connections: number;
    metEnded: number;
    errors: string[];
  };
  // The case was met: resets reached sockets whose shutdown was in flight.
  assert.ok(report.metEnded > 0, `no reset met an ended side: ${run.stdout}`);
  assert.deepEqual(
    report.errors.filter((e) => e.includes('EINVAL')),
    [],
    'a reset failed (EINVAL)',
  );
});
