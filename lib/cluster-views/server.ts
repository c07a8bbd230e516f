import 'server-only';
/**
 * The cluster ids the pages offer (lib/k8s/clusters.ts's registry, default first).
 *
 * Contract: never throws: with no usable configuration there is no cluster to list, and the page
 * shows the map's own words for that (app/map-page.tsx) instead of failing.
 */
import { clusterIds } from '../k8s/clusters';

export function configuredClusterIds(): string[] {
  try {
    return clusterIds();
  } catch {
    return [];
  }
}
