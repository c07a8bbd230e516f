#!/usr/bin/env node
// The `switchboard` CLI: a thin dispatcher. The subcommands are TypeScript modules run through
// tsx (a runtime dependency), so no separate compile step is needed; each runs from a bundle
// compiled on first use and cached (cli/compiled-command.mjs):
//   serve     cli/serve.ts        the dashboard (Next.js) against a kubeconfig or the embedded cluster
//   cluster   emulator/cli.ts     the embedded Kubernetes API server alone
//   diagnose  cli/diagnose.ts     print a Service's diagnosis; non-zero exit when unhealthy
//   view      cli/view.ts         the dashboard, read-only, on an incident snapshot file (no cluster)
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const COMMANDS = {
  serve: 'cli/serve.ts',
  cluster: 'emulator/cli.ts',
  diagnose: 'cli/diagnose.ts',
  view: 'cli/view.ts',
};

const [command, ...args] = process.argv.slice(2);
const unknown =
  command !== undefined && !['--help', '-h'].includes(command) && !Object.hasOwn(COMMANDS, command);
if (!command || unknown || command === '--help' || command === '-h') {
  // An unknown command is a usage error: say which word was wrong, then how to call it, on
  // stderr as the subcommands report theirs.
  if (unknown) console.error(`switchboard: unknown command '${command}'`);
  (unknown ? console.error : console.log)(`usage: switchboard <command> [flags]

  serve     [--kubeconfig FILE] [--context C] [--port N] [--host H] [--read-only]
            [--auth none|oidc|proxy|token]
            Serve the dashboard (default 127.0.0.1:3000). With no kubeconfig at all it starts
            the embedded cluster with the demo scenario. serve --help lists every flag.
  cluster   --port N --kubeconfig-out FILE [--scenario NAME] [--no-kubelet]
            Run the embedded Kubernetes API server alone (scenarios: empty, seed, demo, large:N).
  diagnose  <namespace>/<name> [--kubeconfig FILE] [--context C]
            Print why a Service routes nowhere; exits 1 when it is unhealthy.
  view      FILE [--port N] [--host H]
            Open an incident snapshot (Download snapshot (JSON)) read-only, with no cluster.`);
  process.exit(unknown ? 2 : 0);
}

// Every command runs from a bundle compiled on first use and cached: starting from the sources
// through tsx costs about two seconds of resolving and compiling modules, which people running
// `diagnose` in a hurry, and tests and demos starting clusters and dashboards again and again,
// paid each time. `diagnose` shares server modules marked `import 'server-only'`, which need
// Node's react-server condition: the bundles are compiled with it. Without a bundle (nowhere to
// cache it, or sources that do not compile) the sources run through tsx, `diagnose`'s in a child
// process started with the condition, which can only be set when a process starts.
const NEEDS_REACT_SERVER = new Set(['diagnose']);
const hasReactServer = process.execArgv.includes('--conditions=react-server');
let subcommand;
if (!hasReactServer) {
  const { importCompiled } = await import('../cli/compiled-command.mjs');
  subcommand = (await importCompiled({ root, entry: COMMANDS[command] }))?.module;
  if (!subcommand && NEEDS_REACT_SERVER.has(command)) {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(
      process.execPath,
      ['--conditions=react-server', fileURLToPath(import.meta.url), command, ...args],
      { stdio: 'inherit' },
    );
    process.exit(result.status ?? 1);
  }
}
if (!subcommand) {
  const { register } = await import('tsx/esm/api');
  register();
  subcommand = await import(pathToFileURL(join(root, COMMANDS[command])).href);
}
await subcommand.main(args);
