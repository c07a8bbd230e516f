/**
 * `GET /readyz`: readiness — 200 once no cluster is still in its first read (each has synced —
 * a kind RBAC forbids counts as settled, degraded — or is known down) and one at least has
 * synced, and the server is not draining; else a 503 problem naming the clusters and kinds still
 * pending, or `shutting-down`. The body lists every cluster's state (lib/ops/health.ts). Starts
 * the hubs if needed. Unguarded: probes come from anywhere.
 */
import { apiRoute, reply } from '@/lib/http/api-route';
import { opsResponse } from '@/lib/ops/endpoints';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none', auth: 'public' }, async () =>
  reply.response(await opsResponse('/readyz')),
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
