import 'server-only';
/**
 * The scope each request is served with: `EVERYTHING` for the dashboard acting as itself
 * (`--auth none`, no review, no cost), else the signed-in person's, decided by the process-wide
 * resolver (lib/access/resolver.ts) against the configured cluster with the dashboard's
 * credentials and the namespaces its cache holds.
 *
 * Contract: `scopeOf(viewer)` never throws for a review that fails (the scope then denies and
 * says so); it throws only when no cluster is configured, as the hub does.
 */
import type { Viewer } from '../auth/viewer';
import { getClusterConnection } from '../k8s/connection';
import { getDashboardHub } from '../k8s/server';
import { createKubeClient } from '../k8s/write/client';
import { AccessResolver } from './resolver';
import { EVERYTHING, type AccessScope } from './scope';
import { accessSettingsFromEnv, type AccessSettings } from './settings';

const RESOLVER_KEY = Symbol.for('switchboard.access-resolver');
type ResolverGlobal = typeof globalThis & { [RESOLVER_KEY]?: AccessResolver };

let settings: AccessSettings | undefined;

export function accessSettings(): AccessSettings {
  settings ??= accessSettingsFromEnv(process.env);
  return settings;
}

/** As long as the routes wait for a first sync (lib/http/cluster.ts). */
const SYNC_WAIT_MS = 5000;

function resolver(): AccessResolver {
  const g = globalThis as ResolverGlobal;
  g[RESOLVER_KEY] ??= new AccessResolver({
    send: createKubeClient(getClusterConnection().kubeConfig),
    namespaces: () =>
      getDashboardHub()
        .cache.list('Namespace')
        .map((n) => n.meta.name),
    ttlMs: accessSettings().cacheMs,
  });
  return g[RESOLVER_KEY];
}

export async function scopeOf(viewer: Viewer): Promise<AccessScope> {
  if (viewer.mode === 'none') return EVERYTHING;
  // The namespaces to review come from the hub's cache: asked before the first sync, a person
  // would be reviewed against no namespace at all and shown nothing until the answer expires.
  // No cluster configured: the route's own cluster check answers that (503), not this.
  const hub = (() => {
    try {
      return getDashboardHub();
    } catch {
      return undefined;
    }
  })();
  await hub?.waitForSync(SYNC_WAIT_MS);
  return resolver().scopeFor(viewer.user);
}
