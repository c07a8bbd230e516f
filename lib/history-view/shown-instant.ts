/**
 * Which instant the map's records are of, given the URL's history parameters: `?at=` shows that
 * instant; diff mode (`?from=&to=`) shows the later one, the state the changes led to; neither is
 * live (null). Pure; read by the pipeline's runner and the page alike so they never disagree.
 * `firstRecords`: what the page's first picture is drawn from — the server's live records for
 * the live map, none for a past instant (its records are still on their way; drawing the live
 * ones meanwhile would show the live map labelled as history).
 */
import type { MapParams } from '../graph/url-state';

export function shownInstant(params: Pick<MapParams, 'at' | 'to'>): string | null {
  return params.at ?? params.to ?? null;
}

export function firstRecords<R>(params: Pick<MapParams, 'at' | 'to'>, live: R[]): R[] {
  return shownInstant(params) === null ? live : [];
}
