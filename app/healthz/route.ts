/**
 * `GET /healthz`: liveness — 200 while the process runs and its event loop turns, with every
 * cluster's watch state per kind (forbidden kinds named with what the map loses) in the JSON;
 * 503 only when the event loop is stuck (lib/ops/health.ts). Same answer as the metrics port's. Unguarded:
 * probes come from anywhere.
 */
import { apiRoute, reply } from '@/lib/http/api-route';
import { opsResponse } from '@/lib/ops/endpoints';
import { otherMethods } from '@/lib/http/api-methods';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute({ guard: 'none', auth: 'public' }, async () =>
  reply.response(await opsResponse('/healthz')),
);

// Other methods answer 405 as a problem, with Allow (lib/http/api-methods.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
