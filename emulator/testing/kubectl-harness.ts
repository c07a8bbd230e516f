/**
 * Test support: an embedded cluster reporting a given Kubernetes minor, a kubeconfig for it in a
 * temporary directory, and real `/usr/bin/kubectl` (which dispatches on the server's /version)
 * run against it with an isolated HOME and cache. Used by the kubectl tests of emulator/.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigYaml } from '../cluster';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../server';

const KUBECTL = '/usr/bin/kubectl';

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlHarness {
  emulator: RunningEmulator;
  dir: string;
  /** Runs kubectl; never throws. */
  run(...args: string[]): Promise<KubectlRun>;
  /** Runs kubectl and asserts success; answers stdout. */
  ok(...args: string[]): Promise<string>;
  /** Writes `text` to a file in the harness directory and answers its path. */
  file(name: string, text: string): string;
  stop(): Promise<void>;
}

/**
 * Runs kubectl through `run` and asserts that it succeeded (its output in the failure), answering
 * stdout: the one check of "this kubectl command must work" for node tests, whichever cluster
 * `run` drives (this harness's, or e2e/harness.ts's `switchboard cluster`).
 */
export async function kubectlOk(
  run: (...args: string[]) => Promise<KubectlRun>,
  args: string[],
): Promise<string> {
  const r = await run(...args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export async function startKubectlHarness(
  minor: number,
  options: EmulatorOptions = {},
): Promise<KubectlHarness> {
  const dir = mkdtempSync(join(tmpdir(), `kubectl-${minor}-`));
  const emulator = await startEmulator({ port: 0, minorVersion: minor, ...options });
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    kubeconfigYaml(emulator.url, emulator.adminToken, emulator.caCertificate),
  );
  const run = (...args: string[]) =>
    new Promise<KubectlRun>((resolve) => {
      execFile(
        KUBECTL,
        ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args],
        { env: { ...process.env, HOME: dir, KUBECONFIG: kubeconfig }, timeout: 40_000 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  return {
    emulator,
    dir,
    run,
    ok: (...args) => kubectlOk(run, args),
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    async stop() {
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Polls `probe` (every 100 ms, about 30 s at most) until it answers a value, and answers it: the
 * controllers behind kubectl work asynchronously, so a test reads a state once it is reached.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Splits a kubectl table into rows of cells (columns are separated by 2+ spaces). */
export function tableRows(output: string): string[][] {
  return output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s{2,}/));
}
