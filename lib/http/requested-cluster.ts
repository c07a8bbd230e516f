/**
 * Which cluster a request names: the `[cluster]` segment of `/api/clusters/<id>/…`, else the
 * `?cluster=<id>` query of the older paths, else none — the default cluster.
 *
 * Contract: pure; the one reading of that rule, for the routes (lib/http/cluster.ts) and the
 * audit line (lib/http/api-route.ts). The id is returned decoded, as Next hands route params.
 */
export function requestedCluster(input: {
  url: URL;
  params?: Record<string, string | string[] | undefined>;
}): string | undefined {
  const fromPath = input.params?.cluster;
  if (typeof fromPath === 'string' && fromPath !== '') return fromPath;
  return input.url.searchParams.get('cluster') || undefined;
}
