/**
 * POST /api/external-services — create the previewed selector-less Service and its endpoints.
 * Body: `{ input, hash }` (hash from the preview). 201 with the created objects, or a problem
 * (lib/api/write-results.ts says which). Thin: the wrapper guards, the write is lib/k8s/write.
 */
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireWriteDeps } from '@/lib/http/cluster';
import { createExternalService } from '@/lib/k8s/write';
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

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
