/**
 * For tests that run `switchboard diagnose` against the embedded cluster: the command as people
 * run it (bin/switchboard.mjs, `--json`), its verdict parsed, and the reasons' fields those tests
 * read (lib/topology/diagnosis's Reason as it crosses the JSON output).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../e2e/harness';

export interface DiagnoseReason {
  code: string;
  summary: string;
  detail?: string;
  causedBy?: string;
  commands: string[];
  fix?: { command: string; description: string };
  pods?: { name: string; why: string }[];
}

/** `switchboard diagnose <target> --kubeconfig <file> --json`, parsed; rejects when it is not JSON. */
export function diagnoseJson(
  kubeconfig: string,
  target: string,
): Promise<{ reasons: DiagnoseReason[] }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/switchboard.mjs'), 'diagnose', target, '--kubeconfig', kubeconfig, '--json'],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout) as { reasons: DiagnoseReason[] });
        } catch {
          reject(new Error(`diagnose ${target}: ${String(error)} ${stderr}`));
        }
      },
    );
  });
}
