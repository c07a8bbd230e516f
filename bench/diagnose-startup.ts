/**
 * Benchmark of `switchboard diagnose`'s wall time, spawn to exit, as an on-call engineer meets it:
 *   node --import tsx bench/diagnose-startup.ts [--runs 10] [--cold 3] [--quick]   (npm run bench:diagnose)
 * Against an embedded cluster (`seed`) it starts on 127.0.0.1 and a free port and stops at the
 * end, diagnosing default/ingress-nginx once its pods are ready (exit 0). Interleaved, one process
 * at a time:
 *   - ours: `node bin/switchboard.mjs diagnose …`, which runs the bundle cli/compiled-command.mjs
 *     keeps in node_modules/.cache/switchboard;
 *   - the baseline, the route before the bundle: a parent that loads tsx's API, as the old
 *     dispatcher did at its top, and runs the command in a child started with
 *     `--conditions=react-server`, which compiles the sources through tsx (bin/switchboard.mjs
 *     still takes that route in a process with the condition, and when it has no bundle).
 * Each route runs once untimed first (tsx keeps its own cache of compiled files). Then "cold":
 * the bundle's manifest is removed before each of a few runs, so they compile it — a run's cost
 * right after `npm ci` or after an edit to one of diagnose's sources. Both routes must print
 * the same answer with exit 0; the figures are median and p95 (nearest rank) in ms.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCacheDir } from '../cli/compiled-command.mjs';
import { ROOT, startBenchCluster } from './tools/cluster';
import { track, withDeadline } from './tools/process';
import { median, ms, percentile } from './tools/stats';

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    cold: { type: 'string' },
    /** A smoke run: 3 runs of each route, 1 cold. */
    quick: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs ?? (values.quick ? '3' : '10'));
const coldRuns = Number(values.cold ?? (values.quick ? '1' : '3'));
const TARGET = 'default/ingress-nginx';
const BIN = join(ROOT, 'bin', 'switchboard.mjs');

interface Run {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One process from spawn to exit. */
async function timedRun(nodeArgs: string[]): Promise<Run> {
  const started = performance.now();
  const child = track(spawn(process.execPath, nodeArgs, { cwd: ROOT, stdio: 'pipe' }));
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await withDeadline(
    'diagnose',
    60_000,
    new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c))),
  );
  return { ms: performance.now() - started, code, stdout, stderr };
}

const ours = (kubeconfig: string) =>
  timedRun([BIN, 'diagnose', TARGET, '--kubeconfig', kubeconfig]);

/** The old dispatcher's diagnose path, as it was: tsx's API loaded, then the child. */
const baseline = (kubeconfig: string) => {
  const child = ['--conditions=react-server', BIN, 'diagnose', TARGET, '--kubeconfig', kubeconfig];
  const parent = `import 'tsx/esm/api';
import { spawnSync } from 'node:child_process';
const result = spawnSync(process.execPath, ${JSON.stringify(child)}, { stdio: 'inherit' });
process.exit(result.status ?? 1);`;
  return timedRun(['--input-type=module', '-e', parent]);
};

const summary = (samples: number[]) =>
  `median ${ms(median(samples))}, p95 ${ms(percentile(samples, 95))}`;

console.log(
  `bench/diagnose-startup.ts — switchboard diagnose ${TARGET}, spawn to exit; node ${process.version}, ${new Date().toISOString()}; load ${loadavg()[0]!.toFixed(1)}`,
);
const cluster = await startBenchCluster('seed', { timeoutMs: 60_000 });
try {
  const kubeconfig = join(cluster.dir, 'kubeconfig');
  console.log(`  embedded cluster (seed) at ${cluster.url}`);
  // The seed's pods become ready a moment after the cluster serves.
  let first = await ours(kubeconfig);
  for (let i = 0; i < 100 && first.code !== 0; i++) {
    await new Promise((r) => setTimeout(r, 200));
    first = await ours(kubeconfig);
  }
  assert.equal(first.code, 0, first.stdout + first.stderr);
  const warm = await baseline(kubeconfig);
  assert.equal(warm.code, 0, warm.stdout + warm.stderr);
  assert.equal(warm.stdout, first.stdout, 'both routes print the same diagnosis');

  const cold: number[] = [];
  for (let i = 0; i < coldRuns; i++) {
    rmSync(join(defaultCacheDir(ROOT), 'diagnose.json'), { force: true });
    const run = await ours(kubeconfig);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    cold.push(run.ms);
  }
  console.log(
    `  cold (no bundle cached: compiled on the run), ${coldRuns} run(s): ${summary(cold)}`,
  );

  const samples = { ours: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const [name, route] of [
      ['ours', ours],
      ['baseline', baseline],
    ] as const) {
      const run = await route(kubeconfig);
      assert.equal(run.code, 0, `${name}: ${run.stdout}${run.stderr}`);
      assert.equal(run.stdout, first.stdout, `${name}: the same diagnosis`);
      samples[name].push(run.ms);
    }
  }
  const ratio = (f: (xs: number[]) => number) =>
    `×${(f(samples.ours) / f(samples.baseline)).toFixed(2)}`;
  console.log(`  ${runs} runs of each, alternating:`);
  console.log(`    compiled bundle, one process:            ${summary(samples.ours)}`);
  console.log(`    baseline, tsx in a react-server child:   ${summary(samples.baseline)}`);
  console.log(`    ratios: median ${ratio(median)}, p95 ${ratio((xs) => percentile(xs, 95))}`);
} finally {
  await cluster.stop();
}
