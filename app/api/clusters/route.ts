/**
 * `GET /api/clusters`: every cluster this dashboard watches — connection state, Services by health
 * and the worst problems, of what the viewer may see in each — ordered by trouble
 * (`ClustersAnswer`, lib/api/clusters.ts). One cluster down does not fail the answer: its own
 * summary says so. 503 when no cluster can be configured at all.
 * `?view=ids`: only the ids in the dashboard's order (`ClusterIdsAnswer`), read from the
 * configuration without asking any cluster — what the header's chooser polls.
 */
import { clusterSummaries } from '@/lib/clusters/server';
import type { ClusterIdsAnswer } from '@/lib/api/clusters';
import { apiRoute, fail, reply } from '@/lib/http/api-route';
import { requireClusters } from '@/lib/http/cluster';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none' }, async ({ url, viewer }) => {
  const registry = requireClusters();
  const view = url.searchParams.get('view');
  if (view === 'ids') {
    const answer: ClusterIdsAnswer = { ids: registry.ids(), defaultCluster: registry.defaultId() };
    return reply.json(answer);
  }
  if (view !== null)
    fail('bad-request', `view must be "ids" or absent, not ${JSON.stringify(view)}.`);
  return reply.json(await clusterSummaries(viewer));
});

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
