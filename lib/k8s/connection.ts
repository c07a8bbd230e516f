import 'server-only';
/**
 * How the dashboard process reaches its cluster: the one place that reads the kubeconfig.
 *
 * Contract: `cli/serve.ts` passes the user's choice to the Next server through the environment
 * (SWITCHBOARD_KUBECONFIG, SWITCHBOARD_CONTEXT, SWITCHBOARD_READ_ONLY=1); without
 * SWITCHBOARD_KUBECONFIG the usual order applies (KUBECONFIG, ~/.kube/config, in-cluster
 * ServiceAccount). Credentials stay in this process: nothing here is ever sent to a browser —
 * `ClusterInfo` is the only part that is, and it names
 * the context, never the API server's URL. Whether the cluster is simulated is not configured:
 * the cluster says so itself, and the hub reads it at connect time (`Hub.identify()`,
 * lib/k8s/cluster-identity.ts); until then `info.simulated` is false.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterInfo } from '../stream/protocol';
import { loadKubeConfig, type Env } from './kubeconfig';

export interface ClusterConnection {
  kubeConfig: KubeConfig;
  info: ClusterInfo;
}

let cached: ClusterConnection | undefined;

export function loadClusterConnection(env: Env = process.env): ClusterConnection {
  const kubeConfig = loadKubeConfig(env);
  const cluster = kubeConfig.getCurrentCluster()!;
  return {
    kubeConfig,
    info: {
      name: kubeConfig.getCurrentContext() || cluster.name,
      simulated: false,
      readOnly: env.SWITCHBOARD_READ_ONLY === '1',
    },
  };
}

/** The process-wide connection (one per Next server process). */
export function getClusterConnection(): ClusterConnection {
  cached ??= loadClusterConnection();
  return cached;
}
