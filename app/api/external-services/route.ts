/**
 * POST /api/external-services — create the previewed selector-less Service and its endpoints.
 * Body: `{ input, hash }` (hash from the preview). 201 with the created objects, or a problem
 * (lib/api/write-results.ts says which).
 * DELETE — delete such a Service and what goes with it, as the delete dialog showed it.
 * Body: `{ namespace, name, versions }` (versions from GET /api/external-services/deletion).
 * 200 `deleted`, or a problem: 409 `conflict` when anything listed changed meanwhile (nothing is
 * deleted), 403 `forbidden`, 422 `invalid` (lib/k8s/write/delete-service.ts).
 * Thin: the wrapper guards, the writes are lib/k8s/write.
 */
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireWriteDeps } from '@/lib/http/cluster';
import { createExternalService, deleteExternalService } from '@/lib/k8s/write';
import { otherMethods } from '@/lib/http/api-methods';

const inputOf = (body: unknown) => (body as { input?: unknown } | null)?.input;

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const POST = apiRoute(
  { guard: 'write', jsonBody: true, audit: { action: 'create', target: inputOf, verb: 'create' } },
  async ({ body, url, params, viewer, writes }) => {
    const value = (body ?? {}) as { input?: unknown; hash?: unknown };
    const result = await createExternalService(
      await requireWriteDeps(viewer, writes, requestedCluster({ url, params })),
      {
        input: value.input,
        hash: value.hash,
      },
    );
    return reply.write(result);
  },
);

const serviceOf = (body: unknown) => {
  const value = (body ?? {}) as { namespace?: unknown; name?: unknown };
  return { namespace: value.namespace, name: value.name };
};

export const DELETE = apiRoute(
  {
    guard: 'write',
    jsonBody: true,
    audit: { action: 'delete', target: serviceOf, verb: 'delete' },
  },
  async ({ body, url, params, viewer, writes }) =>
    reply.write(
      await deleteExternalService(
        await requireWriteDeps(viewer, writes, requestedCluster({ url, params })),
        body,
      ),
    ),
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { GET, PUT, PATCH, OPTIONS } = otherMethods('POST', 'DELETE');
