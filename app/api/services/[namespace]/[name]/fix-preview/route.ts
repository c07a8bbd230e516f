/**
 * `POST /api/services/<namespace>/<name>/fix-preview` with `{ "code": "<reason code>" }`: the
 * API server's dry run of that cause's suggested fix, as a field-level diff of the object it
 * changes (lib/k8s/write/fix-preview.ts). The fix is derived again from the server's current
 * diagnosis — the body only names the cause. Changes nothing; guarded and audited like a write
 * (it runs as the viewer, lib/k8s/write/deps.ts) and refused in read-only mode.
 */
import { diagnoseOne } from '@/lib/diagnostics/server';
import { apiRoute, reply } from '@/lib/http/api-route';
import {
  requestedCluster,
  requireScope,
  requireService,
  requireWriteDeps,
} from '@/lib/http/cluster';
import { previewFix } from '@/lib/k8s/write';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = apiRoute<{ namespace: string; name: string }>(
  {
    guard: 'write',
    jsonBody: true,
    // The path names the Service; the body only which cause's fix.
    audit: {
      action: 'preview-fix',
      target: (_body, params) => params,
      verb: 'patch',
      dryRun: true,
    },
  },
  async ({ params, url, body, viewer, writes }) => {
    const cluster = requestedCluster({ url, params });
    return reply.write(
      await previewFix(
        await requireWriteDeps(viewer, writes, cluster),
        async () => {
          const { scope } = await requireScope(viewer, cluster);
          const { hub, service } = await requireService(params, scope, cluster);
          return diagnoseOne(hub, service, scope);
        },
        body,
      ),
    );
  },
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
