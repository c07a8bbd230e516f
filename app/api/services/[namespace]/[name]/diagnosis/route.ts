/**
 * `GET /api/services/<namespace>/<name>/diagnosis`: why this Service routes (or not), as JSON —
 * health, reason codes, one-line explanations, evidence and kubectl commands
 * (lib/topology/diagnosis/), with the server's DNS check for ExternalName Services. 404 for a
 * Service the cluster does not have (or the viewer may not see: the same answer), 503 while the cluster cannot be read.
 */
import { diagnoseOne } from '@/lib/diagnostics/server';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireScope, requireService } from '@/lib/http/cluster';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ namespace: string; name: string }>(
  { guard: 'none' },
  async ({ params, url, viewer }) => {
    const cluster = requestedCluster({ url, params });
    const { scope } = await requireScope(viewer, cluster);
    const { hub, service } = await requireService(params, scope, cluster);
    return reply.json(await diagnoseOne(hub, service, scope));
  },
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
