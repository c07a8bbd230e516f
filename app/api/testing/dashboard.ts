/**
 * Test support for the route tests that run the dashboard in their own process against embedded
 * clusters: a cluster started and made the dashboard's one cluster (its kubeconfig in
 * `SWITCHBOARD_KUBECONFIG`, as `switchboard serve --kubeconfig` sets it), and the teardown every
 * such file needs — stop what the routes started (every hub of the process's cluster registry;
 * none when no route reached a cluster), then the clusters and proxies the file started.
 */
import { clusterRegistry } from '@/lib/k8s/clusters';
import { startCluster, type EmbeddedCluster } from '../../../e2e/harness';

/** Starts `scenario`'s embedded cluster and points the dashboard at it. */
export async function startDashboardCluster(
  scenario: string,
  options?: Parameters<typeof startCluster>[1],
): Promise<EmbeddedCluster> {
  const cluster = await startCluster(scenario, options);
  process.env.SWITCHBOARD_KUBECONFIG = cluster.kubeconfig;
  return cluster;
}

interface Stoppable {
  stop(): Promise<unknown>;
}

/**
 * For `after`: stops the dashboard's hubs, then `started` (clusters, proxies; one that a failed
 * `before` left undefined is skipped) together.
 */
export async function stopDashboard(...started: (Stoppable | undefined)[]): Promise<void> {
  try {
    await clusterRegistry().stop();
  } catch {
    // never configured: no route reached a cluster
  }
  await Promise.all(started.map((s) => s?.stop()));
}
