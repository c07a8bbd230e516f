/**
 * GET /api/external-services/endpoints?namespace=NS&name=N — a selector-less Service's addresses,
 * the resourceVersions the edit form must send back, and whether a save would be accepted; 400
 * for names no Service can have and 404 for a Service that does not exist, as every route that
 * names a Service.
 * PUT — replace its addresses in place, with optimistic concurrency (lib/k8s/write/edit-endpoints).
 */
import type { EndpointsForEdit, WriteFailure } from '@/lib/api/write-results';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireWriteDeps } from '@/lib/http/cluster';
import { failServiceNotFound, serviceQuery } from '@/lib/http/params';
import { editEndpoints, readEndpointsForEdit } from '@/lib/k8s/write';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const GET = apiRoute({ guard: 'read' }, async ({ url, params, viewer }) => {
  const service = serviceQuery(url);
  const result: EndpointsForEdit | WriteFailure | undefined = await readEndpointsForEdit(
    await requireWriteDeps(viewer, undefined, requestedCluster({ url, params })),
    service.namespace,
    service.name,
  );
  if (!result) failServiceNotFound(service);
  return 'status' in result ? reply.write(result) : reply.json(result);
});

export const PUT = apiRoute(
  { guard: 'write', jsonBody: true, audit: { action: 'edit-endpoints', verb: 'update' } },
  async ({ body, url, params, viewer, writes }) =>
    reply.write(
      await editEndpoints(
        await requireWriteDeps(viewer, writes, requestedCluster({ url, params })),
        body,
      ),
    ),
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PATCH, DELETE, OPTIONS } = otherMethods('GET', 'PUT');
