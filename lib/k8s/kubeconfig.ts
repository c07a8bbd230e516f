/**
 * Where the dashboard's cluster comes from, and loading its KubeConfig.
 *
 * Contract: the order is `--kubeconfig FILE` >
 * `KUBECONFIG` > `~/.kube/config` > the in-cluster ServiceAccount (KUBERNETES_SERVICE_HOST and
 * its token file) > none (the CLI then starts the embedded cluster). `loadKubeConfig(env)` is
 * what the Next server process does with its environment — the one cli/serve.ts hands it
 * (SWITCHBOARD_KUBECONFIG, SWITCHBOARD_CONTEXT), or a pod's when the image runs the server
 * directly — in the same order, and throws when there is no cluster at all. Several files (a
 * path list in KUBECONFIG or SWITCHBOARD_KUBECONFIG) merge as kubectl merges them, and the
 * contexts chosen become the dashboard's clusters: `loadClusterSelection` (lib/k8s/cluster-set.ts);
 * `loadKubeConfig` is the first (default) one of them.
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
import {
  clusterChoiceFromEnv,
  loadMergedKubeConfig,
  selectClusters,
  splitPathList,
  type ClusterEntry,
} from './cluster-set';
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

/** The merged KubeConfig of the configured files (or in-cluster), and the files it came from. */
export function loadConfiguredKubeConfig(
  env: Env = process.env,
  home?: string,
): { kubeConfig: KubeConfig; files: string[] } {
  const source: ClusterSource = env.SWITCHBOARD_KUBECONFIG
    ? { kind: 'flag', file: env.SWITCHBOARD_KUBECONFIG }
    : resolveClusterSource({ env, home });
  switch (source.kind) {
    case 'flag':
    case 'home':
    case 'env': {
      // A list of files merges as kubectl merges it (lib/k8s/cluster-set.ts).
      const files = splitPathList(source.kind === 'env' ? source.files : source.file);
      return { kubeConfig: loadMergedKubeConfig(files), files };
    }
    case 'in-cluster': {
      const kubeConfig = new KubeConfig();
      loadInCluster(kubeConfig, env);
      return { kubeConfig, files: [] };
    }
    case 'none':
      throw new Error(
        'no kubeconfig (KUBECONFIG, ~/.kube/config) and no in-cluster ServiceAccount ' +
          `(KUBERNETES_SERVICE_HOST and ${join(serviceAccountDir(env), 'token')})`,
      );
  }
}

/**
 * The clusters the environment chooses (lib/k8s/cluster-set.ts), the default first; throws when
 * there is no configuration, a named context is not defined, or nothing is chosen.
 */
export function loadClusterSelection(
  env: Env = process.env,
  home?: string,
): { entries: ClusterEntry[]; files: string[] } {
  const { kubeConfig, files } = loadConfiguredKubeConfig(env, home);
  const { entries, missing } = selectClusters(kubeConfig, clusterChoiceFromEnv(env));
  if (missing.length > 0) {
    throw new Error(
      `kubeconfig has no context ${missing.map((c) => `"${c}"`).join(', ')} (it has: ${
        kubeConfig
          .getContexts()
          .map((c) => c.name)
          .join(', ') || 'none'
      })`,
    );
  }
  if (entries.length === 0) {
    throw new Error(
      `kubeconfig has no cluster for context "${kubeConfig.getCurrentContext() || '(none)'}"`,
    );
  }
  return { entries, files };
}

/** The default cluster's KubeConfig (the first one chosen); throws as `loadClusterSelection`. */
export function loadKubeConfig(env: Env = process.env, home?: string): KubeConfig {
  const [first] = loadClusterSelection(env, home).entries;
  if (first!.error) throw new Error(first!.error);
  return first!.kubeConfig;
}
