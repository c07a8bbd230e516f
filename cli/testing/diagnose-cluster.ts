/**
 * For tests that break and mend workloads on the embedded cluster with real kubectl and read what
 * `switchboard diagnose --json` says: `describeOnCluster` is their describe block, with the
 * cluster (`switchboard cluster --scenario <name>`, e2e/harness.ts) started before the cases and
 * stopped after them, and a temporary directory for manifests removed with it. The cases get
 * kubectl that must succeed, manifest files, and a poll of the diagnosis, since the controllers
 * work asynchronously and a case reads a state once it is reached, not at a fixed moment.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type EmbeddedCluster } from '../../e2e/harness';
import { kubectlOk } from '../../emulator/testing/kubectl-harness';
import { diagnoseJson, type DiagnoseReason } from './diagnose-json';

/** Whether the diagnosis has reached the state a case waits for. */
export type Settled = (reasons: DiagnoseReason[]) => boolean;

export interface DiagnoseCluster {
  /** The running cluster (only inside the cases: it starts before the first). */
  readonly cluster: EmbeddedCluster;
  /** Runs kubectl against the cluster, fails the case unless it succeeds, answers stdout. */
  ok(...args: string[]): Promise<string>;
  /** Writes `text` to `name` in the block's temporary directory and answers its path. */
  file(name: string, text: string): string;
  /**
   * Diagnoses `target` (namespace/service) until `settled` holds and answers those reasons;
   * fails the case with the last reasons when it never does (about 20 s).
   */
  diagnoseUntil(target: string, settled: Settled): Promise<DiagnoseReason[]>;
}

const TRIES = 80;
const INTERVAL_MS = 250;

/** Settled once the first reason is `code` (and, given, once `and` holds as well). */
export function firstReasonIs(code: string, and: Settled = () => true): Settled {
  return (reasons) => reasons[0]?.code === code && and(reasons);
}

export function describeOnCluster(
  title: string,
  scenario: string,
  cases: (on: DiagnoseCluster) => void,
): void {
  describe(title, () => {
    let cluster: EmbeddedCluster | undefined;
    let dir: string | undefined;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'switchboard-diagnose-'));
      cluster = await startCluster(scenario);
    });
    after(async () => {
      await cluster?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const running = (): EmbeddedCluster => {
      if (!cluster) throw new Error('the embedded cluster is not running (used outside a case?)');
      return cluster;
    };
    cases({
      get cluster() {
        return running();
      },
      ok: (...args) => kubectlOk(running().kubectl, args),
      file(name, text) {
        if (!dir) throw new Error('no temporary directory (used outside a case?)');
        const path = join(dir, name);
        writeFileSync(path, text);
        return path;
      },
      async diagnoseUntil(target, settled) {
        let reasons: DiagnoseReason[] = [];
        for (let i = 0; i < TRIES; i++) {
          // A target that is not there answers no reasons at all: not settled either.
          reasons = (await diagnoseJson(running().kubeconfig, target)).reasons ?? [];
          if (settled(reasons)) return reasons;
          await new Promise((r) => setTimeout(r, INTERVAL_MS));
        }
        assert.fail(
          `${target}: not settled: ${JSON.stringify(reasons.map((r) => [r.code, r.causedBy, r.summary]))}`,
        );
      },
    });
  });
}
