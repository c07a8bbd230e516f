/**
 * POST /api/external-services/endpoints/preview — the edit form's Preview: the same body as the
 * PUT on /api/external-services/endpoints, the same checks and plan, sent to the API server as a
 * dry run (lib/k8s/write/edit-preview.ts). Stores nothing; guarded and audited like a write,
 * since it runs as the viewer (lib/k8s/write/deps.ts).
 */
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireWriteDeps } from '@/lib/http/cluster';
import { previewEditEndpoints } from '@/lib/k8s/write';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const POST = apiRoute(
  {
    guard: 'write',
    jsonBody: true,
    audit: { action: 'preview-edit-endpoints', verb: 'update', dryRun: true },
  },
  async ({ body, url, params, viewer, writes }) =>
    reply.write(
      await previewEditEndpoints(
        await requireWriteDeps(viewer, writes, requestedCluster({ url, params })),
        body,
      ),
    ),
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
