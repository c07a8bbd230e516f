/**
 * `switchboard serve`: the dashboard (Next.js) against a kubeconfig, or the embedded cluster.
 *
 * Contract:
 *   serve [--kubeconfig FILE]... [--context C]... [--all-contexts] [--demo-clusters N]
 *         [--port N] [--host H] [--read-only] [--dev]
 *         [--allowed-hosts LIST] [--insecure-no-auth] [--metrics-port N]
 *         [--auth none|oidc|proxy|token] [sign-in flags: cli/serve-auth.ts]
 *         [history flags: cli/serve-history.ts]
 * - the sign-in flags become SWITCHBOARD_* variables (cli/serve-auth.ts); a bad mode or
 *   combination, an unreadable key or secret file exits 2 with the reason;
 * - the history flags become SWITCHBOARD_* variables too (cli/serve-history.ts), decided once
 *   the cluster is known (its identity names the history directory); a bad flag value exits 2
 *   naming the flag before any cluster is contacted, as every flag judged on its own does; a
 *   bad inherited variable or a history directory another live process holds exits 2 with the
 *   reason once the cluster is known;
 * - with `--auth none` (the default) a bind address that is not loopback is refused (exit 2)
 *   unless --insecure-no-auth is given (lib/http/exposure.ts: without sign-in anyone reaching it
 *   would act with the dashboard's credentials); a sign-in mode may bind anywhere; the server
 *   process checks the same decision again;
 * - the clusters come from --kubeconfig (repeatable, merged as kubectl merges) > KUBECONFIG >
 *   ~/.kube/config > in-cluster, one per --context (repeatable) or per context with
 *   --all-contexts, else the current-context (lib/k8s/cluster-set.ts); with none at all the
 *   embedded cluster is started with the demo scenario (a child process), and with
 *   --demo-clusters N, N of them of different scenarios in one kubeconfig (cli/demo-clusters.ts),
 *   all stopped with the server; the dashboard knows a cluster is simulated from its `/version`,
 *   as for any cluster (lib/k8s/cluster-identity.ts);
 * - before Next starts, a preflight (GET /version, list namespaces) of the default (first)
 *   cluster must pass, else a clear message and exit 1 — the others may be down and show so on
 *   their own; bad flags exit 2;
 * - builds the standalone server when there is none, or only one that stopped halfway, and waits
 *   for a build of the checkout already running (scripts/build-standalone.sh --if-missing, the
 *   script the image runs), then runs `node server.js` in .next/standalone — the directory the image ships — with
 *   PORT, HOSTNAME, SWITCHBOARD_* and NEXT_TELEMETRY_DISABLED=1 (`--dev` runs
 *   `node_modules/.bin/next dev`; never npx: killing npx orphans next-server); `--port 0` is a
 *   free port on the bind address chosen just before (cli/dashboard-port.ts), and the
 *   "dashboard at" line names the port served;
 * - `--metrics-port N` serves /healthz, /readyz and /metrics on a port of their own
 *   (SWITCHBOARD_METRICS_PORT; lib/ops/settings.ts);
 * - SIGINT/SIGTERM go to the children. The dashboard drains (lib/ops/drain.ts; Next's own
 *   handler is off: NEXT_MANUAL_SIG_HANDLE=1) and is waited for as long as its drain may take
 *   (SWITCHBOARD_SHUTDOWN_TIMEOUT, default 20 s) plus a margin before SIGKILL; the embedded
 *   cluster gets 5 s. The exit code is the dashboard's (0 after a clean drain).
 */
import { SERVER_NODE_FLAGS } from './server-node-flags';
import { choosePort, dashboardUrl, parsePort } from './dashboard-port';
import { kubeconfigFlagError } from './kubeconfig-flags';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import http from 'node:http';
import { clusterChoiceEnv } from '../lib/k8s/cluster-set';
import { loadKubeConfig, resolveClusterSource } from '../lib/k8s/kubeconfig';
import { preflight } from '../lib/k8s/preflight';
import { errorMessage } from '../lib/error-message';
import { exposureRefusal, insecureExposure } from '../lib/http/exposure';
import { shutdownTimeoutMs } from '../lib/ops/settings';
import { AUTH_OPTIONS, AUTH_USAGE, AUTH_USAGE_LINE, authEnv } from './serve-auth';
import {
  HISTORY_OPTIONS,
  HISTORY_USAGE,
  HISTORY_USAGE_LINE,
  historyEnv,
  historyFlagErrors,
} from './serve-history';
import {
  MAX_DEMO_CLUSTERS,
  spawnEmbeddedCluster,
  startDemoClusters,
  waitForFile,
} from './demo-clusters';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NEXT_BIN = join(ROOT, 'node_modules', '.bin', 'next');
export const STANDALONE_DIR = join(ROOT, '.next', 'standalone');
export const BUILD_SCRIPT = join(ROOT, 'scripts', 'build-standalone.sh');
const GRACE_MS = 5000;
/** Beyond the dashboard's own drain bound: time to exit after it. */
export const DRAIN_MARGIN_MS = 5000;

const USAGE = `usage: switchboard serve [--kubeconfig FILE]... [--context C]... [--all-contexts] [--demo-clusters N]
                        [--port N] [--host H] [--read-only] [--dev]
                        [--allowed-hosts LIST] [--insecure-no-auth] [--metrics-port N]
                        ${AUTH_USAGE_LINE}
                        ${HISTORY_USAGE_LINE}

  --kubeconfig FILE  the cluster to watch (default: KUBECONFIG, ~/.kube/config, in-cluster;
                     with none of these the embedded cluster with the demo scenario)
                     (repeatable: several files merge as kubectl merges KUBECONFIG=a:b)
  --context C        kubeconfig context (default: its current-context); repeatable: one
                     cluster per context, the first the default
  --all-contexts     one cluster per context of the kubeconfig (current-context first)
  --demo-clusters N  start N embedded clusters of different scenarios (no kubeconfig read)
  --port N           port to serve on (default 3000; 0 picks a free one)
  --host H           address to bind (default 127.0.0.1; any other address needs a
                     sign-in mode, --auth, or --insecure-no-auth)
  --allowed-hosts L  extra names the UI answers to in the Host header, comma-separated;
                     '.example.com' allows a domain and its subdomains (default: IP
                     addresses, localhost, the bind name; a guard against DNS rebinding)
  --insecure-no-auth serve beyond loopback with no sign-in: anyone who reaches the port
                     acts with the dashboard's credentials (a red banner says so on every page)
  --read-only        no writes from the dashboard (the external-service form is disabled)
  --metrics-port N   also serve /healthz, /readyz and /metrics on port N (same bind address)
  --dev              run next dev instead of a production build

${AUTH_USAGE}

${HISTORY_USAGE}`;

function fail(message: string, code: number): never {
  console.error(`switchboard serve: ${message}`);
  process.exit(code);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((res) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => res(code ?? (signal ? 1 : 0)));
    child.on('error', () => res(1));
  });
}

/**
 * Makes the standalone build `serve` and `view` run when there is none, or only one that stopped
 * halfway; a build of this checkout already running is waited for instead (the script's lock).
 * Resolves with the script's exit status: 0 when a finished build was there.
 */
export const ensureStandaloneBuild = (env: NodeJS.ProcessEnv): Promise<number> =>
  run('bash', [BUILD_SCRIPT, '--if-missing'], env);

/** Resolves once the server answers any HTTP request. */
export function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  return new Promise((res) => {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    child.once('exit', () => (exited = true));
    const poll = () => {
      if (exited) return res(false);
      const req = http.get(`${url}/healthz`, (r) => {
        r.resume();
        res(true);
      });
      req.on('error', () => {
        if (Date.now() > deadline) res(false);
        else setTimeout(poll, 200);
      });
    };
    poll();
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the child's exit code. */
export function stopChild(child: ChildProcess | undefined, graceMs: number): Promise<number> {
  if (!child) return Promise.resolve(0);
  const codeOf = (code: number | null, signal: NodeJS.Signals | null) => code ?? (signal ? 1 : 0);
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(codeOf(child.exitCode, child.signalCode));
  }
  return new Promise((res) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      res(codeOf(code, signal));
    });
    child.kill('SIGTERM');
  });
}

export async function main(args: string[]): Promise<void> {
  let flags;
  try {
    flags = parseArgs({
      args,
      options: {
        kubeconfig: { type: 'string', multiple: true },
        context: { type: 'string', multiple: true },
        'all-contexts': { type: 'boolean', default: false },
        'demo-clusters': { type: 'string' },
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        'read-only': { type: 'boolean', default: false },
        'allowed-hosts': { type: 'string' },
        'insecure-no-auth': { type: 'boolean', default: false },
        'metrics-port': { type: 'string' },
        dev: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        ...AUTH_OPTIONS,
        ...HISTORY_OPTIONS,
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`${errorMessage(err)}\n${USAGE}`);
    process.exit(2);
  }
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const requestedPort = parsePort(flags.port!);
  if (requestedPort === undefined) fail(`bad --port ${flags.port}\n${USAGE}`, 2);
  const host = flags.host!;
  const kubeconfigs = flags.kubeconfig ?? [];
  const kubeconfigError = kubeconfigFlagError(kubeconfigs);
  if (kubeconfigError) fail(kubeconfigError, 2);
  const contexts = flags.context ?? [];
  if (contexts.length > 0 && flags['all-contexts'])
    fail('give --context or --all-contexts, not both', 2);
  let demoClusters: number | undefined;
  if (flags['demo-clusters'] !== undefined) {
    demoClusters = Number(flags['demo-clusters']);
    if (
      !/^\d+$/.test(flags['demo-clusters']) ||
      demoClusters < 1 ||
      demoClusters > MAX_DEMO_CLUSTERS
    )
      fail(`--demo-clusters needs a number from 1 to ${MAX_DEMO_CLUSTERS}`, 2);
    if (kubeconfigs.length > 0 || contexts.length > 0 || flags['all-contexts'])
      fail(
        '--demo-clusters starts its own clusters: no --kubeconfig, --context or --all-contexts',
        2,
      );
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    SWITCHBOARD_BIND_HOST: host,
    // Our drain (lib/ops/drain.ts) ends the dashboard, not Next's own signal handler.
    NEXT_MANUAL_SIG_HANDLE: '1',
  };
  if (flags['metrics-port'] !== undefined) {
    const metricsPort = Number(flags['metrics-port']);
    if (!/^\d+$/.test(flags['metrics-port']) || metricsPort > 65535)
      fail(`bad --metrics-port ${flags['metrics-port']}\n${USAGE}`, 2);
    env.SWITCHBOARD_METRICS_PORT = String(metricsPort);
  }
  let drainMs: number;
  try {
    drainMs = shutdownTimeoutMs(env);
  } catch (err) {
    fail(errorMessage(err), 2);
  }
  delete env.SWITCHBOARD_CONTEXT;
  delete env.SWITCHBOARD_CONTEXTS;
  delete env.SWITCHBOARD_ALL_CONTEXTS;
  Object.assign(env, clusterChoiceEnv({ contexts, allContexts: flags['all-contexts']! }));
  if (flags['read-only']) env.SWITCHBOARD_READ_ONLY = '1';
  if (flags['allowed-hosts'] !== undefined) env.SWITCHBOARD_ALLOWED_HOSTS = flags['allowed-hosts'];
  if (flags['insecure-no-auth']) env.SWITCHBOARD_INSECURE_NO_AUTH = '1';
  else delete env.SWITCHBOARD_INSECURE_NO_AUTH;
  const historyFlagsWrong = historyFlagErrors(flags);
  if (historyFlagsWrong.length > 0) fail(historyFlagsWrong.join('\n'), 2);
  const auth = authEnv(flags, env);
  if (auth.errors.length > 0) fail(auth.errors.join('\n'), 2);
  for (const warning of auth.warnings) console.warn(`switchboard serve: WARNING: ${warning}`);
  const refusal = exposureRefusal(host, env);
  if (refusal) fail(refusal, 2);
  if (insecureExposure(env))
    console.warn(
      `switchboard serve: WARNING: serving on ${host} with no sign-in (--insecure-no-auth): anyone who reaches it acts with this dashboard's cluster credentials`,
    );

  const children: ChildProcess[] = [];
  let tmp: string | undefined;
  let shuttingDown = false;
  // Set once Next is spawned; the signal handlers read it, so it is a holder, not a variable.
  const running: { dashboard?: ChildProcess } = {};
  /** `code` undefined: a signal asked us to stop, and the dashboard's exit code is ours. */
  const shutdown = async (code?: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    // Next first (its hub would only log reconnects to a stopped cluster), then the cluster.
    let dashboardCode = 0;
    for (const child of [...children].reverse()) {
      const exit = await stopChild(
        child,
        child === running.dashboard ? drainMs + DRAIN_MARGIN_MS : GRACE_MS,
      );
      if (child === running.dashboard) dashboardCode = exit;
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    process.exit(code ?? dashboardCode);
  };
  // Before the dashboard runs, a signal ends us with the usual 128 + signal number.
  process.on('SIGINT', () => void shutdown(running.dashboard ? undefined : 130));
  process.on('SIGTERM', () => void shutdown(running.dashboard ? undefined : 143));

  const source =
    demoClusters !== undefined
      ? ({ kind: 'none' } as const)
      : resolveClusterSource({
          flagFile:
            kubeconfigs.length > 0 ? kubeconfigs.map((f) => resolve(f)).join(delimiter) : undefined,
        });
  let described: string;
  switch (source.kind) {
    case 'flag':
    case 'home':
      env.SWITCHBOARD_KUBECONFIG = source.file;
      described = source.file;
      break;
    case 'env':
      delete env.SWITCHBOARD_KUBECONFIG;
      described = `KUBECONFIG=${source.files}`;
      break;
    case 'in-cluster':
      delete env.SWITCHBOARD_KUBECONFIG;
      described = 'in-cluster ServiceAccount';
      break;
    case 'none': {
      if (contexts.length > 0 || flags['all-contexts'])
        fail('--context/--all-contexts given but there is no kubeconfig to take them from', 2);
      tmp = mkdtempSync(join(tmpdir(), 'switchboard-'));
      if (demoClusters !== undefined) {
        console.log(`switchboard serve: starting ${demoClusters} embedded (simulated) clusters`);
        const stopOnExit = (child: ChildProcess) => {
          children.push(child);
          child.on('exit', (code) => {
            if (!shuttingDown) {
              console.error(
                `switchboard serve: an embedded cluster exited (code ${code}); stopping`,
              );
              void shutdown(1);
            }
          });
        };
        try {
          const demo = await startDemoClusters(ROOT, demoClusters, tmp, stopOnExit);
          env.SWITCHBOARD_KUBECONFIG = demo.kubeconfig;
          env.SWITCHBOARD_ALL_CONTEXTS = '1';
          described = `${demoClusters} embedded clusters (simulated): ${demo.ids.join(', ')}`;
        } catch (err) {
          console.error(`switchboard serve: ${errorMessage(err)}`);
          return shutdown(1);
        }
        break;
      }
      const kubeconfig = join(tmp, 'kubeconfig');
      console.log(
        'switchboard serve: no kubeconfig found; starting the embedded (simulated) cluster, scenario demo',
      );
      const cluster = spawnEmbeddedCluster(ROOT, 'demo', kubeconfig);
      children.push(cluster);
      try {
        await waitForFile(kubeconfig, cluster, 120_000);
      } catch (err) {
        console.error(`switchboard serve: ${errorMessage(err)}`);
        await shutdown(1);
      }
      cluster.on('exit', (code) => {
        if (!shuttingDown) {
          console.error(`switchboard serve: the embedded cluster exited (code ${code}); stopping`);
          void shutdown(1);
        }
      });
      env.SWITCHBOARD_KUBECONFIG = kubeconfig;
      described = 'embedded cluster (simulated)';
      break;
    }
  }

  let kc;
  try {
    kc = loadKubeConfig(env);
  } catch (err) {
    console.error(
      `switchboard serve: cannot load the kubeconfig (${described}): ${errorMessage(err)}`,
    );
    return shutdown(1);
  }
  const check = await preflight(kc);
  if (!check.ok) {
    console.error(
      `switchboard serve: ${check.message}\n  (kubeconfig: ${described}, context: ${kc.getCurrentContext()})`,
    );
    return shutdown(1);
  }
  console.log(
    `switchboard serve: cluster ${check.server} (Kubernetes ${check.version}, context ${kc.getCurrentContext()})`,
  );
  const history = historyEnv(flags, env, {
    serverUrl: kc.getCurrentCluster()?.server ?? '',
    embedded: source.kind === 'none',
  });
  if (history.errors.length > 0) {
    console.error(`switchboard serve: ${history.errors.join('\n')}`);
    return shutdown(2);
  }
  console.log(`switchboard serve: history ${history.described}`);

  if (!flags.dev) {
    const code = await ensureStandaloneBuild(env);
    if (code !== 0) {
      console.error('switchboard serve: the build failed');
      return shutdown(code);
    }
  }

  let port: number;
  try {
    port = await choosePort(requestedPort, host);
  } catch (err) {
    console.error(`switchboard serve: cannot bind ${host}: ${errorMessage(err)}`);
    return shutdown(2);
  }
  const [command, commandArgs, cwd] = flags.dev
    ? [NEXT_BIN, ['dev', '-H', host, '-p', String(port)], ROOT]
    : [process.execPath, [...SERVER_NODE_FLAGS, join(STANDALONE_DIR, 'server.js')], STANDALONE_DIR];
  const next = spawn(command, commandArgs, {
    cwd,
    env: { ...env, PORT: String(port), HOSTNAME: host },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(next);
  running.dashboard = next;
  next.on('exit', (code, signal) => {
    if (!shuttingDown) void shutdown(code ?? (signal ? 1 : 0));
  });
  const url = dashboardUrl(host, port);
  if (await waitForHttp(url, next, 120_000)) {
    console.log(
      `switchboard serve: dashboard at ${url}${flags['read-only'] ? ' (read-only)' : ''}`,
    );
  }
}
