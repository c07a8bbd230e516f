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
 * `startEmbeddedCluster` is the same thing as a function, for in-process use.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseAuthConfig, type AuthConfig } from './auth/auth-file';
import type { ClusterStore, Controller } from './core/types';
import {
  DEFAULT_MINOR_VERSION,
  loadScenario,
  parseScenarioName,
  SCENARIO_NAMES,
  type ScenarioHandle,
  type ScenarioSummary,
} from './scenarios/index';
import { startEmulator, type RunningEmulator } from './server';

export const CONTEXT_NAME = 'switchboard-embedded';
export const USER_NAME = 'switchboard-admin';

export const USAGE = `usage: switchboard cluster [--port N] [--kubeconfig-out FILE] [--scenario NAME]
                          [--no-kubelet] [--version 1.27..1.33] [--auth FILE]
                          [--readiness-delay MS] [--history-size N] [--no-openapi-v2]
                          [--host 127.0.0.1]

  --port N              port to listen on; 0 (the default) picks a free one
  --host H              address to bind (default 127.0.0.1)
  --kubeconfig-out FILE write a kubeconfig for this cluster to FILE once it is ready
  --scenario NAME       ${SCENARIO_NAMES.join(' | ')} (default demo)
  --no-kubelet          no simulated kubelet: pods stay Pending until someone writes /status
  --version V           the Kubernetes version to report, 1.27 to 1.33 (default 1.${DEFAULT_MINOR_VERSION})
  --auth FILE           JSON auth config naming users (tokens) denied some verbs/resources
  --readiness-delay MS  simulated kubelet: containers running → Ready after MS (default 500)
  --history-size N      watch events kept for resuming; older resourceVersions get 410 Expired
  --no-openapi-v2       do not serve the protobuf OpenAPI v2 document (served by default, as a
                        real apiserver does; kubectl 1.27/1.28 validate with it and otherwise
                        need --validate=false). --openapi-v2 is accepted and changes nothing`;

export interface EmbeddedClusterOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  host?: string;
  scenario?: string;
  kubelet?: boolean;
  /** Kubernetes minor version reported on /version (27–33). */
  minorVersion?: number;
  auth?: AuthConfig;
  readinessDelayMs?: number;
  historySize?: number;
  /** Serve /openapi/v2 (protobuf) for kubectl 1.27/1.28's client-side validation. */
  openAPIV2?: boolean;
  /** Write the kubeconfig here (atomically) once ready. */
  kubeconfigOut?: string;
  /** Bearer token of the kubeconfig's user (default: random). */
  token?: string;
  /** Bound on waiting for the controllers to settle before declaring readiness. */
  settleTimeoutMs?: number;
  /** The demo flapper's interval bounds (tests shorten it). */
  flapIntervalMs?: [number, number];
  /** Progress messages while starting (the CLI prints them on stderr). */
  onProgress?: (message: string) => void;
}

export interface EmbeddedCluster {
  url: string;
  host: string;
  port: number;
  scenario: string;
  summary: ScenarioSummary;
  /** The kubeconfig's YAML text (also written to kubeconfigPath when asked). */
  kubeconfig: string;
  kubeconfigPath?: string;
  token: string;
  store: ClusterStore;
  /** Whether the controllers settled before the bound (false: still converging). */
  settled: boolean;
  stop(): Promise<void>;
}

export function kubeconfigYaml(url: string, token: string): string {
  return `apiVersion: v1
kind: Config
clusters:
  - name: ${CONTEXT_NAME}
    cluster:
      server: ${url}
      insecure-skip-tls-verify: true
users:
  - name: ${USER_NAME}
    user:
      token: ${token}
contexts:
  - name: ${CONTEXT_NAME}
    context:
      cluster: ${CONTEXT_NAME}
      user: ${USER_NAME}
      namespace: default
current-context: ${CONTEXT_NAME}
preferences: {}
`;
}

/** Writes next to the target and renames, so a reader never sees a half-written file. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function settle(
  emulator: RunningEmulator,
  extra: Controller[],
  timeoutMs: number,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<false>((resolveBound) => {
    timer = setTimeout(() => resolveBound(false), timeoutMs);
  });
  const idle = (async () => {
    await emulator.idle();
    for (const controller of extra) await controller.idle();
    return true as const;
  })();
  try {
    return await Promise.race([idle, bound]);
  } finally {
    clearTimeout(timer);
  }
}

export async function startEmbeddedCluster(
  options: EmbeddedClusterOptions = {},
): Promise<EmbeddedCluster> {
  const host = options.host ?? '127.0.0.1';
  const scenario = parseScenarioName(options.scenario ?? 'demo');
  const minorVersion = options.minorVersion ?? DEFAULT_MINOR_VERSION;
  const token = options.token ?? randomBytes(24).toString('hex');
  const progress = options.onProgress ?? (() => undefined);
  const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

  let handle: ScenarioHandle | undefined;
  const emulator = await startEmulator({
    port: options.port ?? 0,
    host,
    minorVersion,
    kubelet: options.kubelet ?? true,
    readinessDelayMs: options.readinessDelayMs,
    authConfig: options.auth,
    adminToken: token,
    historySize: options.historySize,
    openAPIV2: options.openAPIV2,
    // Loaded before the controllers start and before the port accepts anyone, so the
    // controllers' first sync sees the whole scenario (one pass per Service, not one per pod).
    seed: async (store) => {
      const started = performance.now();
      handle = await loadScenario(scenario.name, store, {
        minorVersion,
        flapIntervalMs: options.flapIntervalMs,
      });
      const { namespaces, nodes, services, pods, deployments } = handle.summary;
      progress(
        `scenario ${handle.name} loaded in ${seconds(started)}: ${namespaces} namespaces, ${nodes} nodes, ` +
          `${services} services, ${deployments} deployments, ${pods} pods written directly`,
      );
    },
  });
  const settling = performance.now();
  const extra: Controller[] = [];
  try {
    if (!handle) throw new Error('scenario did not load');
    for (const controller of handle.controllers) {
      controller.start();
      extra.push(controller);
    }
    const settled = await settle(
      emulator,
      extra,
      options.settleTimeoutMs ?? (scenario.kind === 'large' ? 600_000 : 15_000),
    );
    progress(
      settled
        ? `controllers settled in ${seconds(settling)}`
        : `controllers still busy after ${seconds(settling)}; serving anyway`,
    );

    const urlHost = host.includes(':') ? `[${host}]` : host;
    const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : urlHost}:${emulator.port}`;
    const kubeconfig = kubeconfigYaml(url, token);
    const kubeconfigPath = options.kubeconfigOut ? resolve(options.kubeconfigOut) : undefined;
    if (kubeconfigPath) await writeFileAtomic(kubeconfigPath, kubeconfig);

    let stopping: Promise<void> | undefined;
    return {
      url,
      host,
      port: emulator.port,
      scenario: handle.name,
      summary: handle.summary,
      kubeconfig,
      kubeconfigPath,
      token,
      store: emulator.store,
      settled,
      stop() {
        stopping ??= (async () => {
          for (const controller of extra) controller.stop();
          await emulator.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    for (const controller of extra) controller.stop();
    await emulator.stop();
    throw error;
  }
}

export class UsageError extends Error {}

export interface CliFlags extends EmbeddedClusterOptions {
  authFile?: string;
  help?: boolean;
}

function integer(flag: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined || !/^\d+$/.test(text)) {
    throw new UsageError(
      `${flag} needs a whole number, got ${text === undefined ? 'nothing' : `"${text}"`}`,
    );
  }
  const value = Number(text);
  if (value < min || value > max)
    throw new UsageError(`${flag} must be ${min}–${max}, got ${value}`);
  return value;
}

/** Parses `--flag value` and `--flag=value`; throws UsageError on anything it does not know. */
export function parseFlags(args: string[]): CliFlags {
  const flags: CliFlags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`${name} needs a value`);
      i++;
      return next;
    };
    switch (name) {
      case '--port':
        flags.port = integer(name, value(), 0, 65535);
        break;
      case '--host':
        flags.host = value();
        break;
      case '--kubeconfig-out':
        flags.kubeconfigOut = value();
        break;
      case '--scenario': {
        const scenario = value();
        try {
          parseScenarioName(scenario);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        flags.scenario = scenario;
        break;
      }
      case '--no-kubelet':
        if (inline !== undefined) throw new UsageError('--no-kubelet takes no value');
        flags.kubelet = false;
        break;
      case '--version': {
        const text = value();
        const match = /^(?:v?1\.)?(\d+)$/.exec(text);
        const minor = match?.[1] ? Number(match[1]) : NaN;
        if (!(minor >= 27 && minor <= 33)) {
          throw new UsageError(`--version must be 1.27 to 1.33, got "${text}"`);
        }
        flags.minorVersion = minor;
        break;
      }
      case '--auth':
        flags.authFile = value();
        break;
      case '--readiness-delay':
        flags.readinessDelayMs = integer(name, value(), 0, 3_600_000);
        break;
      case '--history-size':
        flags.historySize = integer(name, value(), 1, 10_000_000);
        break;
      case '--openapi-v2':
        if (inline !== undefined) throw new UsageError('--openapi-v2 takes no value');
        flags.openAPIV2 = true;
        break;
      case '--no-openapi-v2':
        if (inline !== undefined) throw new UsageError('--no-openapi-v2 takes no value');
        flags.openAPIV2 = false;
        break;
      case '--help':
      case '-h':
        flags.help = true;
        break;
      default:
        throw new UsageError(`unknown flag "${arg}"`);
    }
  }
  return flags;
}

async function readAuthConfig(path: string): Promise<AuthConfig> {
  return parseAuthConfig(JSON.parse(await readFile(path, 'utf8')), path);
}

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
    const auth = flags.authFile ? await readAuthConfig(flags.authFile) : undefined;
    cluster = await startEmbeddedCluster({
      ...flags,
      auth,
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
