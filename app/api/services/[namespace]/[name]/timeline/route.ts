/**
 * `GET /api/services/<namespace>/<name>/timeline[?since=T][&at=T]`: the Service's change trail
 * kept by the server (its spec, workloads, pods moving in or out of its selector, endpoint
 * changes and related Kubernetes Events, each with who made it when the cluster recorded one;
 * bounded: 24 h / 500 entries), and, with `at`, its endpoints as they were then — or `noData`
 * with the reason for a time before the Service existed, before Switchboard first saw it, or
 * older than the retained history (lib/api/diagnostics.ts `ServiceTimeline`). Times are
 * RFC 3339 instants; anything else is a 400. 404 for a Service the cluster does not have, as for
 * its diagnosis; entries about what the viewer may not list are left out (lib/access/timeline.ts).
 * Right after a start, a durable history is read back first: the answer waits for it rather than
 * answer the empty trail.
 */
import { serviceTimeline } from '@/lib/diagnostics/server';
import { apiRoute, reply } from '@/lib/http/api-route';
import { requestedCluster, requireScope, requireService } from '@/lib/http/cluster';
import { instantParam } from '@/lib/http/params';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ namespace: string; name: string }>(
  { guard: 'none' },
  async ({ params, url, viewer }) => {
    const sinceMs = instantParam(url, 'since');
    const at = instantParam(url, 'at');
    const cluster = requestedCluster({ url, params });
    const { scope } = await requireScope(viewer, cluster);
    const { hub, service } = await requireService(params, scope, cluster);
    return reply.json(
      await serviceTimeline(
        service,
        {
          ...(sinceMs !== undefined ? { sinceMs } : {}),
          ...(at !== undefined ? { at } : {}),
        },
        scope,
        hub,
      ),
    );
  },
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
