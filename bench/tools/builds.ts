/**
 * Several standalone builds of the dashboard served side by side against one cluster, for the
 * benchmarks that compare builds (bench/first-picture.ts, bench/stream-builds.ts).
 *
 * Contract: `buildDirs(list)` turns a comma-separated `--dirs` value into absolute directories
 * (the server runs with its own directory as the working directory); `startBuilds(dirs,
 * kubeconfig)` starts one dashboard per directory, in order; the caller stops each.
 */
import { resolve } from 'node:path';
import { startStandalone, type Dashboard } from '../../e2e/harness';

export const buildDirs = (list: string): string[] => list.split(',').map((dir) => resolve(dir));

export async function startBuilds(
  dirs: readonly string[],
  kubeconfig: string,
): Promise<Dashboard[]> {
  const dashboards: Dashboard[] = [];
  for (const dir of dirs)
    dashboards.push(
      await startStandalone({ dir, env: { ...process.env, SWITCHBOARD_KUBECONFIG: kubeconfig } }),
    );
  return dashboards;
}
