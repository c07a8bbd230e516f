/**
 * `GET /api/dns`: the server's DNS answers for every ExternalName target of the Services the viewer
 * may see (cached per name), so the browser's diagnosis can flag `external-name-unresolved` on the map.
 */
import { resolveExternalNames } from '@/lib/diagnostics/server';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireScope } from '@/lib/http/cluster';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none' }, async ({ url, params, viewer }) => {
  const { hub, scope } = await requireScope(viewer, requestedCluster({ url, params }));
  return reply.json(await resolveExternalNames(scope, hub));
});

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
