/**
 * Which instant the map's records are of, given the URL's history parameters: `?at=` shows that
 * instant; diff mode (`?from=&to=`) shows the later one, the state the changes led to; neither is
 * live (null). Pure; read by the pipeline's runner and the page alike so they never disagree.
 */
import type { MapParams } from '../graph/url-state';

export function shownInstant(params: Pick<MapParams, 'at' | 'to'>): string | null {
  return params.at ?? params.to ?? null;
}
