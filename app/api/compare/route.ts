/**
 * `GET /api/compare?namespace=&name=`: one Service side by side in every cluster — found, type,
 * ports, selector, endpoints ready/total, diagnosis — and which of those differ (`CompareAnswer`,
 * lib/api/clusters.ts), of what the viewer may see in each (where they may not see the
 * namespace's Services, that cluster's column is `hidden`, never "not found" and never a
 * difference). 400 for names no Service can have; 503 when no cluster can be configured.
 */
import { compareService } from '@/lib/clusters/server';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requireClusters } from '@/lib/http/cluster';
import { serviceQuery } from '@/lib/http/params';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none' }, async ({ url, viewer }) => {
  const { namespace, name } = serviceQuery(url);
  requireClusters();
  return reply.json(await compareService(viewer, namespace, name));
});

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
