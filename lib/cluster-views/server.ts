import 'server-only';
/**
 * The cluster ids the pages offer (lib/k8s/clusters.ts's registry, default first), and the
 * default cluster's name (the map's at today's paths names it in its title).
 *
 * Contract: never throws: with no usable configuration there is no cluster to list, and the page
 * shows the map's own words for that (app/map-page.tsx) instead of failing.
 */
import { clusterIds } from '../k8s/clusters';
import { getClusterConnection } from '../k8s/connection';

export function configuredClusterIds(): string[] {
  try {
    return clusterIds();
  } catch {
    return [];
  }
}

/** The default cluster's name, as its map shows it; null with no usable configuration. */
export function defaultClusterName(): string | null {
  try {
    return getClusterConnection().info.name;
  } catch {
    return null;
  }
}
