/**
 * GET /api/external-services/deletion/access?namespace=NS&name=N — whether the viewer may delete
 * Services in NS (lib/api/write-results.ts `AccessReport`), asked before "Delete Service…" is
 * offered: a SelfSubjectAccessReview as the viewer, the same way the Add form's context asks
 * (lib/k8s/write/delete-service.ts `accessForDelete`). The Service is named so that a name no
 * Service can have is a 400, as on every route that names one; what is asked is the namespace.
 */
import type { AccessReport } from '@/lib/api/write-results';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireWriteDeps } from '@/lib/http/cluster';
import { serviceQuery } from '@/lib/http/params';
import { accessForDelete } from '@/lib/k8s/write';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const GET = apiRoute({ guard: 'read' }, async ({ url, params, viewer }) => {
  const { namespace } = serviceQuery(url);
  const deps = await requireWriteDeps(viewer, undefined, requestedCluster({ url, params }));
  const access: AccessReport = await accessForDelete(deps, namespace);
  return reply.json(access);
});

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
