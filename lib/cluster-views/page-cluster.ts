/**
 * Which cluster a page is for, read from its URL: the map at `/c/<id>` (or `/?cluster=<id>`,
 * moved there), and whether `/` is the overview or the map.
 *
 * Contract: pure; the server pages (app/) decide with it and the tests pin it down. With one
 * cluster `/` is that cluster's map at today's paths; with several, `/` is the overview — except
 * a link made for one cluster (`?cluster=`, or map parameters such as `?focus=` that older links
 * and the server's write results carry), which goes to that cluster's map (the default cluster
 * when it names none). An unknown id is `unknown` (the page answers 404).
 */
import { pagePath } from '../api/paths';

type Search = Record<string, string | string[] | undefined>;

/** Query parameters only a map page reads (lib/graph/url-state.ts). */
const MAP_PARAMS = ['focus', 'ns', 'q', 'problems', 'all', 'at', 'from', 'to'];

export type RootPage =
  | { kind: 'map' }
  | { kind: 'overview' }
  | { kind: 'redirect'; to: string }
  | { kind: 'unknown'; cluster: string };

function queryOf(search: Search, drop: string): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (key === drop || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) query.append(key, v);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

export function rootPage(ids: readonly string[], search: Search): RootPage {
  const asked = search.cluster;
  if (typeof asked === 'string' && asked !== '') {
    if (!ids.includes(asked)) return { kind: 'unknown', cluster: asked };
    return { kind: 'redirect', to: `${pagePath(asked, '/')}${queryOf(search, 'cluster')}` };
  }
  if (ids.length < 2) return { kind: 'map' };
  if (MAP_PARAMS.some((key) => search[key] !== undefined))
    return { kind: 'redirect', to: `${pagePath(ids[0]!, '/')}${queryOf(search, 'cluster')}` };
  return { kind: 'overview' };
}

/** The id a `/c/[cluster]` segment names, as the registry knows it; null when it knows none. */
export function knownCluster(ids: readonly string[], segment: string): string | null {
  if (ids.includes(segment)) return segment;
  try {
    const decoded = decodeURIComponent(segment);
    return ids.includes(decoded) ? decoded : null;
  } catch {
    return null;
  }
}
