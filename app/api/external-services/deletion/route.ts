/**
 * GET /api/external-services/deletion?namespace=NS&name=N — what deleting a selector-less Service
 * would delete (lib/api/write-results.ts `DeletionPlan`): the Service and each endpoint object
 * labelled with its name, with its fate and why, the kubectl equivalent, the resourceVersions
 * the DELETE must send back, and whether the delete would be accepted (read-only mode, the edit
 * form's decision of which Services are managed here, a SelfSubjectAccessReview as the viewer).
 * 400 for names no Service can have and 404 for a Service that does not exist, as every route
 * that names a Service. The delete itself is DELETE /api/external-services.
 */
import type { DeletionPlan, WriteFailure } from '@/lib/api/write-results';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireWriteDeps } from '@/lib/http/cluster';
import { failServiceNotFound, serviceQuery } from '@/lib/http/params';
import { readDeletion } from '@/lib/k8s/write';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const GET = apiRoute({ guard: 'read' }, async ({ url, params, viewer }) => {
  const service = serviceQuery(url);
  const result: DeletionPlan | WriteFailure | undefined = await readDeletion(
    await requireWriteDeps(viewer, undefined, requestedCluster({ url, params })),
    service.namespace,
    service.name,
  );
  if (!result) failServiceNotFound(service);
  return 'status' in result ? reply.write(result) : reply.json(result);
});

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
