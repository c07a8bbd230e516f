/**
 * Where the browser reaches one cluster of the dashboard: the API paths it calls and the page
 * paths it links to. Every browser fetch and EventSource builds its URL here, so a page bound to
 * a cluster never calls another cluster's routes by accident.
 *
 * Contract: pure and isomorphic. A `ClusterRef` is a cluster's id (its kubeconfig context name)
 * or `null`, the server's first (or only) cluster, which keeps the paths a one-cluster dashboard
 * always had (`/api/…`, `/`). `apiPath(ref, '/services/ns/name/timeline')` gives
 * `/api/clusters/<id>/services/ns/name/timeline`; `pagePath(ref, '/external-services/new')` gives
 * `/c/<id>/external-services/new` and `pagePath(ref, '/?focus=ns/n')` gives `/c/<id>?focus=ns/n`.
 * The id is one percent-encoded path segment (context names may hold `/`, `:` or `@`). Paths given
 * start with `/` and may carry a query. `switchClusterPath` is where the cluster chooser goes.
 */

import { clusterApiPath } from './clusters';

export type ClusterRef = string | null;

const segment = (value: string) => encodeURIComponent(value);

/** `/api<path>` for the first cluster, else `/api/clusters/<id><path>`. */
export function apiPath(cluster: ClusterRef, path: string): string {
  return cluster === null ? `/api${path}` : clusterApiPath(cluster, path);
}

/** The path of one Service's route below the API root: `/services/<ns>/<name>/<tail>`. */
export function servicePath(namespace: string, name: string, tail: string): string {
  return `/services/${segment(namespace)}/${segment(name)}/${tail}`;
}

/** A page of the dashboard for a cluster: `/c/<id>…`; the page itself for the first cluster. */
export function pagePath(cluster: ClusterRef, path: string): string {
  if (cluster === null) return path;
  // The map is the cluster's root: `/?focus=…` becomes `/c/<id>?focus=…`, not `/c/<id>/?…`.
  const rest = path === '/' || path.startsWith('/?') ? path.slice(1) : path;
  return `/c/${segment(cluster)}${rest}`;
}

/** The map of a cluster with one Service in focus (lib/graph/url-state.ts `focus`). */
export function focusPath(cluster: ClusterRef, namespace: string, name: string): string {
  return pagePath(cluster, `/?focus=${segment(namespace)}/${segment(name)}`);
}

/** The cluster a page path is bound to (`/c/<id>/…`), and the path below it; null elsewhere. */
export function clusterOfPath(pathname: string): { cluster: string; rest: string } | null {
  const match = /^\/c\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match) return null;
  let cluster: string;
  try {
    cluster = decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
  return { cluster, rest: match[2] ?? '/' };
}

/**
 * Where the chooser takes a page at `pathname` + `search` when `target` is chosen: the same page
 * of that cluster with the same query where it means the same there (the map and its filters,
 * the Add form and its namespace); one Service's edit form, which names an object of the cluster
 * left, opens that Service on the target's map instead; every other page (overview, search,
 * compare) opens the target's map.
 */
export function switchClusterPath(pathname: string, search: string, target: string): string {
  const bound = clusterOfPath(pathname);
  const rest = bound ? bound.rest : pathname;
  const query = new URLSearchParams(search);
  query.delete('cluster');
  const text = query.toString();
  const withQuery = (path: string) => `${path}${text ? `?${text}` : ''}`;
  // The map and its filters (`/c/<id>`, or `/?cluster=<id>`), the Add form and its namespace.
  if (rest === '/' || rest === '/external-services/new') return withQuery(pagePath(target, rest));
  if (rest === '/external-services/edit') {
    const namespace = query.get('namespace');
    const name = query.get('name');
    return namespace && name ? focusPath(target, namespace, name) : pagePath(target, '/');
  }
  return pagePath(target, '/');
}
