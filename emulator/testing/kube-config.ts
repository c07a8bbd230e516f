/**
 * Test support: a client-node `KubeConfig` for a running embedded cluster, built from the same
 * kubeconfig text the cluster writes (./../cluster.ts `kubeconfigYaml`): its https server, its CA
 * as `certificate-authority-data` (never skip-verify) and a bearer token, the admin's unless
 * another is given. Used only by tests.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { kubeconfigYaml } from '../cluster';

export interface KubeConfigTarget {
  url: string;
  caCertificate?: string;
  adminToken: string;
}

export function clusterKubeConfig(
  cluster: KubeConfigTarget,
  token = cluster.adminToken,
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml(cluster.url, token, cluster.caCertificate));
  return kc;
}
