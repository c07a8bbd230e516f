/**
 * POST /api/external-services/preview — validate with cluster facts, check permission and dry-run
 * (dryRun=All) exactly what Create would send. Body: `{ input }`. Side-effect free in the cluster,
 * but guarded and audited like a write: it runs as the viewer (lib/k8s/write/deps.ts).
 */
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireWriteDeps } from '@/lib/http/cluster';
import { previewExternalService } from '@/lib/k8s/write';
import { otherMethods } from '@/lib/http/api-methods';

const inputOf = (body: unknown) => (body as { input?: unknown } | null)?.input;

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const POST = apiRoute(
  {
    guard: 'write',
    jsonBody: true,
    audit: { action: 'preview', target: inputOf, verb: 'create', dryRun: true },
  },
  async ({ body, url, params, viewer, writes }) =>
    reply.write(
      await previewExternalService(
        await requireWriteDeps(viewer, writes, requestedCluster({ url, params })),
        inputOf(body),
      ),
    ),
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
