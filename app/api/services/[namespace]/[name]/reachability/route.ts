/**
 * `POST /api/services/<namespace>/<name>/reachability`: one TCP connect from the Switchboard
 * server to each external endpoint of the Service, on demand (lib/diagnostics/reachability.ts
 * decides what may be probed); answers `{ results }` (lib/api/diagnostics.ts). A POST guarded
 * like a write because it makes the server send traffic, and charged to the client's probe budget
 * (a 429 `rate-limited` problem once spent). Allowed in read-only mode — it changes nothing in
 * the cluster.
 */
import type { ReachabilityAnswer } from '@/lib/api/diagnostics';
import { probeService } from '@/lib/diagnostics/server';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireScope, requireService } from '@/lib/http/cluster';
import { peerAddress } from '@/lib/http/peer-address';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = apiRoute<{ namespace: string; name: string }>(
  { guard: 'write', jsonBody: true },
  async ({ params, url, request, viewer }) => {
    const cluster = requestedCluster({ url, params });
    const { scope } = await requireScope(viewer, cluster);
    const { hub, service } = await requireService(params, scope, cluster);
    const client = peerAddress(request) ?? 'unknown';
    const answer: ReachabilityAnswer = { results: await probeService(hub, service, client) };
    return reply.json(answer);
  },
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
