/**
 * The `--kubeconfig FILE` check `serve` and `diagnose` share: a file named on the command line
 * that is not there is a usage error (exit 2, `--kubeconfig FILE: no such file`), found before
 * any kubeconfig is read or cluster contacted — not a cluster that could not be read. Files
 * named by KUBECONFIG or the default ~/.kube/config are the kubeconfig loader's to judge.
 *
 * Contract: `kubeconfigFlagError(files)` answers the message for the first file given that does
 * not exist or is a directory, else undefined. Reads nothing but the files' metadata.
 */
import { statSync } from 'node:fs';

export function kubeconfigFlagError(files: readonly string[]): string | undefined {
  for (const file of files) {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return `--kubeconfig ${file}: no such file`;
    if (stat.isDirectory()) return `--kubeconfig ${file}: a directory, not a file`;
  }
  return undefined;
}
