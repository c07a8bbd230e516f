import 'server-only';
/**
 * The scope each request is served with: `EVERYTHING` for the dashboard acting as itself
 * (`--auth none`, no review, no cost), else the signed-in person's, decided by the process-wide
 * resolver (lib/access/resolver.ts) of the cluster asked about — one per cluster — with the
 * dashboard's credentials for it and the namespaces its cache holds.
 *
 * Contract: `scopeOf(viewer)` never throws for a review that fails (the scope then denies and
 * says so); it throws only when the cluster cannot be configured (or is unknown), as the hub does,
 * and — asking first who the person is in that cluster (lib/auth/cluster-viewer.ts) — a
 * `ClusterSignInError` when that cluster does not sign them in. The reviews are of the person as
 * that cluster names them.
 */
import { requireViewerInCluster } from '../auth/cluster-viewer';
import type { Viewer } from '../auth/viewer';
import { getClusterConnection } from '../k8s/connection';
import type { Hub } from '../k8s/hub';
import { getDashboardHub } from '../k8s/server';
import { createKubeClient } from '../k8s/write/client';
import { AccessResolver } from './resolver';
import { EVERYTHING, type AccessScope } from './scope';
import { accessSettingsFromEnv, type AccessSettings } from './settings';

const RESOLVER_KEY = Symbol.for('switchboard.access-resolver');
/** One resolver per cluster hub: RBAC is the cluster's own, and so are its namespaces. */
type ResolverGlobal = typeof globalThis & { [RESOLVER_KEY]?: WeakMap<Hub, AccessResolver> };

let settings: AccessSettings | undefined;

export function accessSettings(): AccessSettings {
  settings ??= accessSettingsFromEnv(process.env);
  return settings;
}

/** As long as the routes wait for a first sync (lib/http/cluster.ts). */
const SYNC_WAIT_MS = 5000;

function resolver(hub: Hub, clusterId: string | undefined): AccessResolver {
  const g = globalThis as ResolverGlobal;
  const resolvers = (g[RESOLVER_KEY] ??= new WeakMap());
  let found = resolvers.get(hub);
  if (!found) {
    found = new AccessResolver({
      send: createKubeClient(getClusterConnection(clusterId).kubeConfig),
      namespaces: () => hub.cache.list('Namespace').map((n) => n.meta.name),
      ttlMs: accessSettings().cacheMs,
    });
    resolvers.set(hub, found);
  }
  return found;
}

/** What `viewer` may see in cluster `clusterId` (default: the default cluster). */
export async function scopeOf(viewer: Viewer, clusterId?: string): Promise<AccessScope> {
  if (viewer.mode === 'none') return EVERYTHING;
  // The namespaces to review come from the hub's cache: asked before the first sync, a person
  // would be reviewed against no namespace at all and shown nothing until the answer expires.
  // No cluster configured or no such cluster: this throws; routes ask `requireScope`
  // (lib/http/cluster.ts), which answers that as a problem first.
  const hub = getDashboardHub(clusterId);
  const here = await requireViewerInCluster(viewer, clusterId);
  if (here.mode === 'none') return EVERYTHING;
  await hub.waitForSync(SYNC_WAIT_MS);
  return resolver(hub, clusterId).scopeFor(here.user);
}
