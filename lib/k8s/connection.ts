import 'server-only';
/**
 * How the dashboard process reaches a cluster: what a hub needs of one kubeconfig context.
 *
 * Contract: `cli/serve.ts` passes the user's choice to the Next server through the environment
 * (SWITCHBOARD_KUBECONFIG, SWITCHBOARD_CONTEXT(S), SWITCHBOARD_ALL_CONTEXTS,
 * SWITCHBOARD_READ_ONLY=1); without SWITCHBOARD_KUBECONFIG the usual order applies (KUBECONFIG,
 * ~/.kube/config, in-cluster ServiceAccount). Which contexts become clusters is decided once, in
 * lib/k8s/cluster-set.ts, and the process holds them in the registry (lib/k8s/clusters.ts).
 * Credentials stay in this process: nothing here is ever sent to a browser — `ClusterInfo` is
 * the only part that is, and it names the context, never the API server's URL. Whether the
 * cluster is simulated is not configured: the cluster says so itself, and the hub reads it at
 * connect time (`Hub.identify()`, lib/k8s/cluster-identity.ts); until then `info.simulated` is
 * false.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterInfo } from '../stream/protocol';
import { clusterRegistry, connectionOf } from './clusters';
import { loadKubeConfig, type Env } from './kubeconfig';

export interface ClusterConnection {
  kubeConfig: KubeConfig;
  info: ClusterInfo;
}

export { connectionOf };

/** The default cluster's connection for `env`, read now (tests and benchmarks). */
export function loadClusterConnection(env: Env = process.env): ClusterConnection {
  return connectionOf(loadKubeConfig(env), env);
}

/**
 * The connection of cluster `clusterId` (default: the default cluster) of this process; throws
 * when no cluster is configured, the id is unknown (`UnknownClusterError`) or its entry unusable.
 */
export function getClusterConnection(clusterId?: string): ClusterConnection {
  return clusterRegistry().connection(clusterId);
}
