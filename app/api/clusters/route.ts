/**
 * `GET /api/clusters`: every cluster this dashboard watches — connection state, Services by health
 * and the worst problems, of what the viewer may see in each — ordered by trouble
 * (`ClustersAnswer`, lib/api/clusters.ts). One cluster down does not fail the answer: its own
 * summary says so. 503 when no cluster can be configured at all.
 */
import { clusterSummaries } from '@/lib/clusters/server';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requireClusters } from '@/lib/http/cluster';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none' }, async ({ viewer }) => {
  requireClusters();
  return reply.json(await clusterSummaries(viewer));
});
