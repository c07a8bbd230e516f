/**
 * The embedded cluster as one in-process call: `startEmbeddedCluster()` starts the emulator
 * (./server.ts), loads a scenario before the port accepts anyone, waits (bounded) for the
 * controllers to settle, and only then writes the kubeconfig — atomically, owner-only — so a
 * reader that sees the file can use the cluster at once. `switchboard cluster` (./cli.ts),
 * cli/serve.ts, e2e/harness.ts and the tests start it this way.
 *
 * The kubeconfig has one cluster, user and context: the context and cluster are named
 * `switchboard-embedded`, the user entry `switchboard-admin`, whose bearer token is the cluster
 * admin's (`kubernetes-admin` in `system:masters`, emulator/auth/embedded-cluster.ts).
 */
import { resolve } from 'node:path';
import { writePrivateFile } from './auth/pki/key-files';
import type { UserInfo } from './auth/types';
import type { AuthorizationMode } from './auth/embedded-cluster';
import type { ClusterStore, Controller } from './core/types';
import {
  DEFAULT_MINOR_VERSION,
  loadScenario,
  parseScenarioName,
  type ScenarioHandle,
  type ScenarioSummary,
} from './scenarios/index';
import { startEmulator, type RunningEmulator } from './server';

export const CONTEXT_NAME = 'switchboard-embedded';
export const USER_NAME = 'switchboard-admin';

export interface EmbeddedClusterOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  host?: string;
  scenario?: string;
  kubelet?: boolean;
  /** Kubernetes minor version reported on /version (27–33). */
  minorVersion?: number;
  /** `--token-auth-file`'s users by bearer token. */
  tokenUsers?: ReadonlyMap<string, UserInfo>;
  /** `--authorization-mode`: RBAC (default) or AlwaysAllow. */
  authorizationMode?: AuthorizationMode;
  readinessDelayMs?: number;
  historySize?: number;
  /** Serve /openapi/v2 (protobuf) for kubectl 1.27/1.28's client-side validation. */
  openAPIV2?: boolean;
  /** Write the kubeconfig here (atomically) once ready. */
  kubeconfigOut?: string;
  /** Bearer token of the kubeconfig's user (default: random, or the one kept in certDir). */
  token?: string;
  /** Serve plain HTTP (`--insecure-http`); default HTTPS. */
  insecureHttp?: boolean;
  /** Keep and reuse the CA, serving certificate and keys here (`--cert-dir`). */
  certDir?: string;
  /** Append the audit log (audit.k8s.io/v1 Events, one JSON line each) to this file. */
  auditLog?: string;
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
  /** PEM of the cluster's CA (the kubeconfig's certificate-authority-data); none over HTTP. */
  caCertificate?: string;
  store: ClusterStore;
  /** Whether the controllers settled before the bound (false: still converging). */
  settled: boolean;
  stop(): Promise<void>;
}

/**
 * The kubeconfig of the embedded cluster: over HTTPS it trusts exactly the cluster's CA
 * (`certificate-authority-data`), as a kubeconfig of a real cluster does; over plain HTTP
 * (`--insecure-http`) there is no CA, and `insecure-skip-tls-verify` is what client-node needs to
 * accept an `http://` server.
 */
export function kubeconfigYaml(url: string, token: string, caCertificate?: string): string {
  const trust = caCertificate
    ? `certificate-authority-data: ${Buffer.from(caCertificate).toString('base64')}`
    : 'insecure-skip-tls-verify: true';
  return `apiVersion: v1
kind: Config
clusters:
  - name: ${CONTEXT_NAME}
    cluster:
      server: ${url}
      ${trust}
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
  const progress = options.onProgress ?? (() => undefined);
  const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

  let handle: ScenarioHandle | undefined;
  const emulator = await startEmulator({
    port: options.port ?? 0,
    host,
    minorVersion,
    kubelet: options.kubelet ?? true,
    readinessDelayMs: options.readinessDelayMs,
    tokenUsers: options.tokenUsers,
    authorizationMode: options.authorizationMode,
    adminToken: options.token,
    insecureHttp: options.insecureHttp,
    certDir: options.certDir,
    auditLog: options.auditLog,
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
  const token = emulator.adminToken;
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
    const scheme = emulator.caCertificate ? 'https' : 'http';
    const url = `${scheme}://${host === '0.0.0.0' ? '127.0.0.1' : urlHost}:${emulator.port}`;
    const kubeconfig = kubeconfigYaml(url, token, emulator.caCertificate);
    const kubeconfigPath = options.kubeconfigOut ? resolve(options.kubeconfigOut) : undefined;
    if (kubeconfigPath) await writePrivateFile(kubeconfigPath, kubeconfig);

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
      ...(emulator.caCertificate ? { caCertificate: emulator.caCertificate } : {}),
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
