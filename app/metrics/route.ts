/**
 * `GET /metrics`: the process's metrics in Prometheus text format (lib/ops/scrape.ts; every
 * metric is described in docs/metrics.md). Same answer as the metrics port's. Unguarded, like
 * the probes: it carries counts and Service names, never object contents or credentials.
 */
import { apiRoute, reply } from '@/lib/http/api-route';
import { opsResponse } from '@/lib/ops/endpoints';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none', auth: 'public' }, async () =>
  reply.response(await opsResponse('/metrics')),
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
