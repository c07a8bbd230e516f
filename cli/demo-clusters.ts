/**
 * `switchboard serve --demo-clusters N`: N embedded clusters (`switchboard cluster` child
 * processes) of different scenarios, written into one kubeconfig with N contexts, so the
 * dashboard shows its multi-cluster view with nothing to configure.
 *
 * Contract:
 * - the scenarios cycle through `DEMO_SCENARIOS` (demo, seed, a small large:N, empty); the
 *   context of each — its cluster id in the dashboard — is `sim-<scenario>` (`:` made `-`), with
 *   `-2`, `-3`… when a scenario repeats;
 * - every cluster is spawned before any is waited for (they start in parallel); each child is
 *   handed to `track` at once, so the caller stops them all with the server whatever happens next;
 * - the combined kubeconfig keeps each cluster's own server, CA and token under names of its
 *   own (each embedded cluster writes the same context name), current-context the first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export const DEMO_SCENARIOS = ['demo', 'seed', 'large:300', 'empty'] as const;
export const MAX_DEMO_CLUSTERS = 12;

/** The scenario and context name of each of `n` demo clusters. */
export function demoClusters(n: number): { id: string; scenario: string }[] {
  const seen = new Map<string, number>();
  return Array.from({ length: n }, (_, i) => {
    const scenario = DEMO_SCENARIOS[i % DEMO_SCENARIOS.length]!;
    const base = `sim-${scenario.replace(/:/g, '-')}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { id: count === 1 ? base : `${base}-${count}`, scenario };
  });
}

/** One kubeconfig holding each cluster's (single-context) kubeconfig under the name `id`. */
export function combineKubeconfigs(parts: readonly { id: string; file: string }[]): string {
  const combined = new KubeConfig();
  const clusters = [];
  const users = [];
  const contexts = [];
  for (const { id, file } of parts) {
    const one = new KubeConfig();
    one.loadFromFile(file);
    const cluster = one.getCurrentCluster();
    const user = one.getCurrentUser();
    const context = one.getContextObject(one.getCurrentContext());
    if (!cluster || !user || !context) throw new Error(`${file}: no current context`);
    clusters.push({ ...cluster, name: id });
    users.push({ ...user, name: id });
    contexts.push({ ...context, name: id, cluster: id, user: id });
  }
  combined.loadFromOptions({ clusters, users, contexts, currentContext: parts[0]?.id ?? '' });
  return combined.exportConfig();
}

/**
 * Writes `combineKubeconfigs(parts)` as `<dir>/kubeconfig`, readable by its owner only (it holds
 * every cluster's credentials), and returns its path.
 */
export function writeCombinedKubeconfig(
  dir: string,
  parts: readonly { id: string; file: string }[],
): string {
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, combineKubeconfigs(parts), { mode: 0o600 });
  return kubeconfig;
}

export function waitForFile(path: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((res, rej) => {
    const deadline = Date.now() + timeoutMs;
    const onExit = (code: number | null) =>
      rej(new Error(`the embedded cluster exited (code ${code}) before it was ready`));
    child.once('exit', onExit);
    const poll = () => {
      if (existsSync(path)) {
        child.off('exit', onExit);
        res();
      } else if (Date.now() > deadline) {
        child.off('exit', onExit);
        rej(new Error(`the embedded cluster did not become ready within ${timeoutMs / 1000} s`));
      } else setTimeout(poll, 100);
    };
    poll();
  });
}

/**
 * The arguments (after node's own) that start one `switchboard cluster` of `scenario` on a free
 * port, writing its kubeconfig to `kubeconfig` once it serves.
 */
export function embeddedClusterArgs(root: string, scenario: string, kubeconfig: string): string[] {
  return [
    join(root, 'bin', 'switchboard.mjs'),
    'cluster',
    '--port',
    '0',
    '--kubeconfig-out',
    kubeconfig,
    '--scenario',
    scenario,
  ];
}

/** Spawns one `switchboard cluster` writing its kubeconfig to `kubeconfig`. */
export function spawnEmbeddedCluster(root: string, scenario: string, kubeconfig: string) {
  return spawn(process.execPath, embeddedClusterArgs(root, scenario, kubeconfig), {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/**
 * Starts `n` demo clusters under `dir` and writes their combined kubeconfig there; resolves with
 * its path and the context names. Rejects when one does not come up (the caller stops them).
 */
export async function startDemoClusters(
  root: string,
  n: number,
  dir: string,
  track: (child: ChildProcess) => void,
): Promise<{ kubeconfig: string; ids: string[] }> {
  const planned = demoClusters(n).map((c) => ({ ...c, file: join(dir, `kubeconfig-${c.id}`) }));
  const children = planned.map((c) => {
    const child = spawnEmbeddedCluster(root, c.scenario, c.file);
    track(child);
    return child;
  });
  await Promise.all(planned.map((c, i) => waitForFile(c.file, children[i]!, 180_000)));
  const kubeconfig = writeCombinedKubeconfig(dir, planned);
  return { kubeconfig, ids: planned.map((c) => c.id) };
}
