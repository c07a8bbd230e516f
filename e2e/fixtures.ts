/**
 * Playwright fixtures: every test gets its own embedded cluster (scenario chosen with
 * `test.use({ scenario: 'seed' })`) and its own dashboard (`node server.js` of the standalone
 * build, as the image runs it) on free loopback ports, both stopped when the test ends.
 */
import { test as base, expect } from '@playwright/test';
import { startCluster, startDashboard, type Dashboard, type EmbeddedCluster } from './harness';

interface Options {
  scenario: string;
  clusterArgs: string[];
  readOnly: boolean;
}

interface Fixtures {
  cluster: EmbeddedCluster;
  dashboard: Dashboard;
}

export const test = base.extend<Options & Fixtures>({
  scenario: ['seed', { option: true }],
  clusterArgs: [[], { option: true }],
  readOnly: [false, { option: true }],
  cluster: async ({ scenario, clusterArgs }, provide) => {
    const cluster = await startCluster(scenario, { extraArgs: clusterArgs });
    await provide(cluster);
    await cluster.stop();
  },
  dashboard: async ({ cluster, readOnly }, provide) => {
    const dashboard = await startDashboard(cluster.kubeconfig, { readOnly });
    await provide(dashboard);
    await dashboard.stop();
  },
  baseURL: async ({ dashboard }, provide) => {
    await provide(dashboard.url);
  },
});

export { expect };
