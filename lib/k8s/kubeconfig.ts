/**
 * Where the dashboard's cluster comes from, and loading its KubeConfig.
 *
 * Contract: the order is `--kubeconfig FILE` >
 * `KUBECONFIG` > `~/.kube/config` > the in-cluster ServiceAccount (KUBERNETES_SERVICE_HOST and
 * its token file) > none (the CLI then starts the embedded cluster). `loadKubeConfig(env)` is
 * what the Next server process does with its environment — the one cli/serve.ts hands it
 * (SWITCHBOARD_KUBECONFIG, SWITCHBOARD_CONTEXT), or a pod's when the image runs the server
 * directly — in the same order, and throws when there is no cluster at all.
 *
 * In-cluster: client-node's `loadFromCluster` (KUBERNETES_SERVICE_HOST/_PORT, the CA, the token
 * as a token file that client-node re-reads at most every 60 s, so a rotated bound token is
 * picked up). SWITCHBOARD_SERVICEACCOUNT_DIR names the directory holding `token`, `ca.crt` and
 * `namespace` when they are projected somewhere other than the standard
 * /var/run/secrets/kubernetes.io/serviceaccount. Node-only; no `server-only` marker so that the
 * CLI can use it outside Next.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { SERVICEACCOUNT_DIR, serviceAccountDir } from './service-account-dir';

export const IN_CLUSTER_TOKEN = `${SERVICEACCOUNT_DIR}/token`;

/** Environment variables as read here (process.env fits). */
export type Env = Record<string, string | undefined>;

export type ClusterSource =
  | { kind: 'flag'; file: string }
  /** KUBECONFIG, possibly a list of files (client-node merges them). */
  | { kind: 'env'; files: string }
  | { kind: 'home'; file: string }
  | { kind: 'in-cluster' }
  | { kind: 'none' };

export interface ResolveInputs {
  flagFile?: string;
  env?: Env;
  home?: string;
  exists?: (path: string) => boolean;
}

export function resolveClusterSource(inputs: ResolveInputs = {}): ClusterSource {
  const env = inputs.env ?? process.env;
  const exists = inputs.exists ?? existsSync;
  if (inputs.flagFile) return { kind: 'flag', file: inputs.flagFile };
  const list = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  if (list.length > 0) return { kind: 'env', files: list.join(delimiter) };
  const home = join(inputs.home ?? homedir(), '.kube', 'config');
  if (exists(home)) return { kind: 'home', file: home };
  if (env.KUBERNETES_SERVICE_HOST && exists(join(serviceAccountDir(env), 'token'))) {
    return { kind: 'in-cluster' };
  }
  return { kind: 'none' };
}

/**
 * client-node's in-cluster config, reading the credentials from `dir`: its `loadFromCluster`
 * takes only a prefix of the standard path, so its cluster and user are kept and the two file
 * paths pointed at `dir` (the token stays a token file, re-read as client-node does).
 */
function loadInCluster(kubeConfig: KubeConfig, env: Env): void {
  const dir = serviceAccountDir(env);
  // loadFromCluster reads KUBERNETES_SERVICE_HOST/_PORT from process.env only.
  const saved = {
    host: process.env.KUBERNETES_SERVICE_HOST,
    port: process.env.KUBERNETES_SERVICE_PORT,
  };
  process.env.KUBERNETES_SERVICE_HOST = env.KUBERNETES_SERVICE_HOST;
  process.env.KUBERNETES_SERVICE_PORT = env.KUBERNETES_SERVICE_PORT;
  try {
    kubeConfig.loadFromCluster();
  } finally {
    restoreEnv('KUBERNETES_SERVICE_HOST', saved.host);
    restoreEnv('KUBERNETES_SERVICE_PORT', saved.port);
  }
  const cluster = kubeConfig.getCurrentCluster()!;
  const user = kubeConfig.getCurrentUser()!;
  const context = kubeConfig.getContextObject(kubeConfig.getCurrentContext())!;
  const namespaceFile = join(dir, 'namespace');
  kubeConfig.loadFromOptions({
    clusters: [{ ...cluster, caFile: join(dir, 'ca.crt') }],
    users: [
      { ...user, authProvider: { name: 'tokenFile', config: { tokenFile: join(dir, 'token') } } },
    ],
    contexts: [
      {
        ...context,
        namespace: existsSync(namespaceFile)
          ? readFileSync(namespaceFile, 'utf8').trim()
          : undefined,
      },
    ],
    currentContext: context.name,
  });
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** The KubeConfig for SWITCHBOARD_KUBECONFIG/SWITCHBOARD_CONTEXT, else the order above. */
export function loadKubeConfig(env: Env = process.env, home?: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  const source: ClusterSource = env.SWITCHBOARD_KUBECONFIG
    ? { kind: 'flag', file: env.SWITCHBOARD_KUBECONFIG }
    : resolveClusterSource({ env, home });
  switch (source.kind) {
    case 'flag':
    case 'home':
      kubeConfig.loadFromFile(source.file);
      break;
    case 'env': {
      // A list of files merges as kubectl merges it: the first file's current-context wins.
      const [first, ...rest] = source.files.split(delimiter);
      kubeConfig.loadFromFile(first!);
      for (const file of rest) {
        const more = new KubeConfig();
        more.loadFromFile(file);
        kubeConfig.mergeConfig(more);
      }
      break;
    }
    case 'in-cluster':
      loadInCluster(kubeConfig, env);
      break;
    case 'none':
      throw new Error(
        'no kubeconfig (KUBECONFIG, ~/.kube/config) and no in-cluster ServiceAccount ' +
          `(KUBERNETES_SERVICE_HOST and ${join(serviceAccountDir(env), 'token')})`,
      );
  }
  if (env.SWITCHBOARD_CONTEXT) {
    if (!kubeConfig.getContextObject(env.SWITCHBOARD_CONTEXT)) {
      throw new Error(
        `kubeconfig has no context "${env.SWITCHBOARD_CONTEXT}" (it has: ${
          kubeConfig
            .getContexts()
            .map((c) => c.name)
            .join(', ') || 'none'
        })`,
      );
    }
    kubeConfig.setCurrentContext(env.SWITCHBOARD_CONTEXT);
  }
  if (!kubeConfig.getCurrentCluster()) {
    throw new Error(
      `kubeconfig has no cluster for context "${kubeConfig.getCurrentContext() || '(none)'}"`,
    );
  }
  return kubeConfig;
}
