/**
 * `switchboard view FILE`: the dashboard, read-only, on an incident snapshot saved from the map
 * ("Download snapshot (JSON)", `GET /api/snapshot`) — the whole map, outline, problems, panels
 * and diagnosis as they were at the snapshot's instant, with no cluster: for the postmortem.
 *
 * Contract:
 *   view FILE [--port N] [--host H] [--allowed-hosts LIST] [--insecure-no-auth] [--dev]
 * - the file is read and checked first (lib/history/snapshot-file.ts): one that is missing,
 *   unreadable, not JSON or not a `switchboard.snapshot/v1` file is refused with the reason on
 *   stderr and exit 2, before anything starts; bad flags exit 2 too;
 * - the dashboard server is the one `serve` runs (the standalone build, built first if there is
 *   none; `--dev`: next dev), given SWITCHBOARD_SNAPSHOT_FILE (the file, absolute), which makes
 *   the snapshot its one cluster (lib/k8s/snapshot-source.ts), SWITCHBOARD_READ_ONLY=1 and
 *   SWITCHBOARD_NO_HISTORY=1 — and none of the SWITCHBOARD_* or KUBECONFIG variables this
 *   process inherited: no kubeconfig is read, no cluster started or contacted, no history
 *   directory opened, nobody signs in. It binds 127.0.0.1 by default; another address is refused
 *   as `serve` refuses it without sign-in (lib/http/exposure.ts decides), unless
 *   --insecure-no-auth, with view's own reason (the snapshot readable by anyone) and ways out
 *   (an SSH tunnel, --insecure-no-auth): it has no --auth to suggest;
 * - prints what it opened (cluster, instant, record count) and the address once it answers
 *   (`--port 0`: a free port chosen before the server starts, as `serve` does);
 * - SIGINT/SIGTERM stop the server (its drain, then SIGKILL after the bound); the exit code is
 *   the server's.
 */
import { SERVER_NODE_FLAGS } from './server-node-flags';
import { choosePort, dashboardUrl, parsePort } from './dashboard-port';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage } from '../lib/error-message';
import { exposureRefusal, insecureExposure } from '../lib/http/exposure';
import { readSnapshotFile } from '../lib/history/snapshot-file';
import { shutdownTimeoutMs } from '../lib/ops/settings';
import {
  DRAIN_MARGIN_MS,
  ensureStandaloneBuild,
  NEXT_BIN,
  ROOT,
  STANDALONE_DIR,
  stopChild,
  waitForHttp,
} from './serve';

const USAGE = `usage: switchboard view FILE [--port N] [--host H] [--allowed-hosts LIST] [--insecure-no-auth] [--dev]

  FILE               an incident snapshot saved from the map ("Download snapshot (JSON)")
  --port N           port to serve on (default 3000; 0 picks a free one)
  --host H           address to bind (default 127.0.0.1; another address needs --insecure-no-auth)
  --allowed-hosts L  extra names the UI answers to in the Host header, comma-separated
  --insecure-no-auth serve beyond loopback with no sign-in (a red banner says so on every page)
  --dev              run next dev instead of a production build`;

function fail(message: string, code: number): never {
  console.error(`switchboard view: ${message}`);
  process.exit(code);
}

/** Why `view` will not serve on `host` without --insecure-no-auth, and what to do instead. */
export function viewExposureRefusal(host: string, port: number): string {
  const tunnelPort = port || 3000;
  return (
    `refusing to serve on ${host || '0.0.0.0'}: view has no sign-in, so anyone who can reach ` +
    `that address would read the snapshot (its Services, Pods, addresses and diagnosis; it ` +
    `is read-only and contacts no cluster). Bind to 127.0.0.1 (the default) and reach it ` +
    `through an SSH tunnel (ssh -L ${tunnelPort}:127.0.0.1:${tunnelPort} HOST), or pass ` +
    `--insecure-no-auth to accept that risk.`
  );
}

export async function main(args: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        'allowed-hosts': { type: 'string' },
        'insecure-no-auth': { type: 'boolean', default: false },
        dev: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  } catch (err) {
    console.error(`${errorMessage(err)}\n${USAGE}`);
    process.exit(2);
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length !== 1) fail(`give one snapshot file\n${USAGE}`, 2);
  const file = resolve(positionals[0]!);
  const requestedPort = parsePort(flags.port!);
  if (requestedPort === undefined) fail(`bad --port ${flags.port}\n${USAGE}`, 2);
  const host = flags.host!;

  const read = readSnapshotFile(file);
  if (!read.ok) fail(read.message, 2);
  const { snapshot } = read;

  // Nothing inherited chooses a cluster, a history store or a sign-in mode for this server.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('SWITCHBOARD_') || name === 'KUBECONFIG') delete env[name];
  }
  Object.assign(env, {
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_MANUAL_SIG_HANDLE: '1',
    SWITCHBOARD_BIND_HOST: host,
    SWITCHBOARD_SNAPSHOT_FILE: file,
    SWITCHBOARD_READ_ONLY: '1',
    SWITCHBOARD_NO_HISTORY: '1',
  });
  if (flags['allowed-hosts'] !== undefined) env.SWITCHBOARD_ALLOWED_HOSTS = flags['allowed-hosts'];
  if (flags['insecure-no-auth']) env.SWITCHBOARD_INSECURE_NO_AUTH = '1';
  // The decision is the dashboard's (lib/http/exposure.ts); the words are view's, which has no
  // sign-in modes, no write form and no cluster credentials to offer or to leak.
  if (exposureRefusal(host, env)) fail(viewExposureRefusal(host, requestedPort), 2);
  if (insecureExposure(env))
    console.warn(
      `switchboard view: WARNING: serving on ${host} with no sign-in (--insecure-no-auth): anyone who reaches it reads the snapshot`,
    );
  const drainMs = shutdownTimeoutMs(env);

  console.log(
    `switchboard view: snapshot of cluster ${snapshot.cluster.name} at ${snapshot.at} (taken ${snapshot.takenAt}), ${snapshot.records.length} records, read-only; no cluster is contacted`,
  );

  // Set once the server is spawned; the signal handlers read it, so it is a holder.
  const running: { dashboard?: ChildProcess } = {};
  let stopping = false;
  const stop = async (code?: number) => {
    if (stopping) return;
    stopping = true;
    const exit = await stopChild(running.dashboard, drainMs + DRAIN_MARGIN_MS);
    process.exit(code ?? exit);
  };
  process.on('SIGINT', () => void stop(running.dashboard ? undefined : 130));
  process.on('SIGTERM', () => void stop(running.dashboard ? undefined : 143));

  if (!flags.dev) {
    const code = await ensureStandaloneBuild(env);
    if (code !== 0) fail('the build failed', code);
  }
  let port: number;
  try {
    port = await choosePort(requestedPort, host);
  } catch (err) {
    fail(`cannot bind ${host}: ${errorMessage(err)}`, 2);
  }
  const [command, commandArgs, cwd] = flags.dev
    ? [NEXT_BIN, ['dev', '-H', host, '-p', String(port)], ROOT]
    : [process.execPath, [...SERVER_NODE_FLAGS, join(STANDALONE_DIR, 'server.js')], STANDALONE_DIR];
  const dashboard = spawn(command, commandArgs, {
    cwd,
    env: { ...env, PORT: String(port), HOSTNAME: host },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  running.dashboard = dashboard;
  dashboard.on('exit', (code, signal) => {
    if (!stopping) void stop(code ?? (signal ? 1 : 0));
  });
  const url = dashboardUrl(host, port);
  if (await waitForHttp(url, dashboard, 120_000)) {
    console.log(`switchboard view: dashboard at ${url} (snapshot, read-only)`);
  }
}
