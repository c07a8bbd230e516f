/**
 * kubectl in e2e specs: runs it against the test's embedded cluster (e2e/harness.ts isolates
 * its kubeconfig and cache) and fails the test, with kubectl's stderr, when it does not succeed.
 */
import { expect } from '@playwright/test';
import type { EmbeddedCluster } from './harness';

export async function kubectlOk(cluster: EmbeddedCluster, ...args: string[]): Promise<string> {
  const result = await cluster.kubectl(...args);
  expect(result.code, `kubectl ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result.stdout;
}
