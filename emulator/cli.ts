/**
 * `switchboard cluster`: runs the embedded Kubernetes API server alone, loads a scenario, and
 * writes a kubeconfig for it once it is ready to serve.
 *
 * Contract (cli/serve.ts and e2e/harness.ts rely on it; emulator/README.md "Running it"):
 *   - the kubeconfig FILE appears (atomically: written to a temp file, then renamed) only after
 *     the server listens, the scenario is loaded and the controllers have settled (bounded wait);
 *   - then stdout gets exactly one line `switchboard cluster: serving <url> (scenario <name>)`,
 *     followed by `switchboard cluster: kubeconfig <FILE>` when a FILE was asked for;
 *   - SIGTERM/SIGINT close every watch and the server and exit 0; bad flags print the usage on
 *     stderr and exit 2; a failure to start exits 1.
 * `startEmbeddedCluster` (./cluster.ts) is the same thing as a function, for in-process use.
 */
import { readTokenFile } from './auth/tokens/token-file';
import { parseFlags, UsageError, USAGE, type CliFlags } from './cli-flags';
import { startEmbeddedCluster, type EmbeddedCluster } from './cluster';

export { parseFlags, UsageError, USAGE } from './cli-flags';
export {
  CONTEXT_NAME,
  kubeconfigYaml,
  startEmbeddedCluster,
  USER_NAME,
  type EmbeddedCluster,
  type EmbeddedClusterOptions,
} from './cluster';

export async function main(args: string[]): Promise<void> {
  let flags: CliFlags;
  try {
    flags = parseFlags(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`switchboard cluster: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  let cluster: EmbeddedCluster | undefined;
  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) {
      process.stderr.write(`switchboard cluster: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    signalled = true;
    void (async () => {
      try {
        await cluster?.stop();
        process.exit(0);
      } catch (error) {
        process.stderr.write(`switchboard cluster: stop failed: ${(error as Error).message}\n`);
        process.exit(1);
      }
    })();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  try {
    const tokens = flags.tokenAuthFile ? await readTokenFile(flags.tokenAuthFile) : undefined;
    for (const warning of tokens?.warnings ?? []) {
      process.stderr.write(`switchboard cluster: ${warning}\n`);
    }
    cluster = await startEmbeddedCluster({
      ...flags,
      tokenUsers: tokens?.users,
      onProgress: (message) => process.stderr.write(`switchboard cluster: ${message}\n`),
    });
  } catch (error) {
    process.stderr.write(
      `switchboard cluster: failed to start: ${(error as Error).stack ?? error}\n`,
    );
    process.exit(1);
  }
  // A signal that arrived while starting has already begun the shutdown; nothing to announce.
  if (signalled) return;
  process.stdout.write(
    `switchboard cluster: serving ${cluster.url} (scenario ${cluster.scenario})\n`,
  );
  if (cluster.kubeconfigPath) {
    process.stdout.write(`switchboard cluster: kubeconfig ${cluster.kubeconfigPath}\n`);
  }
}
