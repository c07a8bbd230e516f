import 'server-only';
/**
 * Starting every cluster of the process at server start (instrumentation.ts), and keeping the set
 * current while the server runs.
 *
 * Contract: each cluster's hub starts syncing and its timeline recording at once (not at the first
 * request); the kubeconfig files are watched (lib/k8s/clusters.ts), and a context that appears is
 * started the same way, while one that disappears (or is replaced) has its history closed — its
 * hub is stopped by the registry. A cluster whose entry cannot be used is logged and skipped; the
 * others start regardless. Throws only when no cluster can be configured at all.
 */
import { startDiagnostics } from '../diagnostics/server';
import { errorMessage } from '../error-message';
import { closeServerHistory } from '../history/server';
import { clusterRegistry } from '../k8s/clusters';
import type { Hub } from '../k8s/hub';

function startOne(id: string): void {
  try {
    clusterRegistry().hub(id).start();
    startDiagnostics(id);
  } catch (error) {
    console.error(`[switchboard] cluster ${id}: ${errorMessage(error)}`);
  }
}

export function startClusters(): void {
  const registry = clusterRegistry();
  for (const id of registry.ids()) startOne(id);
  // The hubs as they were before a change, so a removed or replaced one's history can be closed.
  const hubsNow = () =>
    new Map<string, Hub>(
      registry.ids().flatMap((id) => {
        const hub = registry.existingHub(id);
        return hub ? [[id, hub] as const] : [];
      }),
    );
  let known = hubsNow();
  registry.onChange((change) => {
    for (const id of [...change.removed, ...change.changed]) {
      const hub = known.get(id);
      if (hub) void closeServerHistory(hub);
    }
    for (const id of [...change.added, ...change.changed]) startOne(id);
    known = hubsNow();
  });
  registry.watchFiles();
}
