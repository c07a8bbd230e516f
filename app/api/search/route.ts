/**
 * `GET /api/search?q=`: the Services a name, `k=v` label or IP finds in every cluster, each with
 * its cluster and what matched (`SearchAnswer`, lib/api/clusters.ts; the map's search semantics,
 * lib/clusters/search.ts), of what the viewer may see in each. A cluster that cannot be searched
 * is listed in `errors`. 400 without `q`; 503 when no cluster can be configured at all.
 */
import { searchClusters } from '@/lib/clusters/server';
import { apiRoute, fail, reply } from '@/lib/http/api-route';
import { requireClusters } from '@/lib/http/cluster';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Longer queries are not what a search box sends. */
const MAX_QUERY = 512;

export const GET = apiRoute({ guard: 'none' }, async ({ url, viewer }) => {
  const q = (url.searchParams.get('q') ?? '').trim();
  if (!q || q.length > MAX_QUERY) {
    fail('bad-request', `q must be a search of 1 to ${MAX_QUERY} characters.`, {
      errors: [{ field: 'q', message: 'a name, a label k=v or an IP' }],
    });
  }
  requireClusters();
  return reply.json(await searchClusters(viewer, q));
});

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
