/**
 * Where the dashboard's cluster comes from, and loading its KubeConfig.
 *
 * Contract: the order is `--kubeconfig FILE` >
 * `KUBECONFIG` > `~/.kube/config` > the in-cluster ServiceAccount (KUBERNETES_SERVICE_HOST and
 * its token file) > none (the CLI then starts the embedded cluster). `loadKubeConfig(env)` is
 * what the Next server process does with the environment cli/serve.ts hands it
 * (SWITCHBOARD_KUBECONFIG, SWITCHBOARD_CONTEXT). Node-only; no `server-only` marker so that the
 * CLI can use it outside Next.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

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
  if (env.KUBERNETES_SERVICE_HOST && exists(IN_CLUSTER_TOKEN)) return { kind: 'in-cluster' };
  return { kind: 'none' };
}

/** The KubeConfig for SWITCHBOARD_KUBECONFIG/SWITCHBOARD_CONTEXT, else client-node's default order. */
export function loadKubeConfig(env: Env = process.env): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (env.SWITCHBOARD_KUBECONFIG) {
    kubeConfig.loadFromFile(env.SWITCHBOARD_KUBECONFIG);
  } else {
    // KUBECONFIG, then ~/.kube/config, then the in-cluster ServiceAccount.
    kubeConfig.loadFromDefault();
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
